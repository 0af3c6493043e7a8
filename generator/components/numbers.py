"""Reading numbers as written: "1,000", "1.5 billion", "several thousand", "tens of thousands"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

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
        self.vague = sorted(((w.lower(), v["low"], v["high"]) for v in fig.get("vague", [])
                             for w in v["words"]), key=lambda p: -len(p[0]))
        self.multipliers = {k.lower(): v for k, v in fig.get("multipliers", {}).items()}
        words = {**fig.get("number_words", {}), **fig.get("multiples", {})}
        self.number_words = {k.lower(): v for k, v in words.items()}
        self.currencies = fig.get("currencies", {})
        self.units = sorted(fig.get("units", {}).items(), key=lambda p: -len(p[0]))

    def qualifier_of(self, text: str) -> Optional[str]:
        lower = text.lower()
        for words, qualifier in self.qualifiers:
            if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", lower):
                return qualifier
        return None

    def is_qualifier(self, text: str) -> bool:
        """The whole text is a qualifier phrase: 'at least', 'an estimated' (not 'its estimated')."""
        lower = " ".join(text.lower().split())
        return any(lower == words for words, _ in self.qualifiers)

    def read(self, text: str) -> Optional[Amount]:
        """None when the text holds no number this reader understands."""
        lower = text.lower().replace("\u2013", "-").replace("\u2014", "-")
        unit = self.unit_of(text)
        for words, low, high in self.vague:
            if re.search(rf"\b{re.escape(words)}\b", lower):
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
        for symbol, code in sorted(self.currencies.items(), key=lambda p: -len(p[0])):
            if symbol.isalpha():
                if re.search(rf"\b{re.escape(symbol.lower())}\b", lower):
                    return code
            elif symbol in text:
                return code
        for words, unit in self.units:
            if words.isalpha() or " " in words:
                if re.search(rf"(?<![a-z]){re.escape(words.lower())}(?![a-z])", lower):
                    return unit
            elif words in lower:
                return unit
        return None
