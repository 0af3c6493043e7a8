"""briefing_figures: claimed numbers with qualifier, unit, what they count and who claims them."""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from . import state
from .attribution import speaker_for
from .numbers import NumberReader
from .sources import UnnamedSourceFinder
from .state import ItemRecord

NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
YEAR_RANGE = range(1800, 2101)
WHEN_OR_WHERE_WORDS = {"in", "from", "for"}
WHEN_OR_WHERE_LABELS = {"DATE", "GPE"}
MAX_WHEN_OR_WHERE = 3
MAX_OWN_PHRASE = 6
"""Words of the phrase a count standing for a noun takes: '23 from the Front Altair'."""
CODE = re.compile(r"[A-Za-z]+-?\d")
"""A name or code with a number in it: 'P5', 'G20', 'Su-24'; not '10bn', whose letters are its unit."""
SLASH_DATE = re.compile(r"\d{1,2}/\d{1,2}")
"""'the 9/11 attack': a date."""
ORDINAL_ENDING = re.compile(r"\d\s*(?:st|nd|rd|th)\b", re.I)
"""'2nd', '21st': what an ordinal in digits looks like ('25bn', which the model can take for one, is not)."""
MAX_MODIFIERS = 5
"""Words allowed between a number and the noun it counts: '16 short-range ballistic missiles'."""
LEFT_MODIFIERS = ("amod",)
"""Words before a number that say what kind of thing it counts: 'the annual 7% target'."""


