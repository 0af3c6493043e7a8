"""briefing_risks and briefing_questions: sentences that state a risk or leave a question open."""
from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from . import state
from .attribution import speaker_for
from .furniture import Furniture
from .state import ItemRecord


CONTENT_PREPOSITIONS = ("of", "against", "about", "over")
"""What a warning is about, when it is not a clause: 'warned against a deal'."""


def _phrase_pattern(words: list[str]) -> Optional["PhraseSet"]:
    return PhraseSet(words) if words else None


WORD_STARTS = re.compile(r"(?<![\w-])\w|(?<=\w)n't")
"""Where a cue can begin: at a word's start, or at the "n't" of a contraction."""


@functools.lru_cache(maxsize=64)
def _word_starts(text: str) -> dict[str, list[int]]:
    """Where each letter starts a word in the text: every cue list of both finders matches the same
    sentence texts, so they share one scan of each."""
    starts: dict[str, list[int]] = {}
    for match in WORD_STARTS.finditer(text):
        at = match.start()
        starts.setdefault(text[at], []).append(at)
    return starts


class PhraseSet:
    """Cue phrases matched as one alternation would be, but tried only at word starts and only
    those beginning with the word's first letter: one pattern of hundreds of alternatives tried
    at every character cost as much as the spaCy pipeline itself."""

    def __init__(self, words: list[str]):
        phrases = sorted({w.lower().replace("\u2019", "'") for w in words}, key=len, reverse=True)
        by_letter: dict[str, list[str]] = {}
        for phrase in phrases:
            by_letter.setdefault(phrase[:1], []).append(phrase)
        self.by_letter = {letter: _alternation(group) for letter, group in by_letter.items()}

    def finditer(self, text: str) -> Iterator[re.Match]:
        starts = _word_starts(text)
        found = sorted((m.start(), m) for letter, pattern in self.by_letter.items()
                       for at in starts.get(letter, ()) if (m := pattern.match(text, at)))
        end = 0
        for at, match in found:
            if at >= end:
                end = max(match.end(), at + 1)
                yield match

    def search(self, text: str) -> Optional[re.Match]:
        return next(self.finditer(text), None)

    def fullmatch(self, text: str) -> Optional[re.Match]:
        # Every phrase's pattern starts with its own first letter, so its letter's group decides;
        # one alternation of all the phrases would cost a second compile at start-up.
        pattern = self.by_letter.get(text[:1])
        return pattern.fullmatch(text) if pattern else None


def _alternation(phrases: list[str]) -> re.Pattern:
    return re.compile(r"(?:" + "|".join(_either_negation(p) for p in phrases) + r")(?![\w-])")


def _either_negation(phrase: str) -> str:
    """A cue's pattern, from a word start, that matches its negation written out or contracted: 'did not
    explain' and "didn't explain", "can't say" and 'cannot say', 'not aware' and "we're not aware" and
    "wasn't aware", so a list needs only one form."""
    phrase = re.sub(r"\bcan't\b|\bcan not\b", "cannot", re.sub(r"\bwon't\b", "will not", phrase))
    phrase = re.sub(r"\b(\w+)n't\b", r"\1 not", phrase)
    pattern = re.escape(phrase).replace(r"cannot", r"(?:cannot|can't|can\ not)")
    pattern = pattern.replace(r"will\ not", r"(?:will\ not|won't)")
    pattern = re.sub(r"\b(?!will\b|can\b)(\w+)\\ not\b", r"\1(?:\\ not|n't)", pattern)
    pattern = pattern.replace(r"\ ", r"\ (?:\w+ly\ |yet\ )?")  # "impossible to fully verify", "not yet decided"
    if pattern.startswith(r"not\ "):
        return r"(?:(?<![\w-])not|(?<=\w)n't)" + pattern[3:]
    return r"(?<![\w-])" + pattern


def _token_at(sent: Span, offset: int) -> Token:
    """The token at (or first after) a character offset in the sentence's text."""
    return next((t for t in sent if t.idx - sent.start_char >= offset), sent.root)


def _lemma_text(sent: Span) -> tuple[str, list[int]]:
    """The sentence as lower-case lemmas, one space apart, and where each token's lemma starts in
    it; built once per sentence, though every cue list of both finders matches against it."""
    cache = state.per_doc(sent.doc, "lemma_text", lambda doc: {})
    if sent.start not in cache:
        parts, starts, at = [], [], 0
        for token in sent:
            starts.append(at)
            parts.append(token.lemma_.lower().replace("\u2019", "'"))
            at += len(parts[-1]) + 1
        cache[sent.start] = (" ".join(parts), starts)
    return cache[sent.start]


