"""Unnamed sources: 'official figures show', 'reports say', 'according to federal estimates'.

A figure whose sentence rests on such a source is not the reporter's own, yet no actor claims
it. The brief names the source as written (``Figure.source``) instead of leaving it blank, so a
reader can tell "official figures suggest 250,000" from a figure stated as fact.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from . import state

PHRASE_DEPS = ("amod", "compound", "nmod")
"""Dependents kept in a source's phrase ('official figures', 'Government figures', 'federal
estimates'); the rest, such as 'the', are left out."""


class UnnamedSourceFinder:
    """Finds the report, data or press a sentence rests on when it names no owner for it."""

    def __init__(self, rules: RuleSet):
        self.report_nouns = {w.lower() for w in rules.words("attribution", "report_nouns")}
        self.saying_verbs = {w.lower() for w in rules.words("attribution", "verbs")} \
            | {w.lower() for w in rules.words("attribution", "finding_verbs")}

    def source_of(self, doc: Doc, sent: Span) -> Optional[str]:
        """The unowned report the sentence cites, as written, or None."""
        for token in sent:
            if self._is_cited_report(token) and not self._has_owner(doc, token):
                return _phrase(token)
        return None

    def _is_cited_report(self, noun: Token) -> bool:
        """'Official figures showed ...', 'Reports say ...', '..., according to reports'; not a
        report in a clause of its own ('as some reports have indicated')."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.report_nouns:
            return False
        if noun.dep_ == "nsubj":
            return noun.head.dep_ == "ROOT" and noun.head.lemma_.lower() in self.saying_verbs
        return noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.i > 0 \
            and noun.doc[noun.head.i - 1].lower_ == "according"

    @staticmethod
    def _has_owner(doc: Doc, noun: Token) -> bool:
        """'the IMF's report', 'a survey by PwC': an actor in the phrase owns it, and attribution
        already gives the figure to that actor when it is the claimant."""
        actor_at = state.get(doc, "actor_at")
        return any(t.i in actor_at or t.pos_ == "PRON" for t in noun.subtree)


def _phrase(noun: Token) -> str:
    """The noun with the words that say which report it is: 'official figures', 'reports'."""
    words = [c for c in noun.lefts if c.dep_ in PHRASE_DEPS]
    start = min([noun.i] + [w.left_edge.i for w in words])
    return noun.doc[start: noun.i + 1].text
