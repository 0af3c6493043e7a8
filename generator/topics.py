"""Topics from the taxonomy in the rule pack: keyword hits in the text, or actors named."""
from __future__ import annotations

import re
from functools import lru_cache

from .rules import RuleSet

MIN_KEYWORD_HITS = 2
"""One passing mention does not make a topic; two, or a listed actor, do."""
MAX_TOPICS = 5


@lru_cache(maxsize=256)
def _keyword_pattern(words: tuple[str, ...]) -> re.Pattern:
    alternatives = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


def assign_topics(rules: RuleSet, text: str, actor_names: set[str]) -> list[str]:
    """Topic slugs, strongest first (ties by slug), at most MAX_TOPICS."""
    scored: list[tuple[int, str]] = []
    for topic in rules.data.get("topics", []):
        hits = 0
        if topic.get("keywords"):
            hits = len(_keyword_pattern(tuple(topic["keywords"])).findall(text))
        named = any(entity in actor_names for entity in topic.get("entities", []))
        if hits >= MIN_KEYWORD_HITS or named:
            scored.append((hits + (3 if named else 0), topic["id"]))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [slug for _, slug in scored[:MAX_TOPICS]]


def taxonomy(rules: RuleSet) -> dict[str, dict]:
    """Topic slug -> label and description, for the site."""
    return {t["id"]: {"label": t["label"], "description": t.get("description", "")}
            for t in rules.data.get("topics", [])}
