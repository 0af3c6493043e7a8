"""briefing_figures: claimed numbers with qualifier, unit, what they count and who claims them."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from . import state
from .attribution import speaker_for
from .numbers import NumberReader
from .state import ItemRecord

NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
YEAR_RANGE = range(1800, 2101)


class FigureFinder:
    """Finds figures among number entities, skipping dates, source counts and names."""

    def __init__(self, rules: RuleSet):
        self.reader = NumberReader(rules)
        fig = rules.section("figures")
        self.not_counted = {w.lower() for w in fig.get("not_counted", [])}
        self.skip_labels = set(fig.get("skip_labels", []))

    def __call__(self, doc: Doc) -> Doc:
        figures = state.get(doc, "figures")
        spans = self._merge_conversions(doc, [e for e in doc.ents if e.label_ in NUMBER_LABELS])
        for span in spans:
            record = self._figure(doc, span)
            if record is not None:
                figures.append(record)
        return doc

    def _merge_conversions(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """'1,000 square kilometers (386 square miles)' is one figure with its conversion."""
        merged: list[Span] = []
        for ent in ents:
            prev = merged[-1] if merged else None
            if (prev is not None and ent.start - prev.end == 1 and doc[prev.end].text == "("
                    and ent.end < len(doc) and doc[ent.end].text == ")"):
                merged[-1] = doc[prev.start: ent.end + 1]
            else:
                merged.append(ent)
        return merged

    def _figure(self, doc: Doc, span: Span) -> Optional[ItemRecord]:
        if self._is_not_a_figure(doc, span):
            return None
        full = self._with_counted_noun(doc, span)
        amount = self.reader.read(full.text)
        if amount is None:
            return None
        counted = self._counted(doc, span)
        details = {"value": amount.value, "low": amount.low, "high": amount.high,
                   "qualifier": amount.qualifier, "unit": amount.unit, "counts": counted}
        return ItemRecord(text=full.text.strip(" ,;()"), sent_start=span.sent.start,
                          speaker=speaker_for(doc, span.root), details=details)

    def _is_not_a_figure(self, doc: Doc, span: Span) -> bool:
        root = span.root
        text = span.text.strip()
        if any(doc[i].i in state.get(doc, "actor_at") for i in range(span.start, span.end)):
            return True  # a count of sources ("two senior US officials") or part of a name
        if root.head.lower_ in self.not_counted or root.lower_ in self.not_counted:
            return True
        if text.isdigit() and int(text) in YEAR_RANGE and span.label_ == "CARDINAL":
            return True
        if text.lower() in ("one", "a", "an") or (span.end < len(doc) and doc[span.end].lower_ == "of"
                                                   and text.lower() in ("one", "two", "three", "some")):
            return True
        return False

    def _with_counted_noun(self, doc: Doc, span: Span) -> Span:
        """Extend '1,000' to '1,000 troops' and 'at least 1,000' from the words before it."""
        start, end = span.start, span.end
        if start > 0 and self.reader.qualifier_of(doc[max(0, start - 3): start].text + " 1"):
            for back in (3, 2, 1):
                if start - back >= 0 and self.reader.qualifier_of(doc[start - back: start].text):
                    start -= back
                    break
        head = span.root.head
        if span.root.dep_ in ("nummod", "quantmod", "compound") and head.i >= end and head.i - end <= 3:
            if head.pos_ in ("NOUN", "PROPN") and head.lower_ not in self.not_counted:
                end = head.i + 1
        return doc[start:end]

    @staticmethod
    def _counted(doc: Doc, span: Span) -> Optional[str]:
        """What the number counts: the noun it modifies, or the object of 'of'."""
        root = span.root
        if root.dep_ in ("nummod", "quantmod", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(root.head, exclude=span)
        for child in root.rights:
            if child.lower_ == "of":
                obj = next((t for t in child.children if t.dep_ == "pobj"), None)
                if obj is not None:
                    return _noun_phrase(obj, exclude=span)
        if root.pos_ in ("NOUN", "PROPN") and root.lower_ not in ("percent",):
            return root.lemma_.lower() if root.tag_ == "NNS" else root.lower_
        return None


def _noun_phrase(noun: Token, exclude: Span) -> str:
    """A short description: compounds and adjectives before the noun, not the number."""
    words = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and not (exclude.start <= t.i < exclude.end)]
    return " ".join([t.lower_ for t in words] + [noun.lower_])
