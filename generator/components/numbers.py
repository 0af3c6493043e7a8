"""Reading numbers as written: "1,000", "1.5 billion", "several thousand", "tens of thousands"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from ..rules import RuleSet

NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")


@dataclass
class Amount:
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    unit: Optional[str]


class NumberReader:
    """Turns a figure's words into value, bounds, qualifier and unit, using the figures rules."""

    def __init__(self, rules: RuleSet):
        fig = rules.section("figures")
        self.qualifiers = sorted(((w.lower(), q["qualifier"]) for q in fig.get("qualifiers", [])
                                  for w in q["words"]), key=lambda p: -len(p[0]))
        # Compiled once: these run for every figure, longest phrase first.
        self.qualifier_patterns = [(re.compile(rf"(?<![\w-]){re.escape(words)}(?![\w-])"), qualifier)
                                   for words, qualifier in self.qualifiers]
        self.vague = sorted(((re.compile(rf"\b{re.escape(w.lower())}\b"), v["low"], v["high"])
                             for v in fig.get("vague", []) for w in v["words"]), key=lambda p: -len(p[0].pattern))
        self.multipliers = {k.lower(): v for k, v in fig.get("multipliers", {}).items()}
        words = {**fig.get("number_words", {}), **fig.get("multiples", {})}
        self.number_words = {k.lower(): v for k, v in words.items()}
        self.currencies = fig.get("currencies", {})
        self.units = sorted(fig.get("units", {}).items(), key=lambda p: -len(p[0]))
        self.unit_tests = _unit_tests(self.currencies, self.units)

    def qualifier_of(self, text: str) -> Optional[str]:
        lower = text.lower()
        return next((qualifier for pattern, qualifier in self.qualifier_patterns if pattern.search(lower)), None)

    def is_qualifier(self, text: str) -> bool:
        """The whole text is a qualifier phrase: 'at least', 'an estimated' (not 'its estimated')."""
        lower = " ".join(text.lower().split())
        return any(lower == words for words, _ in self.qualifiers)

    def read(self, text: str) -> Optional[Amount]:
        """None when the text holds no number this reader understands."""
        lower = text.lower().replace("\u2013", "-").replace("\u2014", "-")
        unit = self.unit_of(text)
        for pattern, low, high in self.vague:
            if pattern.search(lower):
                return Amount(None, float(low), float(high), "vague", unit)
        values = self._values(lower)
        if not values:
            return None
        qualifier = self.qualifier_of(lower) or "exact"
        if len(values) >= 2 and re.search(r"\d[a-z%]*(?:\s+[a-z]+)?\s*(?:-|to|and|or)\s*\$?\d|between", lower):
            return Amount(None, min(values[:2]), max(values[:2]), "range", unit)
        return Amount(values[0], None, None, qualifier, unit)

    def _values(self, lower: str) -> list[float]:
        values: list[float] = []
        tokens = re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?|[a-z]+", lower)
        for i, token in enumerate(tokens):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token[0].isdigit():
                number = float(token.replace(",", ""))
            elif token in ("a", "an") and nxt in self.multipliers and nxt.isalpha() and len(nxt) > 2:
                number = 1.0  # "almost a million", "about a hundred"
            elif token in self.number_words:
                number = float(self.number_words[token])
            else:
                continue
            if nxt in ("a", "an") and i + 2 < len(tokens):
                nxt = tokens[i + 2]  # "half a million"
            if nxt in self.multipliers:
                number *= self.multipliers[nxt]
            values.append(number)
        return values

    def unit_of(self, text: str) -> Optional[str]:
        lower = text.lower()
        for test, unit in self.unit_tests:
            if test(text, lower):
                return unit
        return None


def _unit_tests(currencies: dict, units: list[tuple[str, str]]) -> list[tuple[Callable[[str, str], bool], str]]:
    """(test of the text and its lower case, unit) in the order they are tried: currencies first,
    longest symbol first; a word must stand alone ('euro', not 'european'), a sign anywhere."""
    tests: list[tuple[Callable[[str, str], bool], str]] = []
    for symbol, code in sorted(currencies.items(), key=lambda p: -len(p[0])):
        if symbol.isalpha():
            word = re.compile(rf"\b{re.escape(symbol.lower())}\b")
            tests.append((lambda text, lower, word=word: word.search(lower) is not None, code))
        else:
            tests.append((lambda text, lower, symbol=symbol: symbol in text, code))
    for words, unit in units:
        if words.isalpha() or " " in words:
            word = re.compile(rf"(?<![a-z]){re.escape(words.lower())}(?![a-z])")
            tests.append((lambda text, lower, word=word: word.search(lower) is not None, unit))
        else:
            tests.append((lambda text, lower, words=words: words in lower, unit))
    return tests