class FigureFinder:
    """Finds figures among number entities, skipping dates, source counts and names."""

    def __init__(self, rules: RuleSet):
        self.reader = NumberReader(rules)
        self.sources = UnnamedSourceFinder(rules)
        fig = rules.section("figures")
        self.not_counted = {w.lower() for w in fig.get("not_counted", [])}
        self.source_nouns = {w.lower() for w in fig.get("source_nouns", [])}
        self.speech_verbs = {w.lower() for w in rules.words("attribution", "verbs")}
        self.speech_phrases = {w.lower() for w in rules.words("attribution", "phrases")}
        self.skip_labels = set(fig.get("skip_labels", []))
        self.duration_units = {w.lower() for w in fig.get("duration_units", [])}
        self.not_durations = {w.lower() for w in fig.get("not_durations", [])}
        self.duration_tails = {w.lower() for w in fig.get("duration_tails", [])}
        self.duration_openers = {w.lower() for w in fig.get("duration_openers", [])}
        self.toll_verbs = {w.lower() for w in fig.get("toll_verbs", [])}
        self.change_words = {w.lower() for w in fig.get("change_words", [])}
        ranges = fig.get("ranges", {})
        self.range_connectors = {w.lower() for w in ranges.get("connectors", [])}
        self.range_openers = {w.lower() for w in ranges.get("openers", [])}
        self.change_markers = {w.lower() for w in ranges.get("change_markers", [])}
        self.change_ends = {w.lower() for w in ranges.get("change_ends", [])}
        self.anaphoric = {w.lower() for w in fig.get("anaphoric_determiners", [])}
        self.rank_markers = {w.lower() for w in fig.get("rank_markers", [])}
        self.symbols = {k for k in fig.get("currencies", {}) if not k.isalpha()}
        self.currency_words = {k.lower() for k in fig.get("currencies", {}) if k.isalpha()}
        self.name_labels = set(rules.section("entity_kinds"))
        self.age_markers = {w.lower() for w in fig.get("age_markers", [])}
        self.multiples = {w.lower() for w in fig.get("multiples", {})}
        self.vague_alone = sorted((w.lower().split() for w in fig.get("vague_alone", [])), key=len, reverse=True)
        self.vague_first_words = {w[0] for w in self.vague_alone}

    def __call__(self, doc: Doc) -> Doc:
        figures = state.get(doc, "figures")
        ents = [e for e in doc.ents if e.label_ in NUMBER_LABELS or _misread_ordinal(e) or _misread_date(e)
                or self._is_duration(doc, e)]
        numbers = sorted(ents + _unlabelled_numbers(doc, self.symbols), key=lambda sp: sp.start)
        numbers = [self._with_attached_multiplier(doc, sp) for sp in numbers]
        found = self._vague_amounts(doc) + self._multiples(doc)
        spans = sorted(self._merge_ranges(doc, numbers) + found, key=lambda sp: sp.start)
        spans = self._merge_conversions(doc, spans)
        seen: set[tuple] = set()
        for span in spans:
            record = self._figure(doc, span)
            if record is None:
                continue
            key = (record.details["value"], record.details["low"], record.details["high"],
                   span.root.head.lemma_.lower() if span.root.head.i >= span.end else None)
            if key in seen and span.start > 0 and doc[span.start - 1].lower_ in self.anaphoric:
                continue  # "the 17 senior officials" again, after "17 senior government officials"
            seen.add(key)
            figures.append(record)
        return doc

    def _vague_amounts(self, doc: Doc) -> list[Span]:
        """'several wars', 'a few hundred', 'injuring scores more': vague amounts the model tags
        as no number, before a plural noun or standing for one. Inside any entity they are left
        to it ('the past several days' is a date)."""
        found: list[Span] = []
        i = 0
        while i < len(doc):
            words = None
            if doc[i].lower_ in self.vague_first_words:  # most tokens start no vague amount
                words = next((w for w in self.vague_alone
                              if [t.lower_ for t in doc[i: i + len(w)]] == w), None)
            if words is None or any(t.ent_type_ for t in doc[i: i + len(words)]):
                i += 1
                continue
            last = doc[i + len(words) - 1]
            head = last.head
            if (last.dep_ in ("amod", "nummod", "det", "quantmod") and head.tag_ in ("NNS", "NNPS")
                    and 0 < head.i - last.i <= MAX_MODIFIERS and not head.ent_type_):
                found.append(doc[i: head.i + 1])  # "several Ukrainian soldiers"
            elif (last.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and not last.tag_.startswith("VB")
                    and not any(c.dep_ in ("det", "amod", "compound", "poss") for c in last.lefts)):
                end = last.i + 1
                if end < len(doc) and doc[end].lower_ == "more":
                    end += 1  # "scores more"
                obj = next((t for c in last.rights if c.lower_ == "of" for t in c.children if t.dep_ == "pobj"), None)
                if obj is not None and obj.i - end <= MAX_MODIFIERS:
                    end = obj.i + 1  # "several of these targetings"
                found.append(doc[i: end])  # "several were treated", "killed dozens"
            i += len(words)
        return found

    def _multiples(self, doc: Doc) -> list[Span]:
        """'incurred into Turkish airspace twice', 'nearly twice the size', 'increased production
        fourfold': a multiple is a figure the model tags as no number; 'the size' it multiplies
        comes with it."""
        found: list[Span] = []
        for token in doc:
            if token.lower_ not in self.multiples or token.ent_type_:
                continue
            end = token.i + 1
            if end + 1 < len(doc) and doc[end].lower_ == "the" and doc[end + 1].pos_ == "NOUN":
                end += 2  # "twice the number"
            found.append(Span(doc, token.i, end, label="CARDINAL"))
        return found

    def _is_duration(self, doc: Doc, ent: Span) -> bool:
        """'11 days', 'a 12-hour truce', 'three-week': a length of time is a figure; a date is not."""
        first = next((t for t in ent if t.like_num), None)
        if first is None or first.lower_ in ("one", "a", "an"):
            return False
        prefix = doc[ent.start: first.i].text
        if prefix and not (self.reader.qualifier_of(prefix) or prefix.lower() in self.duration_openers):
            return False  # "almost 12-hour", "only four hours" are lengths, "the past two weeks" is not
        words = [t.lower_ for t in doc[first.i: ent.end] if t.text != "-"]
        while len(words) > 2 and words[-1] in self.duration_tails:
            words.pop()  # "could come 90 days later": a length of time after an event
        if len(words) == 4 and words[1] in self.range_connectors and doc[first.i + 2].like_num:
            words = [words[0], words[3]]  # "10 to 12 hours"
        if len(words) != 2 or words[1] not in self.duration_units or doc[ent.end - 1].text.istitle():
            return False  # '"60 Minutes"' is a name
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        return after not in self.not_durations and before not in self.not_durations

    def _merge_ranges(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """'13 million to 14 million tons', 'between 18 and 25' are one range; 'from 25% to 30%'
        is a change between two figures."""
        merged: list[Span] = []
        for ent in ents:
            prev = merged[-1] if merged else None
            if prev is not None and ent.start - prev.end == 1 and self._joins_range(doc, prev, doc[prev.end]):
                merged[-1] = doc[prev.start: ent.end]
            else:
                merged.append(ent)
        return merged

    def _with_attached_multiplier(self, doc: Doc, span: Span) -> Span:
        """'£28.7m': the tokenizer splits a unit-like 'm' off the number and the model leaves it
        out of the amount, which then reads as £28.70."""
        last = doc[span.end - 1]
        if (span.end < len(doc) and last.like_num and not last.whitespace_
                and doc[span.end].lower_ in self.reader.multipliers):
            return Span(doc, span.start, span.end + 1, label=span.label_)
        return span

    def _joins_range(self, doc: Doc, first: Span, word) -> bool:
        before = doc[first.start - 1].lower_ if first.start > 0 else ""
        if word.lower_ in self.range_connectors:
            return before not in self.change_markers and self._same_kind(first, doc, word.i + 1)
        return word.lower_ == "and" and before in self.range_openers

    def _same_kind(self, first: Span, doc: Doc, start: int) -> bool:
        """'fell 36% to 2.9bn euros' is a change and the level it reached, not a range: the two
        ends of a range are both percentages or both not."""
        second = doc[start: start + 2].text
        return ("%" in first.text or "per cent" in first.text) == ("%" in second or "per cent" in second)

    def _merge_conversions(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """'1,000 square kilometers (386 square miles)', '$200m (£104m; 151m euros)': one figure
        with its conversions."""
        merged: list[Span] = []
        for ent in ents:
            prev = merged[-1] if merged else None
            close = _conversion_end(doc, prev, ent) if prev is not None and ent.start >= prev.end else None
            if close is not None:
                merged[-1] = doc[prev.start: close + 1]
            elif prev is None or not (prev.end > ent.start and doc[prev.end - 1].text == ")"):
                merged.append(ent)  # not a further amount inside a conversion's brackets
        return merged

    def _figure(self, doc: Doc, span: Span) -> Optional[ItemRecord]:
        span = self._number_first(doc, span)
        if self._is_not_a_figure(doc, span):
            return None
        full = self._with_counted_noun(doc, span)
        amount = self.reader.read(full.text)
        if amount is None:
            return None
        counted = self._counted(doc, span)
        details = {"value": amount.value, "low": amount.low, "high": amount.high,
                   "qualifier": amount.qualifier, "unit": amount.unit, "counts": counted,
                   "figure": _balanced(full.text)}
        start = full.start - 1 if self._opens_a_change(doc, full) else self._with_what_it_measures(doc, full.start)
        text = doc[start: full.end].text
        sent = state.sentence_at(doc, span.start)
        speaker = speaker_for(doc, span.root)
        if speaker is None:
            details["source"] = self.sources.source_of(doc, sent)
        return ItemRecord(text=_balanced(text), sent_start=sent.start, speaker=speaker, details=details)

    def _number_first(self, doc: Doc, span: Span) -> Span:
        """'an estimated 1.5' hangs its 'an' on 'points', which then roots the span and hides
        what it counts: start the span at the number; its text takes the qualifier back."""
        first = next((t for t in span if t.like_num), None)
        if first is None or first.i == span.start or span.root.i >= first.i:
            return span
        if not self.reader.is_qualifier(doc[span.start: first.i].text):
            return span
        return Span(doc, first.i, span.end, label=span.label_)

    def _is_not_a_figure(self, doc: Doc, span: Span) -> bool:
        root = span.root
        text = span.text.strip()
        actor_at = state.get(doc, "actor_at")
        noun = root.head if root.dep_ in ("nummod", "quantmod", "compound") and root.head.i >= span.end else root
        if any(i in actor_at for i in range(span.start, span.end)) and (noun.i in actor_at or noun in span):
            return True  # a count of sources ("two senior US officials") or part of a name
        if root.head.lower_ in self.not_counted or root.lower_ in self.not_counted:
            return True
        if self._is_source_noun(doc, noun) and self._speaks(doc, noun):
            return True  # "two diplomats said", "according to two officials": a count of sources
        if text.isdecimal() and int(text) in YEAR_RANGE and span.label_ == "CARDINAL":
            return True
        if ":" in text:
            return True  # a clock time, "04:47"
        if span.start > 0 and doc[span.start - 1].lower_ == "per":
            return True  # the base of a rate, "$160 per 1,000 cubic metres", "5 per 100,000 people"
        if text.lower() in ("one", "a", "an") or (span.end < len(doc) and doc[span.end].lower_ == "of"
                                                   and text.lower() in ("one", "two", "three", "some")):
            return not self._counts_toll(span)
        return self._is_reference(doc, span) or self._is_in_name(doc, span) or self._is_age(doc, span)

    def _is_age(self, doc: Doc, span: Span) -> bool:
        """'her children, ages 6, 4 and 3 months': a list of numbers after 'ages' gives ages."""
        at = span.start - 1
        while at >= 0 and (doc[at].like_num or doc[at].lower_ in (",", "and")):
            at -= 1
        return at >= 0 and doc[at].lower_ in self.age_markers

    def _counts_toll(self, span: Span) -> bool:
        """'One U.S. service member was killed', 'one of their men was killed': a count of one
        (or 'two of') is a figure when what it counts is killed, wounded or taken."""
        if not span[0].like_num:
            return False
        noun = span.root.head if span.root.dep_ == "nummod" else span.root
        while noun.dep_ == "conj":
            noun = noun.head
        verb = noun.head
        if verb.lemma_.lower() not in self.toll_verbs:
            return False
        if noun.dep_ == "nsubj":  # "one soldier died", not the killer in "one attack killed five"
            return not any(c.dep_ == "dobj" for c in verb.children)
        return noun.dep_ in ("nsubjpass", "dobj")

    def _is_source_noun(self, doc: Doc, noun: Token) -> bool:
        nxt = doc[noun.i + 1].lower_ if noun.i + 1 < len(doc) else ""
        return noun.lower_ in self.source_nouns or f"{noun.lower_} {nxt}" in self.source_nouns

    def _speaks(self, doc: Doc, noun: Token) -> bool:
        """The noun is a speaker: subject of a speech verb ("two diplomats said", "were quoted as
        saying"), after "according to" or "citing", or told of in a clause ("who spoke ...")."""
        while noun.dep_ in ("conj", "appos") and noun.head is not noun:
            noun = noun.head  # "two officials and a diplomat said"
        verb = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and (
                verb.lemma_.lower() in self.speech_verbs
                or any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in self.speech_verbs for c in verb.children)):
            return True
        if noun.dep_ == "pobj" and verb.lower_ == "by" and verb.head.lemma_.lower() in self.speech_verbs:
            return True  # "was told by two officials"
        left = noun.left_edge.i
        before = " ".join(t.lower_ for t in doc[max(0, left - 2): left])
        if any(before == p or before.endswith(" " + p) for p in self.speech_phrases):
            return True
        return any(c.dep_ == "relcl" and c.lemma_.lower() in self.speech_verbs | {"speak"} for c in noun.children)

    def _is_reference(self, doc: Doc, span: Span) -> bool:
        """'the two sides', 'No. 2 leader': the number points at something, it claims no amount."""
        before = doc[max(0, span.start - 2): span.start]
        counted = span.root.head
        counts_plural = 0 <= counted.i - span.end <= MAX_MODIFIERS and counted.tag_ in ("NNS", "NNPS")
        stands_alone = span.root.dep_ not in ("nummod", "quantmod", "compound")
        if self.reader.qualifier_of(span.text):
            return False  # "the at least 21 people who were killed": a qualified amount is a claim
        if before and before[-1].lower_ in self.anaphoric and span[0].is_alpha and (counts_plural or stands_alone):
            return True  # "the two sides", not "the three-week war"
        return "".join(t.lower_ for t in before) in self.rank_markers or (
            len(before) and before[-1].lower_ in self.rank_markers)

    def _is_in_name(self, doc: Doc, span: Span) -> bool:
        """'38 North', 'Group of 20': the number is part of a name."""
        if span.label_ in ("MONEY", "PERCENT", "QUANTITY") or (span.start > 0 and doc[span.start - 1].text in self.symbols):
            return False  # "$80 angered President Trump": an amount of money is never a name
        head = _counted_head(span)
        if span.root.dep_ in ("nummod", "compound") and head.i >= span.end and (
                head.ent_type_ in self.name_labels or _is_title_word(head, span.end)):
            return True  # "38 North", "a Washington project", '"60 Minutes"'
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and (before.text.endswith("+") or (before.lower_ == "of" and (
                before.ent_type_ in self.name_labels or _is_title_word(before.head, before.i - 1)))):
            return True  # "the P5+1 countries", "the Group of 20 nations"
        return any(CODE.match(t.text) for t in span) or bool(SLASH_DATE.fullmatch(span.text.strip())) \
            or _capitalized_inside(span)

    def _names_no_amount(self, span: Span, head: Token) -> bool:
        """'$80 angered President Trump': money or a share counts no person or place."""
        return span.label_ in ("MONEY", "PERCENT") and head.ent_type_ in self.name_labels

    def _with_counted_noun(self, doc: Doc, span: Span) -> Span:
        """Extend '1,000' to '1,000 troops', '$30' from its symbol, 'thousands' to 'thousands of
        lives', and 'at least 1,000' from the words before it."""
        start, end = span.start, span.end
        if start > 0 and doc[start - 1].text in self.symbols:
            start -= 1
        for back in (3, 2, 1):
            if start - back >= 0 and self.reader.is_qualifier(doc[start - back: start].text):
                start -= back
                break
        if end < len(doc) and doc[end].lower_ in self.currency_words:
            # "a 70m euro top-up", "about 40m euros": the currency named after the amount is its unit
            return doc[start:_with_rate(doc, end + 1)]
        head = _counted_head(span)
        if span.root.dep_ in ("nummod", "quantmod", "compound", "predet") and head.i >= end and head.i - end <= MAX_MODIFIERS:
            if head.pos_ in ("NOUN", "PROPN") and head.lower_ not in self.not_counted and not self._names_no_amount(span, head):
                end = head.i + 1
                if doc[span.end].text == "-" and head.dep_ in ("compound", "amod") and 0 < head.head.i - head.i <= 3:
                    end = head.head.i + 1  # "six-party talks": the hyphened word describes the noun after it
                while start > 0 and doc[start - 1].head == head and doc[start - 1].dep_ in LEFT_MODIFIERS:
                    start -= 1  # "the annual 7% target", "a median 6.8% gain": what kind of target
        elif (span.root.pos_ == "NOUN" or span.root.like_num) and end < len(doc) and doc[end].lower_ == "of":
            obj = next((t for t in doc[end].children if t.dep_ == "pobj"), None)
            if obj is not None and obj.i - end <= MAX_MODIFIERS:
                end = obj.i + 1  # "thousands of lives"
        elif end < len(doc) and doc[end].head == span.root and doc[end].pos_ == "NOUN":
            end += 1  # "10 times as fast": the noun the parser hung on the number
        if end == span.end:
            end = self._with_toll(doc, self._with_when_or_where(doc, end))
        if end == span.end and _stands_for_a_noun(span):
            start, end = _with_own_phrase(span, start)
        return doc[start:_with_rate(doc, end)]

    def _with_toll(self, doc: Doc, end: int) -> int:
        """'the toll to 68 killed', 'hundreds were killed', 'scores dead': a bare count takes the
        word that says what it counts."""
        at = end
        while at < len(doc) and at - end < 2 and doc[at].dep_ in ("aux", "auxpass"):
            at += 1
        if at < len(doc) and doc[at].tag_ in ("VBN", "JJ") and doc[at].lemma_.lower() in self.toll_verbs:
            return at + 1
        return end

    def _with_what_it_measures(self, doc: Doc, start: int) -> int:
        """Where the figure's text starts: back over 'fell', 'rose by' or 'the growth rate of'
        before it, which say what the number measures ('6.8%' alone says nothing)."""
        at = start - 1
        if at > 0 and doc[at].lower_ in ("by", "to", "of"):
            at -= 1
        if at < 0 or doc[at].is_punct:
            return start
        word = doc[at]
        if word.lemma_.lower() in self.change_words:
            return at
        if self._ends_a_change(doc[start - 1]):
            return start - 1
        if at < start - 1 and doc[at + 1].lower_ == "of" and word.pos_ == "NOUN" and doc[at + 1].head.i == at:
            return min([t.i for t in word.lefts if t.dep_ in ("compound", "amod")] + [at])  # "growth rate of"
        return start

    def _ends_a_change(self, word: Token) -> bool:
        """'raising tariffs on $200 billion to 25%', 'had fallen from $69 at the start of the year':
        the figure is where a change starts or ends, which its text says."""
        return word.lower_ in self.change_ends and word.head.lemma_.lower() in self.change_words

    def _opens_a_change(self, doc: Doc, full: Span) -> bool:
        """'an increase from 10% to 25%' the model tags as one amount: 'from' says it is a change."""
        return (full.start > 0 and doc[full.start - 1].lower_ in self.change_markers
                and any(t.lower_ in self.range_connectors for t in full))

    @staticmethod
    def _with_when_or_where(doc: Doc, end: int) -> int:
        """A bare rate or amount takes the year or place it is for: '3.1% in 2015', '6.8% this
        year', '16% from Japan'. Alone, '3.1%' says nothing."""
        at = end + 1 if end < len(doc) and doc[end].lower_ in WHEN_OR_WHERE_WORDS else end
        if at >= len(doc) or doc[at].ent_iob_ != "B" or doc[at].ent_type_ not in WHEN_OR_WHERE_LABELS:
            return end
        ent = next(e for e in doc.ents if e.start == at)
        return ent.end if len(ent) <= MAX_WHEN_OR_WHERE and (at > end or ent.label_ == "DATE") else end

    def _counted(self, doc: Doc, span: Span) -> Optional[str]:
        """What the number counts: the noun it modifies, or the object of 'of'."""
        root = span.root
        if root.dep_ in ("nummod", "quantmod", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
            return None if self._names_no_amount(span, root.head) else _noun_phrase(root.head, exclude=span)
        for child in root.rights:
            if child.lower_ == "of":
                obj = next((t for t in child.children if t.dep_ == "pobj"), None)
                if obj is not None:
                    return _noun_phrase(obj, exclude=span)
        if root.pos_ in ("NOUN", "PROPN") and root.is_alpha and self.reader.unit_of(root.text) is None:
            return root.lemma_.lower() if root.tag_ == "NNS" else root.lower_
        return None


def _misread_ordinal(ent: Span) -> bool:
    """'worth 25bn euros' taken for an ordinal: digits without an ordinal ending are an amount."""
    return ent.label_ == "ORDINAL" and any(c.isdigit() for c in ent.text) and not ORDINAL_ENDING.search(ent.text)


def _misread_date(ent: Span) -> bool:
    """'Between 18 and 25 people died' taken for a date: numbers that are no years, with nothing
    but range words between them, before the plural noun they count."""
    words = [t for t in ent if not t.like_num]
    numbers = [t for t in ent if t.like_num]
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return (ent.label_ == "DATE" and bool(numbers) and after is not None and after.tag_ == "NNS"
            and all(t.lower_ in ("between", "and", "to", "-") for t in words)
            and not any(t.text.isdecimal() and int(t.text) in YEAR_RANGE for t in numbers))


def _unlabelled_numbers(doc: Doc, symbols: set[str]) -> list[Span]:
    """Numbers in digits the model gave no label that count something ('more than 900 migrants
    are believed to have died', 'the more than 30 million tons'), with a multiplier after them
    ('1.5 million'), or that a currency symbol makes money ('a further $325bn of goods')."""
    spans: list[Span] = []
    for token in doc:
        if token.ent_type_ or not any(c.isdigit() for c in token.text):
            continue
        money = token.i > 0 and doc[token.i - 1].text in symbols and token.text[0].isdigit()
        if not (money or (token.like_num and _counts_plural(token))):
            continue  # a bare number the model did not label: a page number, a score, a code
        if spans and spans[-1].end == token.i:
            continue
        end = token.i + 1
        while end < len(doc) and doc[end].like_num and not doc[end].ent_type_ and doc[end].is_alpha:
            end += 1  # "1.5 million"
        spans.append(Span(doc, token.i, end, label="MONEY" if money else "CARDINAL"))
    return spans


def _stands_for_a_noun(span: Span) -> bool:
    """A count whose noun was left out: 'the 21 sailors aboard X and the 23 from Y'."""
    root = span.root
    return span.label_ == "CARDINAL" and root.like_num and root.dep_ in ("conj", "dobj", "pobj", "nsubj", "appos")


def _with_own_phrase(span: Span, start: int) -> tuple[int, int]:
    """'the 23 from the Front Altair', '80 off the coast', 'the 13 where ...': a count standing for
    a noun says what it is by its own 'the' and short phrase."""
    root, doc = span.root, span.doc
    if start == span.start > 0 and doc[start - 1].head == root and doc[start - 1].lower_ == "the":
        start -= 1
    prep = next((c for c in root.rights if c.dep_ == "prep" and c.i == span.end), None)
    if prep is None:
        return start, span.end
    phrase_end = max(t.i for t in prep.subtree) + 1
    return start, phrase_end if phrase_end - span.end <= MAX_OWN_PHRASE else span.end


def _counted_head(span: Span) -> Token:
    """The word the number hangs on, past a model code the parser put between: 'four FA-18
    aircraft', '20 IR-6 centrifuges' count aircraft and centrifuges, not a name."""
    head = span.root.head
    if CODE.match(head.text) and head.i >= span.end and head.head.i > head.i and head.head.pos_ == "NOUN":
        return head.head
    return head


def _counts_plural(token: Token) -> bool:
    """The number, or the number it is part of ('30' in '30 million tons'), counts a plural noun."""
    while token.dep_ in ("compound", "quantmod") and token.head.like_num and token.head.i > token.i:
        token = token.head
    return token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS")


def _capitalized_inside(span: Span) -> bool:
    """'Six Feet Under', 'the Big Four': a number spelled out with a capital inside a sentence is a
    name's word; after a quote mark, a colon or a dash it may only open a quote."""
    first = span[0]
    before = span.doc[first.i - 1] if first.i > 0 else None
    return first.is_alpha and first.text.istitle() and not first.is_sent_start \
        and before is not None and before.is_alpha


def _is_title_word(word: Token, at: int) -> bool:
    """A capitalized singular name standing at `at`, inside a sentence: '38 North', 'Group of'."""
    return (word.i == at and word.tag_ == "NNP" and word.text.istitle()
            and not word.is_sent_start and word.text.isalpha())


def _with_rate(doc: Doc, end: int) -> int:
    """'$50 a barrel', '500,000 barrels per day': a rate keeps what it is per."""
    if end + 1 < len(doc) and doc[end].lower_ in ("a", "an", "per") and doc[end + 1].pos_ == "NOUN":
        return end + 2
    return end


def _noun_phrase(noun: Token, exclude: Span) -> str:
    """A short description: compounds and adjectives before the noun, not the number."""
    words = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and not (exclude.start <= t.i < exclude.end)]
    return " ".join([t.lower_ for t in words] + [noun.lower_])


MAX_CONVERSION_TOKENS = 8
"""A bracket longer than this after an amount says more than the amount again."""


def _conversion_end(doc: Doc, prev: Span, ent: Span) -> Optional[int]:
    """The closing bracket when ``ent`` opens a bracket right after ``prev`` and the bracket holds only
    amounts. A unit letter may end ``prev`` (the 'm' of '$200m') and a currency sign open ``ent``."""
    opening = next((t for t in doc[prev.end: ent.start] if t.text == "("), None)
    if opening is None:
        return None
    units, signs = doc[prev.end: opening.i], doc[opening.i + 1: ent.start]
    if any(not t.is_alpha or len(t) > 3 for t in units) or any(t.is_alpha or len(t) > 3 for t in signs):
        return None
    for token in doc[ent.end: min(ent.end + MAX_CONVERSION_TOKENS, len(doc))]:
        if token.text == ")":
            return token.i
        if token.text == "(" or token.is_sent_end:
            return None
    return None


def _balanced(text: str) -> str:
    """Trim edge punctuation but keep a conversion's closing bracket: '... (386 square miles)'."""
    text = text.strip(" ,;()")
    return text + ")" if text.count("(") > text.count(")") else text
