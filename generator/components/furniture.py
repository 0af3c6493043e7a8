"""Which entity mentions are page furniture or fragments of other words, not names in the story.

A news page carries more than its story: bylines, credits, headlines of related stories,
newsletter prompts. And the small model labels pieces of titles and laws as names ("State" in
"Secretary of State Mike Pompeo"). The words that say so live in the rule files.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..rules import RuleSet
from . import state
from .names import clean_surface

SHORT_LINE = 12
"""Tokens in a verbless line that is furniture (byline, caption), not reporting."""
HEADLINE_MIN_WORDS = 5
HEADLINE_CAPITALISED = 0.6
"""Share of capitalised words from which a line with capitalised small words is a headline."""


class Furniture:
    """``furniture(doc, ent)`` is True when the mention is not a name acting in the story."""

    def __init__(self, rules: RuleSet):
        titles = rules.words("titles")
        self.title_phrases = {t.lower() for t in titles if " " in t}
        self.title_phrase_words = {w for phrase in self.title_phrases for w in phrase.split()}
        self.title_starts = {t.split()[0] for t in titles if t[0].isupper()}
        self.not_prefixes = tuple(w.lower() for w in rules.words("not_actor_prefixes"))
        self.not_suffixes = tuple(w.lower() for w in rules.words("not_actor_suffixes"))
        self.credit_phrases = [w.lower() for w in rules.words("credit_phrases")]
        self.heads = {w.lower() for w in rules.section("anonymous_sources").get("heads", [])}

    def __call__(self, doc: Doc, ent: Span) -> bool:
        return (self.is_page_line(state.sentence_at(doc, ent.start)) or self._is_page_mark(doc, ent)
                or self._in_title(doc, ent) or self._is_common_word(doc, ent))

    def is_page_line(self, sent: Span) -> bool:
        """A credit, byline, caption, newsletter prompt or another story's headline. Asked for
        every entity and by the risk and question finders: answered once per sentence."""
        known: dict[int, bool] = state.per_doc(sent.doc, "page_lines", lambda _: {})
        if sent.start not in known:
            known[sent.start] = self._in_credit_line(sent) or self._is_headline(sent)
        return known[sent.start]

    def _in_credit_line(self, sent: Span) -> bool:
        """'Reporting by ...', 'Kristen Chick contributed from Cairo', 'Get the Monitor Stories
        you care about delivered to your inbox': the newsroom, not the story."""
        line = sent.text.lower()
        if any(phrase in line for phrase in self.credit_phrases):
            return True
        # a short line with no verb: a byline, caption or credit ("Tom Vanden Brook, USA TODAY")
        return len(sent) <= SHORT_LINE and not any(t.pos_ in ("VERB", "AUX") for t in sent)

    @staticmethod
    def _is_headline(sent: Span) -> bool:
        """'U.S. Targets Taliban In Airstrike Days After Deal Was Signed': a related story's
        headline, told by its capitalised small words ('In', 'After', 'Was')."""
        words = [t for t in sent if t.is_alpha]
        if len(words) < HEADLINE_MIN_WORDS:
            return False
        capitalised = [t for t in words if t.text[0].isupper()]
        small = [t for t in capitalised[1:] if t.doc.vocab[t.lower_].is_stop and len(t) > 1]
        return len(small) >= 2 and len(capitalised) >= HEADLINE_CAPITALISED * len(words)

    def _is_page_mark(self, doc: Doc, ent: Span) -> bool:
        """A photo credit or dateline ("REUTERS/Kevin Lamarque", "TALLINN (Reuters) -"), a stance
        ("pro-Russia"), an outlet ("Fars News Agency"), or a word of a source's description
        ("a Defense official")."""
        before = doc[ent.start - 1].text if ent.start > 0 else ""
        after = doc[ent.end].text if ent.end < len(doc) else ""
        if "/" in ent.text or before == "/" or after == "/":
            return True
        lower = ent.text.lower()
        if ent.text.islower() or lower.startswith(self.not_prefixes) or lower.endswith(self.not_suffixes):
            return True
        if ent.text.isupper() and len(ent.text) > 4 and ent.start == state.sentence_at(doc, ent.start).start:
            opening = [t.text for t in doc[ent.end: ent.end + 5]]
            if "(" in opening or "\u2014" in opening or "-" in opening:
                return True
        return len(ent) == 1 and after.lower() in self.heads

    def _in_title(self, doc: Doc, ent: Span) -> bool:
        """An office inside a person's title: "Defense" in "Defense Secretary Mark Esper", "State"
        in "Secretary of State Mike Pompeo". (A title alone is dropped by the actor finder, which
        sees every name once its title is split off.)"""
        after = doc[ent.end].text if ent.end < len(doc) else ""
        if after in self.title_starts and any(t.ent_type_ == "PERSON" for t in doc[ent.end + 1: ent.end + 4]):
            return True
        near = list(doc[max(0, ent.start - 3): ent.start]) + list(doc[ent.end: ent.end + 3])
        if not any(t.lower_ in self.title_phrase_words for t in near):
            return False  # no title word around it: no window can spell a title
        for start in range(max(0, ent.start - 3), ent.start + 1):
            for end in range(ent.end, min(len(doc), ent.end + 3) + 1):
                if doc[start:end].text.lower() in self.title_phrases and (start, end) != (ent.start, ent.end):
                    return True
        return False

    @staticmethod
    def _is_common_word(doc: Doc, ent: Span) -> bool:
        """One capitalised word that the same text also uses in lower case ("the Kingdom" and
        "the kingdom", "our Country"): a common noun, not a name."""
        words = clean_surface(ent.text).strip(" &").split()
        if len(words) != 1 or not words[0].istitle():
            return False
        return words[0].lower() in state.per_doc(doc, "lower_case_words", _lower_case_words)


def _lower_case_words(doc: Doc) -> set[str]:
    """Every word the text writes in lower case."""
    return {t.text for t in doc if t.is_lower}
