"""briefing_attribution: who says each sentence, carried across quotes and "this person added"."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from . import state
from .names import clean_surface, fold, singular
from .state import ActorRecord

OPEN_QUOTES = ("\u201c", '"')
RECENT_SENTENCES = 2
"""How far back a passive report ('is projected to') looks for the source just named."""
REPORTED_CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
"""How a clause hangs from a verb that reports it ("..., officials said"), rather than beside it."""
MAX_PLACE_WORDS = 4
"""Words of a place phrase kept in a generic source's name: "authorities in Tehran"."""


SHARE_LABELS = ("PERCENT", "CARDINAL")
"""Entity labels of a subject that is a share of those asked: '47% believe'."""
SUBJECT_DEPS = ("nsubj", "nsubjpass")
INDEFINITES = ("a", "an", "another")
UNNAMED = "unnamed:"
"""What 'the group' points to when the story introduced 'a campaign group' with no name: no actor."""


@dataclass
class _Reading:
    """Where a walk through one document stands: who spoke last, and what waits for a speaker."""

    sent_speaker: dict[int, str]
    quoted: set[int]
    last: Optional[str] = None
    carried: Optional[str] = None
    """Whose quote is still open."""
    waiting: list[Span] = field(default_factory=list)
    """Sentences of a quote whose speaker comes after it."""
    quoter: Optional[str] = None
    """Who was quoted in the paragraph before this one."""
    silent: int = 0
    """Sentences since the last one with a speaker."""
    paragraph_speaker: Optional[str] = None
    """The body whose release this paragraph gives."""
    about: Optional[str] = None
    """The person the sentence before is about, if it had no speaker."""
    opener: Optional[str] = None
    """That person, for a quote that opens after it."""

    def heard(self, sent: Span, speaker: str) -> None:
        self.sent_speaker[sent.start] = speaker
        self.last = speaker
        for earlier in self.waiting:  # '"A. B," she said.': A and B are hers too
            self.sent_speaker.setdefault(earlier.start, speaker)
        self.waiting = []