def _is_grammar_cue(cue: dict) -> bool:
    return bool(cue.get("pos") or cue.get("objects") or cue.get("predicative") or cue.get("roles"))


def _grammar_cues(cues: list[dict]) -> list[tuple["PhraseSet", set[str], set[str], set[str]]]:
    """(phrases, parts of speech, object lemmas, dependency roles) of the cues that ask for any; empty
    sets ask nothing. 'predicative' asks for the roles of a predicate."""
    return [(_phrase_pattern(c["words"]), set(c.get("pos") or ()), {w.lower() for w in c.get("objects") or ()},
             set(c.get("roles") or ()) | (set(PREDICATE_DEPS) if c.get("predicative") else set()))
            for c in cues if _is_grammar_cue(c) and c["words"]]


def _object_lemma(sent: Span, match: re.Match) -> str:
    """The lemma of the noun the cue is followed by: 'approval' in 'subject to the final shareholder
    approval' or 'subject to "final approval"'. Read off the words, as quote marks upset the parse."""
    after = next(t.i for t in reversed(sent) if t.idx - sent.start_char < match.end()) + 1
    for token in sent.doc[after:sent.end]:
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound":
            return token.lemma_.lower()
        if token.pos_ not in ("DET", "ADJ", "ADV", "NUM", "PUNCT", "NOUN", "PROPN"):
            return ""
    return ""


def _sentence_text(sent: Span) -> str:
    return sent.text.lower().replace("\u2019", "'")


