"""Name handling shared by the actor and attribution components: cleaning and alias keys."""
from __future__ import annotations

import functools
import re
from typing import Iterable

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@functools.lru_cache(maxsize=8192)  # the same mentions are cleaned and folded again and again
def clean_surface(text: str) -> str:
    """A mention as a name: no leading article or possessive, no stray punctuation."""
    text = text.translate(QUOTES).strip(" \t\n,.;:\"'()[]-")
    text = re.sub(r"'s?$", "", text).strip()
    text = re.sub(r"^(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur)\s+", "", text)  # "her Conservative Party"
    return re.sub(r"\s+", " ", text)


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Comparison key: lower case, no dots, hyphens as spaces ("Kim Jong-un" is "Kim Jong Un")."""
    return re.sub(r"[\s-]+", " ", text.replace(".", "").lower()).strip()


def strip_leading(text: str, words: Iterable[str]) -> tuple[str, str]:
    """Split off leading title or honorific words; returns (prefix, rest)."""
    ordered = sorted(set(words), key=len, reverse=True)
    prefix: list[str] = []
    changed = True
    while changed:
        changed = False
        for word in ordered:
            if text.lower().startswith(word.lower() + " ") and len(text) > len(word) + 1:
                prefix.append(text[: len(word)])
                text = text[len(word) + 1:].lstrip()
                changed = True
                break
    return " ".join(prefix), text


def strip_trailing(text: str, words: Iterable[str]) -> str:
    """Without trailing title or honorific words, as written: 'Distinguished lawyer Lord' ->
    'Distinguished lawyer', but 'first lady' stays."""
    ordered = sorted(set(words), key=len, reverse=True)
    stripped = True
    while stripped:
        stripped = False
        for word in ordered:
            if text.endswith(" " + word):
                text, stripped = text[: -len(word) - 1].rstrip(), True
                break
    return text


def singular(word: str) -> str:
    """Crude singular for anonymous-source heads: 'officials' -> 'official'."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