class AttributionFinder:
    """Maps attribution verbs to speakers, and each sentence to its speaker."""

    def __init__(self, rules: RuleSet):
        self.verbs = {w.lower() for w in rules.words("attribution", "verbs")}
        self.phrases = [w.lower() for w in rules.words("attribution", "phrases")]
        self.anaphora = {w.lower() for w in rules.words("attribution", "anaphora")}
        self.person_pronouns = {w.lower() for w in rules.words("attribution", "person_pronouns")}
        self.thing_pronouns = {w.lower() for w in rules.words("attribution", "thing_pronouns")}
        self.pointing_pronouns = self.person_pronouns | self.thing_pronouns | self.anaphora
        self.generic_heads = {w.lower() for w in rules.words("attribution", "generic_sources")}
        self.object_speaker_verbs = {w.lower() for w in rules.words("attribution", "object_speaker_verbs")}
        self.order_verbs = {w.lower() for w in rules.words("attribution", "order_verbs")}
        self.objectless_verbs = {w.lower() for w in rules.words("attribution", "objectless_verbs")}
        self.finding_verbs = {w.lower() for w in rules.words("attribution", "finding_verbs")}
        self.reporting_verbs = self.verbs | self.finding_verbs
        self.report_nouns = {w.lower() for w in rules.words("attribution", "report_nouns")}
        self.owned_measure_nouns = {w.lower() for w in rules.words("attribution", "owned_measure_nouns")}
        self.publication_nouns = {w.lower() for w in rules.words("attribution", "publication_nouns")}
        self.no_source_nouns = self.report_nouns | {w.lower() for w in rules.words("attribution", "no_source_nouns")}
        """After 'according to', nouns that name no source: reports and data, documents, the press."""
        self.market_subjects = {w.lower() for w in rules.words("attribution", "market_subjects")}
        self.issue_verbs = {w.lower() for w in rules.words("attribution", "issue_verbs")}
        self.possessive_pronouns = {w.lower() for w in rules.words("attribution", "possessive_pronouns")}
        self.relay_verbs = {w.lower() for w in rules.words("attribution", "relay_verbs")}
        self.kind_nouns = {w.lower(): kind for kind, words in rules.section("attribution").get("kind_nouns", {}).items()
                           for w in words}
        self.outlets = {fold(w) for w in rules.words("outlets")}
        self.role_nouns = {w.lower() for w in rules.words("titles") if " " not in w and not w.endswith(".")}

    def __call__(self, doc: Doc) -> Doc:
        reading = _Reading(state.get(doc, "sent_speaker"), _quoted_tokens(doc))
        text = doc.text  # built anew from the tokens on every access
        for sent in doc.sents:
            self._read_sentence(doc, sent, reading)
            if sent.text.endswith("\n") or "\n" in text[sent.end_char: sent.end_char + 1]:
                self._end_paragraph(sent, reading)
        _drop_silent_sources(doc)
        return doc

    def _read_sentence(self, doc: Doc, sent: Span, reading: _Reading) -> None:
        """Give the sentence its speaker: its own, else the one of the quote it belongs to (which
        may come after it), else the body whose release the paragraph gives."""
        main = self._own_speaker(doc, sent, reading)
        if main:
            reading.heard(sent, main)
        elif sent.start in reading.quoted or _continues_quote(sent):
            reading.opener = reading.opener if reading.waiting else reading.about
            reading.waiting.append(sent)
        elif self._gives_release(doc, sent, reading.paragraph_speaker):
            reading.sent_speaker[sent.start] = reading.paragraph_speaker
        if main:
            reading.paragraph_speaker = main if _is_institution(doc, main) else None
        reading.carried = main if _has_quote(sent) or main else reading.carried
        reading.about = None if main or sent.start in reading.quoted else _person_subject(doc, sent)

    def _own_speaker(self, doc: Doc, sent: Span, reading: _Reading) -> Optional[str]:
        """Who the sentence itself names as speaking, or the source just named for a passive report."""
        main = self._attribute(doc, sent, reading.quoted, reading.last, reading.carried) \
            or self._report_as_subject(doc, sent, reading.last)
        if main is None and reading.silent < RECENT_SENTENCES and self._is_agentless_report(sent):
            main = reading.last  # "The IMF said ... Emerging markets are projected to grow 4.3%"
        reading.silent = 0 if main else reading.silent + 1
        return main

    def _gives_release(self, doc: Doc, sent: Span, body: Optional[str]) -> bool:
        """'Bloomberg's analysis found ... Vietnam saw 27%': a sentence of a paragraph a body's release
        opened goes on giving its figures, unless it has its own reporter, tells a market move or is
        about another actor."""
        return body is not None and not self._has_own_reporter(sent) and not self._market_move(sent) \
            and not _about_a_named_actor(doc, sent, body)

    def _end_paragraph(self, sent: Span, reading: _Reading) -> None:
        """A paragraph's release, waiting quote and open quote stop with it, unless it carries them on."""
        reading.paragraph_speaker = reading.paragraph_speaker if self._opens_with_a_release(sent) else None
        reading.quoter = _quote_paragraph_speaker(reading.sent_speaker, reading.waiting,
                                                  reading.opener or reading.quoter, reading.carried)
        reading.waiting, reading.about, reading.opener = [], None, None
        if not _left_open(sent, reading.quoted):
            reading.carried = None  # a quote goes on in the next paragraph only if left open

    def _opens_with_a_release(self, sent: Span) -> bool:
        """'The number of mortgages approved has risen, according to lending figures from the Bank of
        England.' A story whose opening sentence names the figures' source goes on giving them in
        the paragraph after ('New loans in December rose to 83,000')."""
        return sent.start == 0 and any(t.lemma_.lower() in self.report_nouns and t.pos_ == "NOUN" for t in sent)

    def _attribute(self, doc: Doc, sent: Span, quoted: set[int], last: Optional[str],
                   carried: Optional[str]) -> Optional[str]:
        """Record the sentence's attribution verbs and return its speaker. Inside a quote whose
        speaker is known, verbs belong to the quoted words ("The United States believes ..."
        in Haley's quote is still Haley's claim)."""
        found, reported = self._sentence_speakers(doc, sent, last)
        outside = {i: key for i, key in found.items() if i not in quoted}
        continuing = sent.start in quoted or _continues_quote(sent)
        quote_speaker = self._main_speaker(sent, outside) or (carried if continuing else None)
        if quote_speaker:
            found = outside
        speakers = state.get(doc, "speakers")
        speakers.update(found)
        speakers.update(reported)
        self._record_report_owners(doc, sent, last)
        state.get(doc, "relays").update(i for i, key in found.items() if self._relays(doc[i], key))
        main = self._main_speaker(sent, found or reported)
        if main is None and continuing and carried:
            main = carried  # a quoted sentence after "X said" is still X speaking
        return main

    def _sentence_speakers(self, doc: Doc, sent: Span, last: Optional[str]) -> tuple[dict[int, str], dict[int, str]]:
        """Speakers of attribution verbs ("X said"), and sources after "according to"; a
        sentence with both ("Shoigu said, according to Tass") is the verb's speaker's claim."""
        found: dict[int, str] = {}
        for token in sent:
            if self._is_attribution_verb(token):
                key = self._speaker_of(doc, token, last)
                if key:
                    found[token.i] = key
        reported: dict[int, str] = {}
        for token in sent:
            if token.lower_ == "according" and token.nbor(1).lower_ == "to" if token.i + 1 < len(doc) else False:
                obj = next((t for t in token.nbor(1).children if t.dep_ == "pobj"), None)
                key = self._actor_key(doc, obj, last) if obj is not None else None
                if key is None and obj is not None and self._unnamed_source(obj):
                    key = self._generic_source(doc, obj)
                if key:
                    reported[token.i] = key
            elif self._frames_the_sentence(token):
                key = _author_key(doc, token)
                if key:
                    reported[token.i] = key
        return found, reported

    def _unnamed_source(self, noun: Token) -> bool:
        """'according to the record industry': a source no actor was named for; not a document
        ('according to official data' names no owner) nor the press ('according to our correspondent')."""
        return noun.pos_ == "NOUN" and noun.lemma_.lower() not in self.no_source_nouns

    def _report_as_subject(self, doc: Doc, sent: Span, last: Optional[str]) -> Optional[str]:
        """'The report marks the fifth year ... The biggest slice of the 246,570 cases ...': a
        sentence about the report named before is its author's, and so is the paragraph it opens."""
        subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if subject is None or not self._names_a_report(subject):
            return None
        author = _author_key(doc, subject) or self._earlier_report_author(doc, subject)
        if author is None and last is not None and _is_institution(doc, last):
            author = last  # 'The FTC said two in five of the reports ... The report marks'
        return author

    def _names_a_report(self, noun: Token) -> bool:
        """'The report', 'this survey', 'the ISM's survey'; a measure only with its owner named: 'the
        ISM's index' is the ISM's release, 'the Shanghai Composite index' a market's move."""
        if noun.pos_ != "NOUN":
            return False
        owned = any(c.dep_ == "poss" for c in noun.children)
        lemma = noun.lemma_.lower()
        if lemma in self.owned_measure_nouns:
            return owned
        return lemma in self.report_nouns and (owned or any(c.dep_ == "det" and c.lower_ in ("the", "this")
                                                            for c in noun.children))

    def _frames_the_sentence(self, noun: Token) -> bool:
        """A report the sentence is set in, as 'according to' would: 'In a survey by PwC, 30% of
        bosses ...', 'When PwC conducted the same survey, ...'; not one the sentence is about."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.report_nouns:
            return False
        return (noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.dep_ == "ROOT") \
            or (noun.dep_ == "dobj" and noun.head.dep_ == "advcl")

    def _record_report_owners(self, doc: Doc, sent: Span, last: Optional[str]) -> None:
        """A forecast's owner claims what it holds and what is done to it ("lowered its growth
        forecast to 3.1%"); the rest of the sentence is not theirs."""
        speakers = state.get(doc, "speakers")
        for token in sent:
            owner = self._report_owner(doc, token, last)
            if owner:
                speakers.setdefault(token.i, owner)
                if token.dep_ == "dobj":
                    speakers.setdefault(token.head.i, owner)

    def _report_owner(self, doc: Doc, noun: Token, last: Optional[str]) -> Optional[str]:
        """Whose forecast or estimate it is: "the IMF's estimate", "the IMF lowered its forecast",
        "Howard launched plans to abolish hundreds of quangos"."""
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.report_nouns:
            return None
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.issue_verbs:
            owner = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)  # "X launched plans to"
        if owner is None:  # "the claims made on Monday by Michael Howard that he could save £35bn"
            owner = next((pobj for acl in noun.children if acl.dep_ == "acl" for agent in acl.children
                          if agent.dep_ == "agent" for pobj in agent.children if pobj.dep_ == "pobj"), None)
        if owner is None:
            return None
        if owner.lower_ in self.possessive_pronouns:
            verb = next((t for t in noun.ancestors if t.pos_ in ("VERB", "AUX")), None)
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
            return self._actor_key(doc, subject, last) if subject is not None else None
        return self._actor_key(doc, owner, last)

    def _is_attribution_verb(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        if lemma in self.finding_verbs and _is_verb(token):
            return any(c.dep_ == "nsubj" and (c.lemma_.lower() in self.report_nouns or self._finds_a_fact(c))
                       for c in token.children)
        return lemma in self.verbs and _is_verb(token) and not self._is_order(token) \
            and not (lemma in self.objectless_verbs and any(c.dep_ == "dobj" for c in token.children))

    @staticmethod
    def _finds_a_fact(subject: Token) -> bool:
        """'Professor Mary Lovely found 87% of products came from ...': an actor who finds a
        clause claims it; 'troops found 12 rifles' finds a thing."""
        actor_at = state.get(subject.doc, "actor_at")
        named = subject.i in actor_at or any(c.dep_ in ("appos", "compound") and c.i in actor_at
                                             for c in subject.children)
        return named and any(c.dep_ == "ccomp" for c in subject.head.children)

    def _relays(self, verb: Token, key: str) -> bool:
        """'Tass reported', 'The New York Times reports': the verb passes on what others said."""
        return verb.lemma_.lower() in self.relay_verbs or key in self.outlets

    def _is_agentless_report(self, sent: Span) -> bool:
        """'Growth is projected to reach 7.5%', 'Russia is believed to have ...': a report verb in
        the passive with no 'by ...' names no speaker; the source is the one just named."""
        return any(t.lemma_.lower() in self.verbs and any(c.dep_ == "nsubjpass" for c in t.children)
                   and not any(c.dep_ == "agent" for c in t.children) for t in sent)

    def _has_own_reporter(self, sent: Span) -> bool:
        """'Troops found 12 rifles': a sentence whose subject says or finds is no one else's. A
        share as subject ('only 40% think', 'some 47% believe') is the poll's finding, not a speaker."""
        return any(t.lemma_.lower() in self.reporting_verbs
                   and any(c.dep_ == "nsubj" and c.ent_type_ not in SHARE_LABELS for c in t.children)
                   for t in sent)

    def _market_move(self, sent: Span) -> bool:
        """'Shares fell 1% to 510.75 pence': what the market did is the reporter's fact, not the
        company's or the analysts' whose words came before in the paragraph."""
        return any(t.dep_ in SUBJECT_DEPS and t.lower_ in self.market_subjects for t in sent)

    def _is_order(self, verb: Token) -> bool:
        """'told the Pentagon to withdraw' is an order, not a claim; 'expects the economy to grow
        3.1%' is a claim."""
        return verb.lemma_.lower() in self.order_verbs and any(
            child.dep_ == "xcomp" and any(t.dep_ == "aux" and t.lower_ == "to" for t in child.children)
            for child in verb.children)

    def _speaker_of(self, doc: Doc, verb: Token, last: Optional[str]) -> Optional[str]:
        if verb.lemma_.lower() in self.object_speaker_verbs:  # "Anadolu quoted Davutoglu as saying"
            quoted = next((t for t in verb.children if t.dep_ == "dobj"), None)
            key = self._actor_key(doc, quoted, last) if quoted is not None else None
            if key:
                return key
        subjects = [t for t in verb.children if t.dep_ == "nsubj"]  # "which they said": they
        subject = next((t for t in subjects if t.tag_ not in ("WDT", "WP")), subjects[0] if subjects else None)
        if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            subject = verb.head  # "said Klaus Baader, who expects growth of 6.8%": Baader expects it
        if subject is not None and any(c.dep_ == "case" for c in subject.children):
            return None  # "Trump's promised tariffs" read as "Trump promised": a possessor, not a speaker
        if subject is None and any(t.dep_ in ("nsubjpass", "agent") for t in verb.children):
            # "Russia is believed to have ...": what is said, not who says it; "... by the IMF" says,
            # as does "proposals announced by Patricia Hewitt"
            agent = next((t for t in verb.children if t.dep_ == "agent"), None)
            subject = next((t for t in agent.children if t.dep_ == "pobj"), None) if agent is not None else None
            return self._actor_key(doc, subject, last) if subject is not None else None
        if subject is None and verb.pos_ == "NOUN":
            subject = next((t for t in verb.lefts if t.dep_ == "compound"), None)  # "..., Rystad estimates."
        passive = any(t.dep_ == "auxpass" for t in verb.children) or (  # "Khan ... and is expected to": not his words
            verb.tag_ == "VBN" and not any(t.dep_ == "aux" for t in verb.children))  # "If admitted into the EU, Turkey"
        if subject is None and not passive and verb.dep_ == "ROOT":
            subject = _name_ending_at(doc, verb.i)  # "..., the Office for National Statistics (ONS) said."
        if subject is None and not passive and verb.dep_ in ("conj", "advcl") and verb.head.i != verb.i:
            subject = next((t for t in verb.head.children if t.dep_ == "nsubj"
                            and t.lower_ not in self.thing_pronouns), None)  # "It was unclear ..., declaring"
        return self._actor_key(doc, subject, last) if subject is not None else None

    def _actor_key(self, doc: Doc, token: Token, last: Optional[str]) -> Optional[str]:
        actor_at = state.get(doc, "actor_at")
        # the speaker named in an appositive first: "Syria's ambassador, Riad Haddad, said"
        appositives = [t for child in token.children if child.dep_ == "appos" for t in child.subtree]
        # a relative clause describes the speaker and names others: "The group, whose businesses
        # range from jet engines to the NBC television channel, forecast" is not NBC's forecast
        described = {t.i for child in token.children if child.dep_ == "relcl" for t in child.subtree}
        inner = [t for t in token.subtree if t.i not in described]
        if token.lower_ in self.generic_heads:  # "officials in Washington" are not Washington
            inner = [t for t in inner if t.i <= token.i]
        for candidate in [token, *appositives, *inner]:
            if candidate.i in actor_at:
                return actor_at[candidate.i]
        if token.pos_ == "PROPN":
            named = _actor_by_surname(doc, token.text)
            if named is not None:
                return named
        phrase = fold(clean_surface(" ".join(t.text for t in token.subtree)))
        described = _actor_by_description(doc, token, self.kind_nouns) or self._role_holder(doc, token, last)
        if described is not None:
            return described
        if token.lemma_.lower() in self.report_nouns:
            return self._earlier_report_author(doc, token) or _later_report_author(doc, token) \
                or self._only_publication_author(doc, token)
        if token.lower_ in self.pointing_pronouns:
            outer = self._outer_subject(doc, token, last)
            if outer is not None:
                return outer
        if token.lower_ in self.person_pronouns:
            return self._subject_before(doc, token, last) or _last_person_before(doc, _looks_back_from(token)) or last
        if token.lower_ in self.thing_pronouns:
            return self._subject_before(doc, token, last) or _last_body_before(doc, _looks_back_from(token))
        if phrase in self.anaphora or token.lower_ in self.anaphora:
            return last
        if token.lower_ in self.generic_heads or phrase.split()[-1:] in ([h] for h in self.generic_heads):
            return self._generic_source(doc, token)
        return None

    def _role_holder(self, doc: Doc, noun: Token, last: Optional[str]) -> Optional[str]:
        """'Gordon Brown has issued a rallying cry ... The chancellor said': a role no actor was named
        with is held by the person the sentence before is about."""
        if noun.lower_ not in self.role_nouns or not any(c.lower_ == "the" for c in noun.children):
            return None
        subject = _subject_of_sentence_before(noun.sent)
        key = self._actor_key(doc, subject, last) if subject is not None else None
        actor = state.actor_by_key(doc, key) if key else None
        if actor is None or actor.kind != "person":
            return None
        return _mentioned_at(doc, actor, noun)

    def _outer_subject(self, doc: Doc, pronoun: Token, last: Optional[str]) -> Optional[str]:
        """'Dijsselbloem said ..., but he noted', 'activists blamed ... an attack, which they said
        killed 15': a pronoun in a clause of a sentence points to the subject of the clause above."""
        for verb in pronoun.head.ancestors:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON":
                return self._fitting_key(doc, pronoun, subject, last)
        return None

    def _subject_before(self, doc: Doc, pronoun: Token, last: Optional[str]) -> Optional[str]:
        """'Mr Howard told the BBC Mr Blair had refused ... He said:': a pronoun with no person named
        before it in its sentence points to the person the sentence before is about, its subject,
        rather than to a person that sentence only mentions; 'it' likewise to a body ('the BCC found
        the UK economy faced risks. It recently forecast ...')."""
        sent = pronoun.sent
        named_last = _last_person_before if pronoun.lower_ in self.person_pronouns else _last_body_before
        if sent.start == 0 or named_last(doc, _looks_back_from(pronoun)) != named_last(doc, sent.start):
            return None
        subject = _subject_of_sentence_before(sent)
        if subject is None or subject.pos_ == "PRON":
            return None
        return self._fitting_key(doc, pronoun, subject, last)

    def _fitting_key(self, doc: Doc, pronoun: Token, subject: Token, last: Optional[str]) -> Optional[str]:
        """The actor a subject names, when the pronoun can stand for it."""
        key = self._actor_key(doc, subject, last)
        return key if key and self._fits(doc, pronoun, key) else None

    def _fits(self, doc: Doc, pronoun: Token, key: str) -> bool:
        """'he' for a person, 'it' for a body, 'they' for either."""
        actor = state.actor_by_key(doc, key)
        person = actor is not None and actor.kind == "person"
        if pronoun.lower_ in self.person_pronouns:
            return person
        return not person or pronoun.lower_ not in self.thing_pronouns

    @staticmethod
    def _earlier_report_author(doc: Doc, noun: Token) -> Optional[str]:
        """'The damning report finds ...', 'the report says' after 'a report released Thursday by
        the Special Inspector General': an unowned report is the one whose author was named."""
        named = None  # the nearest author named by a name no actor holds
        for earlier in reversed(doc[:noun.i]):
            if _same_report(earlier, noun):
                author = _author_key(doc, earlier)
                if author is not None:
                    return author
                named = named or next((t for t in _authors(earlier) if t.pos_ == "PROPN"), None)
        return _named_author(doc, named) if named is not None else None

    def _only_publication_author(self, doc: Doc, noun: Token) -> Optional[str]:
        """'according to the study' after 'a report by analysts Forrester Research': the one author
        of a publication the story named before, whatever it called it."""
        if noun.lemma_.lower() not in self.publication_nouns or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.children):
            return None
        authors = {_author_key(doc, t) for t in doc[:noun.i]
                   if t.pos_ == "NOUN" and t.lemma_.lower() in self.publication_nouns} - {None}
        return authors.pop() if len(authors) == 1 else None

    @staticmethod
    def _generic_source(doc: Doc, token: Token) -> str:
        """'officials said': the source last named with that head ('two senior US officials'),
        else a generic source, listed so the claim has a claimant."""
        group = _group_noun(token)
        counted = any(c.dep_ == "nummod" for c in group.children)  # "four diplomats": a group of its own
        named = None if counted else state.nearest_source_with_head(state.get(doc, "actors"), singular(group.lower_), token.i)
        if named is not None and not _describes_alike(group, named):
            named = None  # "police officials" are not the "Kurdish officials" named before
        if named is not None:
            return _mentioned_at(doc, named, token)
        words = [t for t in token.subtree if t.i == token.i or (t.i < token.i and t.dep_ not in ("det", "punct"))]
        place = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("in", "from")), None)
        if place is not None and len(list(place.subtree)) <= MAX_PLACE_WORDS:
            words += list(place.subtree)  # "officials in Washington", "authorities in Tehran"
        name = clean_surface("".join(t.text_with_ws for t in sorted(words, key=lambda t: t.i))) or token.text
        key = "anon:" + fold(name)
        record = state.actor_by_key(doc, key)
        if record is None:
            record = ActorRecord(key=key, name=name, kind="anonymous_source", head=singular(group.lower_))
            state.get(doc, "actors").append(record)
        record.forms.append(name)
        return _mentioned_at(doc, record, token)

    @staticmethod
    def _main_speaker(sent: Span, found: dict[int, str]) -> Optional[str]:
        if not found:
            return None
        root_key = found.get(sent.root.i)
        return root_key or found[max(found)]