class CueFinder:
    """A sentence is an item when one of its cues matches and no negation covers it."""

    section = ""
    extension = ""

    def __init__(self, rules: RuleSet):
        cues = rules.section(self.section).get("cues", [])
        self.plain = _phrase_pattern([w for c in cues if not c.get("needs_hedge") and not _is_grammar_cue(c)
                                      for w in c["words"]])
        self.hedged = _phrase_pattern([w for c in cues if c.get("needs_hedge") and not _is_grammar_cue(c)
                                       for w in c["words"]])
        self.by_pos = _grammar_cues([c for c in cues if not c.get("needs_hedge")])
        self.hedged_by_pos = _grammar_cues([c for c in cues if c.get("needs_hedge")])
        self.hedges = _phrase_pattern(rules.words(self.section, "hedges"))
        self.negations = _phrase_pattern(rules.words(self.section, "negations"))
        self.marks = rules.words(self.section, "marks")
        self.easing = {w.lower() for w in rules.words(self.section, "easing")}
        self.weighty = {w.lower() for w in rules.words(self.section, "weighty")}
        self.weighty_adverbs = {w.lower() for w in rules.words(self.section, "weighty_adverbs")}
        self.needs_content = _phrase_pattern([w for c in cues if c.get("needs_content") for w in c["words"]])
        self.furniture = Furniture(rules)

    def __call__(self, doc: Doc) -> Doc:
        items = state.get(doc, self.extension)
        for sent in doc.sents:
            if self.furniture.is_page_line(sent):
                continue  # "TENSIONS WITH U.S.", another story's headline, a credit: not the story's claims
            match = self.match(sent)
            if match is not None:
                items.append(self.record(doc, sent, match))
        return doc

    def match(self, sent: Span) -> Optional[re.Match]:
        text = _sentence_text(sent)
        found = self._cue_matches(sent, text, self.plain) + self._matches_by_pos(sent, text, self.by_pos)
        if self.hedged and self.hedges:
            found += self._hedged_matches(sent, text)
        scopes = self._negation_scopes(text)
        live = [m for m in found if not any(a <= m.start() < b for a, b in scopes) and self._holds(sent, m)]
        if not live:
            live = [m for m in (re.search(re.escape(mark), text) for mark in self.marks) if m]
        return min(live, key=lambda m: m.start()) if live else None

    def _holds(self, sent: Span, match: re.Match) -> bool:
        """A cue the parse does not take back: not eased, not an empty warning, not denied."""
        cue = _token_at(sent, match.start())
        return not self._eased(cue) and not self._empty(sent, match) and not self._denied_cue(cue)

    def _denied_cue(self, cue: Token) -> bool:
        """Whether the sentence says the cue's thing is not so; questions have none ('not clear' is one)."""
        return False

    def _cue_matches(self, sent: Span, text: str, pattern: Optional[re.Pattern]) -> list[re.Match]:
        """Cue phrases in the sentence, and cues in another form of their words, matched on the lemmas:
        "crippled" for "cripple", "riskier" for "risky", "refused to say" for "refuse to say"."""
        if pattern is None:
            return []
        found = list(pattern.finditer(text))
        taken = {m.start() for m in found}
        lemmas, starts = _lemma_text(sent)
        for m in pattern.finditer(lemmas):
            # the tokens whose lemmas the match starts and ends in: lemmas are laid out in order
            words = sent[bisect_right(starts, m.start()) - 1: bisect_left(starts, m.end())]
            start, end = words[0].idx - sent.start_char, words[-1].idx + len(words[-1]) - sent.start_char
            if start not in taken and any(t.lemma_.lower() != t.lower_ for t in words):
                found.append(re.compile(re.escape(text[start:end])).match(text, start))
        return [m for m in found if m is not None]

    def _hedged_matches(self, sent: Span, text: str) -> list[re.Match]:
        """Cues that count only under a hedge, when a hedge bears on them: 'sanctions could hurt
        exporters', 'likely to escalate', 'the risk of an attack'; not 'the attack killed two'
        beside 'officials said they would respond'."""
        hedges = [_token_at(sent, m.start()) for m in self._cue_matches(sent, text, self.hedges)]
        hedges = [h for h in hedges if not _is_name(h)]
        if not hedges and not any(t.lemma_.lower() in self.weighty or t.lower_ in self.weighty_adverbs for t in sent):
            return []
        candidates = self._cue_matches(sent, text, self.hedged) + self._matches_by_pos(sent, text, self.hedged_by_pos)
        return [m for m in candidates
                if _bears_on(hedges, _token_at(sent, m.start())) or self._weighty(_token_at(sent, m.start()))]

    def _matches_by_pos(self, sent: Span, text: str, cues: list) -> list[re.Match]:
        """Cues that count in one part of speech ('the claims' but not 'Turkey claims') or with one
        of their objects ('subject to approval', not 'subject to such an ordeal')."""
        return [m for pattern, tags, objects, roles in cues for m in self._cue_matches(sent, text, pattern)
                if (not tags or _token_at(sent, m.start()).pos_ in tags)
                and (not objects or _object_lemma(sent, m) in objects)
                and (not roles or _token_at(sent, m.start()).dep_ in roles)]

    def _weighty(self, cue: Token) -> bool:
        """A cue noun called weighty is stated, hedge or none: 'significant damage', 'serious impact';
        so is a cue verb said to bear down hard: 'severely affected', 'badly hit'."""
        if cue.pos_ == "VERB":
            return any(c.dep_ == "advmod" and c.lower_ in self.weighty_adverbs for c in cue.children)
        return cue.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lemma_.lower() in self.weighty for c in cue.children)

    def _eased(self, cue: Token) -> bool:
        """A cue that a verb or a modifier takes away is no item: 'reduce violence', 'defuse tensions',
        'tensions eased', 'minimal impact'; but 'we cannot simply resolve tensions' still is."""
        if any(c.dep_ in ("det", "amod") and c.lower_ in self.easing for c in cue.children):
            return True  # 'minimal impact', 'what impact'
        head = cue.head.head if cue.dep_ == "pobj" else cue.head
        return cue.dep_ in ("dobj", "nsubj", "pobj", "nsubjpass") and cue.lemma_.lower() not in self.easing \
            and head.lemma_.lower() in self.easing and not any(c.dep_ == "neg" for c in head.children)

    def _empty(self, sent: Span, match: re.Match) -> bool:
        """A verb of saying with nothing said: 'Iraq, in turn, warned the United States.'"""
        if self.needs_content is None or not self.needs_content.fullmatch(match.group(0)):
            return False
        verb = _token_at(sent, match.start())
        return verb.pos_ == "VERB" and not any(c.dep_ in ("ccomp", "xcomp") or c.lower_ in CONTENT_PREPOSITIONS
                                               for c in verb.children)

    def _negation_scopes(self, text: str) -> list[tuple[int, int]]:
        """A negation covers the words up to the next clause break: 'not because of the risk of escalation,'."""
        if not self.negations:
            return []
        scopes = []
        for negation in self.negations.finditer(text):
            stop = re.compile(r"[,;:.\u2014]|\sbut\s").search(text, negation.end())
            scopes.append((negation.start(), stop.start() if stop else len(text)))
        return scopes

    def record(self, doc: Doc, sent: Span, match: re.Match) -> ItemRecord:
        cue_token = _token_at(sent, match.start())
        return ItemRecord(text=self.short_text(sent, match), sent_start=sent.start,
                          speaker=speaker_for(doc, cue_token), details={"cue": match.group(0)})

    def short_text(self, sent: Span, match: re.Match) -> str:
        return _strip_attribution(sent.text)


class RiskFinder(CueFinder):
    section = "risks"
    extension = "risks"

    def __init__(self, rules: RuleSet):
        super().__init__(rules)
        self.capabilities = {w.lower() for w in rules.words(self.section, "capabilities")}
        self.good_outcomes = {w.lower() for w in rules.words(self.section, "good_outcomes")}
        lemmas = lambda key: {w.lower() for w in rules.words(self.section, key)}  # noqa: E731
        self.falling, self.bads = lemmas("falling"), lemmas("bads")
        self.goods, self.low = lemmas("goods"), lemmas("low")
        self.going_wrong = [(self.goods, self.falling), (self.bads, lemmas("rising"))]
        self.relieving = lemmas("relieving")
        self.about_verbs = lemmas("about_verbs")

    def match(self, sent: Span) -> Optional[re.Match]:
        return super().match(sent) or self._capability(sent) or self._good_outcome_denied(sent) \
            or self._moving_wrong_way(sent)

    def _moving_wrong_way(self, sent: Span) -> Optional[re.Match]:
        """A good going down or low, or a bad going up: 'household incomes have fallen', 'declining
        consumption', 'weak US sales', 'unemployment could increase', 'a ballooning deficit'; not
        'incomes have not fallen'."""
        for token in sent:
            for nouns, verbs in self.going_wrong:
                if _moves(token, nouns, verbs) and not _negated(token):
                    return _match_at(sent, token)
            if self._low_good(token):
                return _match_at(sent, token)
        return None

    def _low_good(self, adjective: Token) -> bool:
        """'weak US sales', 'lower profits'; not a good that only describes another noun: 'low-wage
        countries', 'lower income supporters'."""
        good = adjective.head
        return adjective.dep_ == "amod" and adjective.lemma_.lower() in self.low \
            and good.lemma_.lower() in self.goods and good.dep_ not in ("compound", "amod", "nmod", "npadvmod")

    def _denied_cue(self, cue: Token) -> bool:
        """A harm said not to have happened is none: 'caused no major damage', 'no one was hurt', 'no signs
        of a slowdown'; nor is a participle after its noun, which says who is involved: 'a good thing for
        all parties concerned'; nor a bad going down: 'the shortfall could shrink'; nor a verb saying
        what a thing is about: 'the reports concerned ID fraud'."""
        return _denied(cue) or _denied_by_its_noun(cue) or _postnominal_participle(cue) \
            or _moves(cue, self.bads, self.falling) or self._says_what_about(cue)

    def _says_what_about(self, verb: Token) -> bool:
        """'concerned ID fraud': the verb with a thing as object, not a person it worries."""
        return verb.lemma_.lower() in self.about_verbs and verb.pos_ == "VERB" and any(
            c.dep_ == "dobj" and c.pos_ != "PRON" and c.ent_type_ not in ("PERSON", "NORP") for c in verb.children)

    def _holds(self, sent: Span, match: re.Match) -> bool:
        """Nor is a harm word that only names the field of a relief: 'a debt freeze', 'debt relief',
        'cost savings'; but a cue of two words holds ('job cuts')."""
        cue = _token_at(sent, match.start())
        relief = cue.dep_ == "compound" and cue.head.lemma_.lower() in self.relieving \
            and match.end() <= cue.idx - sent.start_char + len(cue)
        return not relief and super()._holds(sent, match)

    def _good_outcome_denied(self, sent: Span) -> Optional[re.Match]:
        """What should go right, said not to: 'ISIS had not been contained', 'may not be ready yet',
        'held out little hope for compromise', 'the gap has not narrowed'."""
        for token in sent:
            if token.lemma_.lower() in self.good_outcomes and (_denied(token) or _object_of_denied(token)):
                return _match_at(sent, token)
        return None

    def _capability(self, sent: Span) -> Optional[re.Match]:
        """A means to act, stated with what it can do: 'a missile that has the range to reach
        Alaska', 'he is building up his capacity to intervene'."""
        for token in sent:
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.capabilities \
                    and any(_is_infinitive(child) for child in token.children):
                return _match_at(sent, token)
        return None