def _mentioned_at(doc: Doc, actor: ActorRecord, token: Token) -> str:
    """Record a word that stands for the actor ('the chancellor', 'officials') as its mention there."""
    actor.mentions.append((token.i, token.i + 1))
    state.get(doc, "actor_at")[token.i] = actor.key
    return actor.key


def _name_ending_at(doc: Doc, end: int) -> Optional[Token]:
    """The actor's name just before a verb left without a subject, past a bracketed short form:
    the parser that read '..., the Office for National Statistics (ONS) said' as a list lost it."""
    i = end - 1
    if i > 0 and doc[i].text == ")":
        i = next((j for j in range(i - 1, max(i - 6, -1), -1) if doc[j].text == "("), i) - 1
    return doc[i] if i >= 0 and i in state.get(doc, "actor_at") else None


def _person_subject(doc: Doc, sent: Span) -> Optional[str]:
    """'Fostering Network executive director Robert Tapsfield criticised the existing system.':
    the person a sentence is about, whose words a quote opening after it gives."""
    subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
    key = state.get(doc, "actor_at").get(subject.i) if subject is not None else None
    actor = state.actor_by_key(doc, key) if key else None
    return key if actor is not None and actor.kind == "person" else None


def _looks_back_from(pronoun: Token) -> int:
    """Where a speaker pronoun starts looking back for whom it stands for: before the words its verb
    reports when they come first ('..., with China adding 178 million PCs, it said': not China)."""
    reported = [c for c in pronoun.head.children if c.dep_ == "ccomp" and c.i < pronoun.i]
    return min((t.i for c in reported for t in c.subtree), default=pronoun.i)