def _moves(verb: Token, nouns: set[str], verbs: set[str]) -> bool:
    """Whether the verb is one of ``verbs`` said of one of ``nouns``: 'incomes have fallen'."""
    return verb.lemma_.lower() in verbs and any(n.lemma_.lower() in nouns for n in _moved_nouns(verb))


def _moved_nouns(verb: Token) -> list[Token]:
    """What a verb of moving says moves: its subject ('incomes have fallen'), the subject of the words
    it completes ('prices are certain to rise', 'inflation is expected to climb'), or the noun it
    stands before as a participle ('declining consumption')."""
    if verb.dep_ == "amod" and verb.tag_ in ("VBG", "VBN"):
        return [verb.head]
    if verb.pos_ != "VERB":
        return []
    while verb.dep_ in ("xcomp", "acomp") and verb.head.i != verb.i:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            return subjects
        verb = verb.head
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _denied(token: Token) -> bool:
    """'not contained', 'is not ready', 'little hope', 'no deal', 'no one was hurt', 'without the
    violence worsening'."""
    if any(c.dep_ == "neg" for c in token.children) or token.dep_ == "pcomp" and token.head.lower_ == "without":
        return True
    if token.dep_ == "amod" and token.head.lower_ in NOTHING:  # 'nothing wrong'
        return True
    if any(c.dep_ in ("nsubj", "nsubjpass") and _no_one(c) for c in token.children):
        return True
    if token.dep_ in ("acomp", "attr") and any(c.dep_ == "neg" for c in token.head.children):
        return True
    return token.pos_ == "NOUN" and any(c.lower_ in ("no", "little", "few") for c in token.children
                                        if c.dep_ in ("det", "amod"))


def _denied_by_its_noun(token: Token) -> bool:
    """'no signs of a slowdown', 'little risk of a recession': the noun the cue completes is denied."""
    noun = token.head if token.dep_ == "amod" else token
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN" \
        and noun.head.head.i != noun.i and _denied(noun.head.head)


def _object_of_denied(token: Token) -> bool:
    """'measures haven't gained sufficient traction', 'Iran is not getting any sanctions relief'."""
    return token.dep_ == "dobj" and _negated(token.head)


NOTHING = ("nothing", "nobody", "none")


def _no_one(token: Token) -> bool:
    """'no Americans', 'no one', 'nobody'."""
    return token.lower_ in NOTHING or any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def _is_name(token: Token) -> bool:
    """'Theresa May', 'in May': a capitalised word inside a sentence is a name, not the modal."""
    return token.pos_ == "PROPN" or token.text[:1].isupper() and token.i != token.sent.start \
        and not token.nbor(-1).is_punct


def _postnominal_participle(token: Token) -> bool:
    """'the parties concerned', but not 'a missile designed to reach Alaska'."""
    return token.tag_ == "VBN" and token.dep_ in ("amod", "acl") and token.head.i < token.i \
        and token.head.pos_ == "NOUN" and not list(token.children)