def _is_verb(token: Token) -> bool:
    """A verb, or a sentence-final 'X estimates' the model read as a noun."""
    return token.pos_ in ("VERB", "AUX") or (
        token.pos_ == "NOUN" and token.dep_ == "ROOT" and token.tag_ == "NNS"
        and any(t.dep_ == "compound" and t.pos_ == "PROPN" for t in token.lefts))


def _about_a_named_actor(doc: Doc, sent: Span, speaker: str) -> bool:
    """'Large producers such as Exxon have already scaled back': a sentence whose subject names a
    person or body other than the one whose figures the paragraph gives, or names that body itself
    ('Delta, which lost $646m, ...'), is the reporter's, not the body's release; a country it measures
    ("The UK's deficit with the EU fell") is still the release's."""
    actor_at = state.get(doc, "actor_at")
    subject = next((c for c in sent.root.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        return False
    # 'EU exports', "the company's sales", 'the share of voters backing the Tories': a name that says
    # whose or what figures they are; 'producers such as Exxon' names who acts
    if actor_at.get(subject.i) == speaker:
        return True
    measured = {t.i for c in subject.children if c.dep_ in ("compound", "poss", "amod", "nmod", "relcl", "acl")
                or (c.dep_ == "prep" and c.lower_ not in ("as", "like", "including")) for t in c.subtree}
    others = {actor_at[t.i] for t in subject.subtree
              if t.i not in measured and actor_at.get(t.i, speaker) != speaker}
    kinds = {getattr(state.actor_by_key(doc, key), "kind", None) for key in others}
    return bool(kinds & {"person", "organization"})


def _is_institution(doc: Doc, key: str) -> bool:
    """Not a named person: a body whose data or report the sentences after its own go on giving,
    in the same paragraph, or one unnamed source ("a senior defence official said ... This year's
    overspend was less than last year's"); a person's words stop where the verb does, and so do a
    chorus's ("Analysts expected 58.1" says nothing of the index readings after it)."""
    actor = state.actor_by_key(doc, key)
    if actor is None or actor.kind == "person":
        return False
    if actor.kind != "anonymous_source" or not actor.mentions:
        return True
    return doc[actor.mentions[0][1] - 1].tag_ != "NNS"  # the head of 'a senior official', not 'analysts'


def _last_body_before(doc: Doc, index: int) -> Optional[str]:
    """'it says': the body (not a person) named last before the pronoun."""
    return _last_actor_before(doc, index, person=False)


def _subject_of_sentence_before(sent: Span) -> Optional[Token]:
    """The subject of the sentence before; a fragment without one ('then had come round to the idea',
    split off by the parser) hands over to the sentence before it."""
    doc = sent.doc
    for _ in range(2):
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
        subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    return None


def _last_person_before(doc: Doc, index: int) -> Optional[str]:
    """'he said': the person named last before the pronoun."""
    return _last_actor_before(doc, index, person=True)


def _last_actor_before(doc: Doc, index: int, person: bool) -> Optional[str]:
    """The actor named last before ``index`` that is a person, or (``person=False``) a body."""
    actor_at = state.get(doc, "actor_at")
    kinds = {a.key: a.kind for a in state.get(doc, "actors")}
    for i in range(index - 1, -1, -1):
        kind = kinds.get(actor_at.get(i))
        if kind is not None and (kind == "person") == person:
            return actor_at[i]
    return None


def _actor_by_surname(doc: Doc, word: str) -> Optional[str]:
    """'Trump tweeted' where the model missed the name: the one actor whose name ends with it."""
    matches = [a.key for a in state.get(doc, "actors")
               if a.kind == "person" and a.name.split()[-1] == word]
    return matches[0] if len(matches) == 1 else None


def _actor_by_description(doc: Doc, token: Token, kind_nouns: dict[str, str]) -> Optional[str]:
    """'the ministry said' after 'the Russian Defense Ministry', 'the Navy said' after 'the U.S.
    Navy's Fifth Fleet', 'the president said' after
    'President Donald Trump': the actor last named whose name ends with, or whose role holds,
    the noun; 'the company said', 'the kingdom': the actor of that kind the story has named most
    before the sentence, the last of them on a tie."""
    if token.pos_ not in ("NOUN", "PROPN") or not any(c.lower_ == "the" for c in token.children):
        return None
    word = singular(token.lower_)
    antecedent = _described_before(doc, token, word)
    if antecedent == UNNAMED:
        return None
    if antecedent is not None:
        actor = state.actor_by_key(doc, antecedent)
        return _mentioned_at(doc, actor, token) if actor is not None else None
    ranked = []
    for actor in state.get(doc, "actors"):
        if actor.kind == "anonymous_source":
            continue
        role_words = fold(actor.role or "").split()
        # a kind in a person's description ('part of the family that controls the firm') is not them
        role_fits = word in role_words and kind_nouns.get(word) in (None, actor.kind)
        named = fold(actor.name).split()[-1:] == [word] or role_fits
        if not named and kind_nouns.get(word) != actor.kind:
            continue
        # 'About 70% were using BitTorrent, the firm said': a kind points past its own sentence
        until = token.i if named else token.sent.start
        earlier = [start for start, _ in actor.mentions if start < until]
        if earlier:
            # a name or role: the one named last; a kind: the one the story has named most
            # ('the company estimated' is Novartis, not Teva, which the sentence before names once)
            ranked.append(((1, 0, max(earlier)) if named else (0, len(earlier), max(earlier)), actor))
    if not ranked:
        return None
    return _mentioned_at(doc, max(ranked, key=lambda pair: pair[0])[1], token)


def _described_before(doc: Doc, token: Token, word: str) -> Optional[str]:
    """The last time the story used the noun to describe someone: 'the media watchdog, Reporters
    Without Borders ... according to the watchdog' is that actor's key; 'A regiments' campaign group
    is to target ... The group said' is the group it introduced without a name (UNNAMED), not the
    organisation it names most. None when the noun described no one before."""
    actor_at = state.get(doc, "actor_at")
    before = state.sentence_at(doc, token.i).start
    for at in reversed(state.per_doc(doc, "nouns_by_word", _nouns_by_word).get(word, [])):
        earlier = doc[at]
        if at >= before:
            continue
        named = [c for c in earlier.children if c.dep_ == "appos"] + (
            [earlier.head] if earlier.dep_ in ("appos", "compound") else [])
        key = next((actor_at[t.i] for t in named if t.i in actor_at), None)
        if key is not None:
            return key
        phrase = list(earlier.subtree)
        if any(t.lower_ in INDEFINITES for t in phrase if t.i < earlier.i) \
                and not any(t.i in actor_at for t in phrase):
            return UNNAMED
    return None


def _nouns_by_word(doc: Doc) -> dict[str, list[int]]:
    """Where each common noun (singular, lower case) stands, in order: 'the group' looks back for 'group'."""
    index: dict[str, list[int]] = {}
    for token in doc:
        if token.pos_ == "NOUN":
            index.setdefault(singular(token.lower_), []).append(token.i)
    return index


def _later_report_author(doc: Doc, noun: Token) -> Optional[str]:
    """'a survey of 1,300 bosses suggests ...' then 'when PwC conducted the same survey': the
    author named later of the same report ('the', 'this', not 'another survey')."""
    for later in doc[noun.i + 1:]:
        if _same_report(later, noun) and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                             for c in later.children):
            author = _author_key(doc, later)
            if author is not None:
                return author
    return None


def _same_report(mention: Token, noun: Token) -> bool:
    """Another mention of the report: 'a report ...', then 'the report'."""
    return mention.lemma_ == noun.lemma_ and mention.pos_ == "NOUN"


def _author_key(doc: Doc, report: Token) -> Optional[str]:
    """The actor named in the report's author phrase, if any."""
    actor_at = state.get(doc, "actor_at")
    return next((actor_at[t.i] for t in _author_phrase(report) if t.i in actor_at), None)


def _author_phrase(report: Token) -> list[Token]:
    """Who wrote a report: its owner ('the IMF's report'), its agent ('a report released by X'),
    or whoever issued it ('the White House put out a statement', 'X said in a statement')."""
    return [t for owner in _authors(report) for t in owner.subtree]


def _authors(report: Token) -> list[Token]:
    owners = [c for c in report.children if c.dep_ == "poss"  # 'the IMF's report', 'the Envisional report'
              or c.dep_ in ("compound", "amod") and c.ent_type_ in ("ORG", "PERSON")]
    owners += [pobj for acl in report.children if acl.dep_ == "acl"
               for agent in acl.children if agent.dep_ == "agent"
               for pobj in agent.children if pobj.dep_ == "pobj"]
    owners += [pobj for by in report.children if by.dep_ == "prep" and by.lower_ == "by"
               for pobj in by.children if pobj.dep_ == "pobj"]  # 'a survey by PwC'
    verb = report.head.head if report.dep_ == "pobj" and report.head.lower_ == "in" else report.head
    if report.dep_ in ("dobj", "pobj") and verb.pos_ == "VERB":
        owners += [c for c in verb.children if c.dep_ == "nsubj"]
    return owners


def _named_author(doc: Doc, name: Token) -> str:
    """'a report released by the Special Inspector General for Afghanistan Reconstruction': the
    author of a report is an actor even when the model did not find the name."""
    words = [t for t in name.subtree if t.dep_ not in ("det", "punct")]
    surface = clean_surface(" ".join(t.text for t in words))
    record = ActorRecord(key=fold(surface), name=surface, kind="organization")
    existing = state.actor_by_key(doc, record.key)
    record = existing or record
    if existing is None:
        state.get(doc, "actors").append(record)
    record.forms.append(record.name)
    record.mentions.append((words[0].i, words[-1].i + 1))
    for t in words:
        state.get(doc, "actor_at")[t.i] = record.key
    return record.key


def _describes_alike(group: Token, source: ActorRecord) -> bool:
    """The words describing a group ('police' in 'police officials') all describe the source."""
    words = set(fold(source.name).split())
    return all(fold(t.text) in words for t in group.lefts if t.dep_ in ("compound", "amod", "nmod"))


def _group_noun(token: Token) -> Token:
    """'one of the officials' -> 'officials'."""
    of = next((t for t in token.children if t.lower_ == "of"), None)
    if token.like_num and of is not None:
        return next((t for t in of.children if t.dep_ == "pobj"), token)
    return token


def _drop_silent_sources(doc: Doc) -> None:
    """An anonymous source is an actor when it speaks or is described ("familiar with ..."):
    "the American people" or "two military officers" who only appear are not sources."""
    speaking = set(state.get(doc, "speakers").values())
    actors = state.get(doc, "actors")
    silent = {a.key for a in actors if a.kind == "anonymous_source" and a.key not in speaking and not a.described}
    actors[:] = [a for a in actors if a.key not in silent]
    actor_at = state.get(doc, "actor_at")
    for i in [i for i, key in actor_at.items() if key in silent]:
        del actor_at[i]


def _quote_paragraph_speaker(sent_speaker: dict[int, str], waiting: list[Span], quoter: Optional[str],
                             carried: Optional[str]) -> Optional[str]:
    """At a paragraph's end. Quoted sentences still waiting for a speaker, in a paragraph that
    names none, are the words of whoever was quoted just before (news style: '"...," Dunford
    said.' then a paragraph of his quote alone). Returns who is quoted as of this paragraph."""
    if waiting and quoter:
        for sent in waiting:
            sent_speaker.setdefault(sent.start, quoter)
        return quoter
    return carried


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indices of tokens inside quotation marks; an unclosed quote ends with its paragraph."""
    inside, quoted = False, set()
    for token in doc:
        if token.text == "\u201c" or (token.text == '"' and _opens(token, inside)):
            inside = True
        elif token.text in ("\u201d", '"'):
            inside = False
        elif inside:
            quoted.add(token.i)
        if "\n" in token.whitespace_ or "\n" in token.text:
            inside = False
    return quoted


def _opens(mark: Token, inside: bool) -> bool:
    """Whether a straight quote mark opens a quote: one attached to the word after it opens,
    one attached to the word before it closes, whatever came before. A quote going on into a
    paragraph run into this one ('... betrayal. "I have been ...') opens again."""
    before = mark.doc[mark.i - 1] if mark.i else None
    if before is not None and not before.whitespace_ and not before.is_space:
        return False
    if not mark.whitespace_ and mark.i + 1 < len(mark.doc) and not mark.nbor(1).is_punct:
        return True
    return not inside


def _left_open(sent: Span, quoted: set[int]) -> bool:
    """A paragraph whose quote has no closing mark: the quote goes on in the next paragraph."""
    words = [t for t in sent if not t.is_space]
    return bool(words) and words[-1].i in quoted


def _has_quote(sent: Span) -> bool:
    return any(q in sent.text for q in OPEN_QUOTES + ("\u201d",))


def _continues_quote(sent: Span) -> bool:
    return sent.text.lstrip().startswith(OPEN_QUOTES)


def speaker_for(doc: Doc, token: Token) -> Optional[str]:
    """The speaker of the clause holding ``token``: the attribution verb above it, else the
    sentence's. A speaker whose clause another reports is reported too: in "China has denied a
    request for two ships, U.S. officials said" the officials claim the ships. An outlet only
    relays: in "Shoigu said 41 warships ..., Tass reported" Shoigu keeps them. A clause joined
    by "and" keeps its own speaker."""
    speakers = state.get(doc, "speakers")
    relays = state.get(doc, "relays")
    found: Optional[str] = None
    node = token
    described = False  # inside a relative clause on the way up
    for _ in range(40):
        if node.i in speakers and not (found and node.i in relays):
            found = speakers[node.i]  # the token itself may be the verb: "Mattis warned"
        if node.head.i == node.i or (found and node.dep_ not in REPORTED_CLAUSE_DEPS):
            break
        described = described or node.dep_ == "relcl"
        if described and node.dep_ in SUBJECT_DEPS and node.head.i in speakers and not found:
            return None  # "Xi, who has met Kim five times, said": the speaker's description, not a claim
        node = node.head
    if found:
        return found
    sent = state.sentence_at(doc, token.i)
    return state.get(doc, "sent_speaker").get(sent.start)