def _planned(verb: Token) -> bool:
    """'Ukraine is to review dozens of sales': 'be to' after an actor sets a thing to come ('the aim
    is to review' says what for)."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_ != "be" or not any(c.lower_ == "to" for c in verb.children):
        return False
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.pos_ == "PRON" or subject.i in state.get(verb.doc, "actor_at"))


def _negated(token: Token) -> bool:
    """'did not say', "isn't yet negotiating"; not 'not just the fortunate few knowing', which adds."""
    return any(c.dep_ == "neg" and not (c.i + 1 < len(c.doc) and c.nbor().lower_ in FOCUS_WORDS)
               for c in token.children)


def _is_infinitive(token: Token) -> bool:
    """'to reach' hanging on a noun: 'the range to reach'."""
    return token.dep_ in ("acl", "relcl") and token.tag_ == "VB" \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


class QuestionFinder(CueFinder):
    section = "questions"
    extension = "questions"

    def __init__(self, rules: RuleSet):
        super().__init__(rules)
        lemmas = lambda key: {w.lower() for w in rules.words(self.section, key)}  # noqa: E731
        self.open_nouns = lemmas("open_nouns")
        self.raising_verbs = lemmas("raising_verbs")
        self.telling = lemmas("telling")
        self.refusals = lemmas("refusals")
        self.nobody = lemmas("nobody")
        self.pending = lemmas("pending")
        self.examining = lemmas("examining")
        self.deciding = lemmas("deciding")
        self.asking = lemmas("asking")
        self.proving = lemmas("proving")
        self.knowledge_nouns = lemmas("knowledge_nouns")
        self.absence = lemmas("absence")
        self.contesting = lemmas("contesting")
        self.contents = lemmas("contents")
        self.future = lemmas("future_modals")
        self.granted = lemmas("granted")
        self.applied_for = lemmas("applied_for")
        self.behind = lemmas("behind")
        self.triggers = self.open_nouns | self.telling | self.pending | self.examining | self.deciding \
            | self.asking | self.knowledge_nouns | self.contesting | set(WH_WORDS)
        """Every word one of the structures starts from: most tokens are none and are passed over at once."""

    def match(self, sent: Span) -> Optional[re.Match]:
        found = super().match(sent)
        if found is None:
            token = next((t for t in sent if (t.lower_ in self.triggers or t.lemma_.lower() in self.triggers)
                          and self._leaves_open(t)), None)
            if token is not None:
                found = _match_at(sent, token)
        return found

    def _denied_cue(self, cue: Token) -> bool:
        """'Whether the public chose Howard or Kennedy, it would result in ...': a whether-clause that
        qualifies its sentence means 'no matter which' and asks nothing; nor does what varies by a
        known rule: '600 euros, depending on the length of the flight' (but 'depending on how long')."""
        if cue.lower_ == "depending":
            after = cue.doc[cue.i + 2] if cue.i + 2 < len(cue.doc) else None
            return after is None or after.lower_ not in WH_WORDS
        return cue.lower_ == "whether" and cue.head.dep_ == "advcl"

    def _eased(self, cue: Token) -> bool:
        """Also a cue in its sense of withholding or applying: 'we've denied them access', 'deny entry',
        'asylum claims'; or one the sentence has put behind it: 'lost the contract after an inquiry'."""
        if cue.dep_ == "pobj" and cue.head.lower_ in self.behind:
            return True
        return super()._eased(cue) or any(
            c.dep_ == "dative" or c.dep_ == "dobj" and c.lemma_.lower() in self.granted
            or c.dep_ == "compound" and c.lemma_.lower() in self.applied_for for c in cue.children)

    def _leaves_open(self, token: Token) -> bool:
        """What the sentence's structure leaves open, whatever the words: an open point named, something
        not told or not yet done, under review, awaiting a decision, without proof, or contested."""
        return self._names_open_point(token) or self._asks(token) or self._withheld(token) \
            or self._not_yet(token) or self._under_review(token) or self._awaited(token) \
            or self._lacking(token) or self._contested(token)

    def _asks(self, token: Token) -> bool:
        """A wh-word, 'whether' or 'if' opening a clause that completes a verb or noun of asking or finding
        out: 'to establish whether he abused his position', 'a debate over how far to go'; not a clause
        that only describes ('the town where he lived') or sets a condition ('if they attack')."""
        if token.lower_ not in WH_WORDS:
            return False
        clause = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if clause is None or clause.dep_ not in ("ccomp", "xcomp", "pcomp", "csubj"):
            return False
        opening = clause.left_edge
        if opening != token and opening.dep_ == "advmod" and opening.head in (token, token.head):
            opening = opening.nbor()  # 'over precisely whose policies'
        if opening != token:
            return False
        asker = clause.head.head if clause.head.pos_ == "ADP" else clause.head
        # the asking comes first: 'what it considers to be immoral' describes, it does not ask
        if asker.i > token.i or not (asker.lemma_.lower() in self.asking
                                     or asker.lemma_.lower() in self.proving and asker.tag_ == "VB"):
            return False
        # a decision taken settles the point: 'have decided on how to deal with competitors'
        return not (asker.lemma_.lower() in self.deciding and asker.tag_ in ("VBD", "VBN") and not _negated(asker))

    def _lacking(self, token: Token) -> bool:
        """Knowledge said to be absent, however qualified: 'no conclusive evidence', 'without any details'."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.knowledge_nouns:
            return False
        return any(c.dep_ in ("det", "amod") and c.lower_ in self.absence for c in token.children) \
            or (token.dep_ == "pobj" and token.head.lower_ in self.absence)

    def _contested(self, token: Token) -> bool:
        """A verb of contesting whose object is a statement: 'dismissed the research as rubbish',
        'challenged the figures'; not 'dismissed the minister'."""
        if token.pos_ != "VERB" or token.lemma_.lower() not in self.contesting:
            return False
        return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.contents for c in token.children)

    def _withheld(self, token: Token) -> bool:
        """A verb of telling or knowing, negated or refused: 'did not specify where', 'declined to say',
        'was unable to confirm', 'nobody appeared to know what he meant', 'has not been finalized'."""
        if token.lemma_.lower() not in self.telling or token.pos_ not in ("VERB", "AUX", "ADJ"):
            return False
        return _negated(token) or self._refused(token) or self._nobody_subject(token)

    def _refused(self, token: Token) -> bool:
        """'declined to say', 'refused to comment', 'was not able to confirm'."""
        if token.dep_ != "xcomp":
            return False
        return token.head.lemma_.lower() in self.refusals or (token.head.lower_ == "able" and _negated(token.head.head))

    def _nobody_subject(self, token: Token) -> bool:
        """'nobody knows', 'no one in Beijing appeared to know', 'no group claimed responsibility': the
        subject of this verb, or of the one it completes, is no one; read up to the subject's head word."""
        verb = token.head if token.dep_ == "xcomp" else token
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(" ".join(w.lower_ for w in s.subtree if w.i <= s.i) in self.nobody for s in subjects):
            return True
        # 'Neither Mr Howard nor Mr Letwin would say exactly how': 'neither' before a name it joins
        if any(c.dep_ in ("det", "preconj") and c.lower_ in self.nobody for s in subjects for c in s.children):
            return True
        # 'no group' only with an object: 'no attacks on the capitals, he said' lists what did not happen
        return any(c.dep_ == "dobj" for c in verb.children) \
            and any(d.dep_ == "det" and d.lower_ in self.absence for s in subjects for d in s.children)

    def _not_yet(self, token: Token) -> bool:
        """Something not done yet: 'isn't yet negotiating', 'we haven't seen it yet', 'is yet to begin'."""
        if token.lower_ not in self.pending or token.dep_ != "advmod":
            return False
        verb = token.head
        return _negated(verb) or self._nobody_subject(verb) \
            or any(c.dep_ == "xcomp" and c.i > token.i for c in verb.children)

    def _under_review(self, token: Token) -> bool:
        """A verb of examining, going on now: 'is being investigated over', 'the Pentagon was considering
        using'; not 'the dollar is weighing down the economy'."""
        if token.lemma_.lower() not in self.examining or token.pos_ != "VERB":
            return False
        if any(c.dep_ == "prt" for c in token.children):
            return False
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if token.tag_ == "VBG":  # 'is investigating'
            return any(a.lemma_ == "be" for a in auxes)
        return token.tag_ == "VBN" and any(a.lower_ == "being" for a in auxes)  # 'is being investigated'

    def _awaited(self, token: Token) -> bool:
        """A decision or an examination still to come: 'parliaments must also approve the deal',
        'ministers would consult on', 'the Pentagon would examine eight other contracts'."""
        if token.lemma_.lower() not in self.deciding | self.examining or token.pos_ != "VERB" or _negated(token):
            return False
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if any(a.dep_ == "auxpass" for a in auxes):
            return False
        return any(a.lower_ in self.future for a in auxes) or _planned(token)

    def _names_open_point(self, token: Token) -> bool:
        """'raises a host of difficult questions', 'address all questions', 'The question now is what
        comes next', 'The key will be how long prices stay low': an open noun that a raising verb governs
        or that a wh-clause completes."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.open_nouns:
            return False
        if token.dep_ == "nsubj" and token.head.lemma_ == "be":
            complements = [c for c in token.head.children if c.dep_ in ("attr", "ccomp")]
            return any(min(c.subtree, key=lambda w: w.i).lower_ in WH_WORDS for c in complements)
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        return verb is not None and verb.lemma_.lower() in self.raising_verbs

    def short_text(self, sent: Span, match: re.Match) -> str:
        """'working to determine how many troops Russia is moving' -> 'How many troops Russia is moving?';
        'How far Kim will go is unclear.' -> 'How far Kim will go?'."""
        quoted = re.search(r"[\u201c\"]([^\u201d\"]*\?)[\u201d\"]", sent.text)
        if quoted:
            return quoted.group(1).strip()
        text = sent.text.strip()
        offset = sent.text.index(text[:1]) if text else 0
        for at in (match.start(), match.end()):
            found = WH_AFTER.match(text[max(0, at - offset):])
            if found and len(found.group(1).split()) >= 3:
                words = _clause_words(sent, at + found.start(1), found.group(1))
                return _as_question(re.split(r",\s*(?:but|and|while|which|according)\b", words)[0]) if words else text
        subject = WH_SUBJECT.match(text)
        if subject and len(subject.group(1).split()) >= 3:
            return _as_question(subject.group(1))
        return _strip_attribution(sent.text)


FOCUS_WORDS = ("just", "only", "merely", "simply")
"""After 'not' they widen what is said ('not just the few') instead of denying it."""
PREDICATE_DEPS = ("acomp", "attr", "oprd", "xcomp", "ROOT")
"""A cue word in one of these relations is said of something ('it would be hard to', 'the trend
remains poor'), not a noun's modifier ('a hard drive') nor a noun itself ('the country's poor')."""
WH_WORDS = ("how", "whether", "what", "who", "whom", "whose", "why", "when", "where", "which", "if")
WH = r"(?:" + "|".join(WH_WORDS) + r")\b"
WH_AFTER = re.compile(r"\W*(?:of |on |about |as to |precisely |exactly )?(" + WH + r"[^.;:\u201d\"]*)", re.I)
"""A wh-clause at the cue or right after it: 'unclear how long ...', 'whether the regime ...'."""
WH_SUBJECT = re.compile(r"(" + WH + r"[^.;:]*?)\s+(?:is|was|remains|remained|are|were)\s+(?:still\s+|not\s+)?"
                        r"(?:unclear|unknown|not clear|not known|uncertain|to be seen|disputed)", re.I)
"""A wh-clause as the subject: 'How far Kim is willing to go is unclear.'"""


def _clause_words(sent: Span, offset: int, written: str) -> str:
    """The words of the wh-clause opening at a character offset, up to where the parse ends it (past
    'U.S.' and '2.1', before ', officials said'); as written when the parse gives no clause there;
    none for a condition ('if the report is correct, it could ...')."""
    wh = _token_at(sent, offset)
    clause = next((a for a in wh.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if clause is None or clause.dep_ == "ROOT" or clause.left_edge.i < wh.i - 2 or clause.right_edge.i < wh.i + 3:
        return written
    if wh.lower_ in ("if", "whether") and clause.dep_ == "advcl" and clause.head.i > wh.i:
        return ""  # a condition put first; 'it was unclear if ...' asks
    return sent.doc[wh.i: clause.right_edge.i + 1].text


def _as_question(clause: str) -> str:
    words = re.sub(r"\.$", "", clause.strip(" ,\u201c\u201d\""))
    return words[0].upper() + words[1:] + "?"


def _match_at(sent: Span, token: Token) -> Optional[re.Match]:
    """A token of the sentence as a cue match, as the cue finders report one."""
    return re.compile(re.escape(token.lower_)).match(_sentence_text(sent), token.idx - sent.start_char)


def _bears_on(hedges: list[Token], cue: Token) -> bool:
    """A hedge bears on a cue when it is the cue, an ancestor of it, or a dependent of one of
    these: 'could' on the verb above the cue, 'if' on the clause holding it."""
    line = {a.i for a in cue.ancestors} | {cue.i}
    if cue.pos_ in ("NOUN", "PROPN"):
        line |= {t.i for t in cue.subtree}  # 'a collapse of the deal that might come'
    return any(h.i in line or h.head.i in line for h in hedges)


def _strip_attribution(text: str) -> str:
    """Drop a trailing ', officials said.' so the item reads as the claim itself."""
    text = text.strip()
    trimmed = re.sub(r",\s*[\u201d\"]?\s*(?:(?:said|says|added|told)\s[^,.]{1,60}|[^,.]{1,60}\s(?:said|says|added))\.?$",
                     ".", text)
    return trimmed if len(trimmed) > 20 else text
