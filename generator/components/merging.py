"""Merging an article's actor records: one actor per person or body, whatever form the text used.

'Putin' is 'Vladimir Putin', 'WHO' is 'the World Health Organization', 'the Security Council' is
'the U.N. Security Council' and 'Israel's military' is 'the Israeli military'. Each merge happens
only when a single candidate fits, or (for surnames) when the text introduced one candidate first.
"""
from __future__ import annotations

import os
from typing import Callable, Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from .names import fold, singular
from .state import ActorRecord

COUNT_WORDS = {"a", "an", "the", "one", "two", "three", "four", "five", "several", "some", "many", "other", "another"}
MIN_STEM = 4
"""Letters a country and its adjective share at least: 'Iraq'/'Iraqi', 'China'/'Chinese'."""


class AliasMerger:
    """Merges records in place and points every mention of a merged record at the survivor."""

    def __init__(self, rules: RuleSet, rule_names: set[str]):
        self.surname_prefixes = sorted(rules.words("surname_prefixes"), key=len, reverse=True)
        self.titled_names = {fold(w) for w in rules.words("titled_names")}
        self.rule_names = rule_names
        """Folded canonical names from the alias rules: never merged away by a guess."""
        self.synonym_key = {w.lower(): group[0].lower() for group in rules.data.get("institution_synonyms", []) for w in group}
        """An institution noun to the first of its synonyms: 'army' -> 'military'."""
        self.mouthpieces = {w.lower() for w in rules.section("anonymous_sources").get("mouthpieces", [])}
        self.country_bodies = {w.lower() for w in rules.words("country_bodies")}
        self.country_of = {fold(form): entry["name"] for entry in rules.data.get("aliases", [])
                           for form in entry["aliases"]}
        """A capital or other form to its country's name: "Moscow's ministry" is Russia's."""

    def __call__(self, doc: Doc, records: dict[str, ActorRecord], actor_at: dict) -> None:
        self._merge_surnames(records, actor_at)
        self._merge_acronyms(doc, records, actor_at)
        self._merge_appositive_acronyms(doc, records, actor_at)
        self._merge_possessive_countries(records, actor_at)
        self._merge_institution_synonyms(records, actor_at)
        self._merge_governments(records, actor_at)
        self._merge_short_organizations(records, actor_at)
        self._merge_name_variants(records, actor_at)
        self._merge_restated_sources(records, actor_at)
        self._merge_mouthpieces(records, actor_at)

    def _merge_surnames(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'Putin', 'Assad' or 'Kim' join 'Vladimir Putin', 'Bashar al-Assad' or 'Kim Jong Un',
        whatever label the model gave the short form. With several full names ('Donald Trump',
        'Melania Trump'), the one the text introduced first, before the short form, is meant."""
        people = [r for r in records.values() if r.kind == "person" and " " in r.name]
        shorts = [r for r in records.values() if r.kind != "anonymous_source" and fold(r.name) not in self.rule_names]
        for short in shorts:
            matches = [r for r in people if r is not short and r.key in records and self._is_short_for(short.name, r.name)]
            chosen = matches[0] if len(matches) == 1 else _introduced_first(matches, before=short)
            if chosen is not None and short.key in records:
                _absorb(records, actor_at, chosen, short)

    def _merge_acronyms(self, doc: Doc, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'the World Health Organization (WHO)': 'WHO', there and later, is the organisation."""
        for ent in doc.ents:
            acronym = _bracketed_acronym(ent)
            full = records.get(actor_at.get(ent.root.i, ""))
            if acronym is None or full is None or full.kind == "person" \
                    or acronym.text[0] not in _initials(ent.text) + _initials(full.name):
                continue  # 'Syria (ISIS)' ends 'the Islamic State of Iraq and Syria (ISIS)': not Syria's
            short = records.get(fold(acronym.text))
            if short is not None and short is not full:
                _absorb(records, actor_at, full, short)
            full.forms.append(acronym.text)
            for token in doc:
                if token.text == acronym.text and token.i not in actor_at:
                    actor_at[token.i] = full.key
                    full.mentions.append((token.i, token.i + 1))

    def _merge_appositive_acronyms(self, doc: Doc, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'CENTR, the Council of European National Top Level Domain Registries, agrees': a short form
        and the name set beside it are one body when its letters are the name's initials, in order."""
        for token in doc:
            if token.dep_ != "appos":
                continue
            pair = [records.get(actor_at.get(t.i, "")) for t in (token.head, token)]
            if None in pair or pair[0] is pair[1]:
                continue
            short, full = sorted(pair, key=lambda r: (" " in r.name, len(r.name)))
            if full.kind != "person" and _abbreviates(short.name, full.name):
                _absorb(records, actor_at, full, short)

    def _merge_short_organizations(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'Rystad' joins 'Rystad Energy', 'Fox' 'Twentieth Century Fox', 'Authority' joins 'Palestinian
        Authority', 'Security Council' joins 'U.N. Security Council' and 'Defense Ministry' 'Ukrainian
        Defense Ministry', when only one fits."""
        orgs = [r for r in records.values() if r.kind == "organization"]
        # a lone word the model took for a person that no person's name holds: 'Fox' after
        # 'Twentieth Century Fox' (the surname merge has already run)
        lone = [r for r in records.values() if r.kind == "person" and " " not in r.name]
        shorts = [r for r in sorted(orgs, key=lambda r: len(r.name.split())) + lone
                  if fold(r.name) not in self.rule_names]
        _absorb_where_one_fits(records, actor_at, shorts, orgs, _is_short_org)

    def _merge_name_variants(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'Powys Health Board' and 'Powys Local Health Board', 'Hereford Hospital Trust' and
        'Hereford Hospitals NHS Trust': a body's name written once in full and once with a word
        left out is one body (three words at least: 'Democratic Party' is not 'Democratic Unionist Party')."""
        orgs = sorted((r for r in records.values() if r.kind == "organization"), key=lambda r: len(r.name.split()))
        _absorb_where_one_fits(records, actor_at, orgs, orgs, _leaves_out_words)

    def _merge_possessive_countries(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """"Israel's military" is 'the Israeli military', "Egypt's military" 'the Egyptian military'."""
        orgs = [r for r in records.values() if r.kind == "organization"]
        for owned in [r for r in orgs if "'s " in r.name.replace("\u2019", "'")]:
            country, _, body = owned.name.replace("\u2019", "'").partition("'s ")
            country = self.country_of.get(fold(country), country)
            matches = [r for r in orgs if r is not owned and r.key in records and _is_adjective_form(r.name, country, body)]
            if len(matches) == 1 and owned.key in records:
                _absorb(records, actor_at, matches[0], owned)

    def _merge_institution_synonyms(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'the Israeli army' joins 'the Israeli military' named first: the same owner, a synonym."""
        first: dict[str, ActorRecord] = {}
        orgs = sorted([r for r in records.values() if r.kind == "organization" and r.mentions], key=lambda r: min(r.mentions))
        for record in orgs:
            *owner, noun = fold(record.name).split()
            if noun not in self.synonym_key or not owner:
                continue
            key = " ".join(owner) + " " + self.synonym_key[noun]
            if key in first:
                _absorb(records, actor_at, first[key], record)
            else:
                first[key] = record

    def _merge_governments(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'the Iraqi government', "Britain's government", 'the UK government': a country's
        government is the country acting, when one country fits (or one is named most often)."""
        countries = [r for r in records.values() if r.kind == "country"]
        for body in [r for r in records.values() if r.kind == "organization"]:
            *owner, noun = fold(body.name).split()
            if noun not in self.country_bodies or not owner:
                continue
            owner = " ".join(owner).partition("'s ")[0]  # "ukraine's then-interim government"
            matches = sorted([c for c in countries if c.key in records and _is_country_word(owner.strip("[]()"), [c.name, *c.forms])],
                             key=lambda c: len(c.mentions), reverse=True)
            if matches and (len(matches) == 1 or len(matches[0].mentions) > len(matches[1].mentions)):
                _absorb(records, actor_at, matches[0], body)  # 'Ukraine', named often, not a stray 'Ukrainian'

    def _merge_restated_sources(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'a senior Pakistani official' then 'the Pakistani official'; 'Chinese officials' then
        'Chinese officials familiar with the talks': one source told again with fewer or more
        words, when only one source fits."""
        sources = sorted([r for r in records.values() if r.kind == "anonymous_source" and r.mentions],
                         key=lambda r: min(r.mentions))
        for later in sources:
            words = _source_words(later.name)
            fits = [r for r in sources if r is not later and r.key in records and r.head == later.head
                    and min(r.mentions) < min(later.mentions)
                    and words <= _source_words(r.name)]
            if len(fits) == 1 and later.key in records:
                _absorb(records, actor_at, fits[0], later)

    def _merge_mouthpieces(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'a spokesman for the U.S. Pacific Command', 'a State Department spokesman': the
        organisation named inside the source's words speaks, when it is one."""
        bodies = [r for r in records.values() if r.kind == "organization"]
        for source in [r for r in records.values() if r.kind == "anonymous_source" and r.head in self.mouthpieces]:
            inside = [b for b in bodies if b.key in records and any(
                start <= b_start and b_end <= end for start, end in source.mentions for b_start, b_end in b.mentions)]
            if len(inside) == 1:
                _absorb(records, actor_at, inside[0], source)

    def _is_short_for(self, short: str, full: str) -> bool:
        """Surname(s) at the end ('Assad' for 'Bashar al-Assad'), or a family name first ('Kim Jong')."""
        short_words = [self._bare_surname(w) for w in fold(short).split()]
        full_words = [self._bare_surname(w) for w in fold(full).split()]
        if len(short_words) == 2 and short_words[0] in self.titled_names and full_words[0] not in self.titled_names:
            return full_words[-1] == short_words[1]  # 'Lord Goldsmith' is 'Peter Goldsmith'
        if len(short_words) >= len(full_words):
            return False
        n = len(short_words)
        return full_words[-n:] == short_words or full_words[:n] == short_words

    def _bare_surname(self, word: str) -> str:
        """'al-assad' -> 'assad': a particle glued to a surname is often left out."""
        for prefix in self.surname_prefixes:
            if word.startswith(prefix.lower()) and len(word) > len(prefix) + 1:
                return word[len(prefix):]
        return word


def _source_words(name: str) -> set[str]:
    """A source's describing words, without articles and counts: 'a senior Pakistani official'
    -> {'senior', 'pakistani', 'official'}."""
    return {w.rstrip("s") for w in fold(name).replace(",", " ").split()} - COUNT_WORDS


def _introduced_first(matches: list[ActorRecord], before: ActorRecord) -> Optional[ActorRecord]:
    """The candidate whose first mention comes first, if that is before the short form's."""
    firsts = [(min(r.mentions)[0], r) for r in matches if r.mentions]
    if not firsts or not before.mentions:
        return None
    start, first = min(firsts, key=lambda pair: pair[0])
    return first if start < min(before.mentions)[0] else None


def _is_short_org(short: str, full: str) -> bool:
    """The first or last word of a name, its initials, or its last words after a qualifier."""
    if " " not in short:  # whole words only: 'IMF' is not short for 'IMF-World Bank'
        return short in (full.split()[0], full.split()[-1]) or short == _initials(full)
    short_words, full_words = fold(short).split(), fold(full).split()
    return len(short_words) < len(full_words) and full_words[-len(short_words):] == short_words


def _is_adjective_form(name: str, country: str, body: str) -> bool:
    """'Israeli military' for ('Israel', 'military'): the same body, and an adjective that
    shares the country's stem ('Iraq'/'Iraqi', 'Ukraine'/'Ukrainian', 'China'/'Chinese')."""
    country_words = fold(country).split()
    words = fold(name).split(" ", len(country_words))  # 'South Korean | defense ministry'
    if len(words) != len(country_words) + 1 or words[-1] != fold(body) or words[:-2] != country_words[:-1]:
        return False
    adjective, country = words[-2], country_words[-1]
    stem = min(len(country) - 1, len(adjective))
    return stem >= MIN_STEM and adjective[:stem] == country[:stem] and adjective != country


def _is_country_word(word: str, names: list[str]) -> bool:
    """'uk', 'iraqi', 'british', 'afghan' or 'saudi' for a country named 'United Kingdom', 'Iraq',
    'Britain', 'Afghanistan' or 'Saudi Arabia': one of its names or their start, or an adjective
    sharing all but the last three letters of its last word."""
    *lead, last = word.split()
    for name in {fold(n) for n in names}:
        if word == name or name.startswith(word + " "):  # 'saudi' for 'saudi arabia'
            return True
        *name_lead, name_last = name.split()
        shared = len(os.path.commonprefix([last, name_last]))
        if lead == name_lead and shared >= MIN_STEM and (shared >= len(name_last) - 3 or name_last.startswith(last)):
            return True  # 'south korean' for 'south korea'
    return False


def _absorb_where_one_fits(records: dict[str, ActorRecord], actor_at: dict, shorts: list[ActorRecord],
                           fulls: list[ActorRecord], fits: Callable[[str, str], bool]) -> None:
    """Each short name joins the one full name it fits; none when several fit."""
    for short in shorts:
        if short.key not in records:
            continue
        matches = [r for r in fulls if r is not short and r.key in records and fits(short.name, r.name)]
        if len(matches) == 1:
            _absorb(records, actor_at, matches[0], short)


def _absorb(records: dict[str, ActorRecord], actor_at: dict, into: ActorRecord, other: ActorRecord) -> None:
    into.forms += other.forms
    into.mentions += other.mentions
    into.role = into.role or other.role
    for i, key in list(actor_at.items()):
        if key == other.key:
            actor_at[i] = into.key
    del records[other.key]


def _initials(name: str) -> str:
    """'International Monetary Fund' -> 'IMF', 'Organization for Security and Cooperation in
    Europe' -> 'OSCE': the capitalised words' first letters."""
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _leaves_out_words(short: str, full: str) -> bool:
    """The short name's words, singular, are the full name's in order, with its first and last."""
    short_words = [singular(w) for w in fold(short).split()]
    full_words = [singular(w) for w in fold(full).split()]
    if len(short_words) < 3 or len(short_words) >= len(full_words) or short_words[0] != full_words[0] \
            or short_words[-1] != full_words[-1]:
        return False
    remaining = iter(full_words)
    return all(word in remaining for word in short_words)


def _abbreviates(short: str, full: str) -> bool:
    """'CENTR' for 'Council of European National Top Level Domain Registries': capitals whose
    letters are the name's initials in order, the first one first."""
    if not (short.isupper() and short.isalpha() and len(short) > 1) or " " in short:
        return False
    initials = iter(_initials(full))
    return short[0] == _initials(full)[:1] and all(letter in initials for letter in short)


def _bracketed_acronym(ent: Span) -> Optional[Token]:
    """'WHO' in 'World Health Organization (WHO)', whether or not the model's span took the bracket."""
    doc = ent.doc
    bracket = next((t.i for t in ent if t.text == "("), ent.end if ent.end < len(doc) and doc[ent.end].text == "(" else None)
    if bracket is None or bracket + 2 >= len(doc) or doc[bracket + 2].text != ")":
        return None
    word = doc[bracket + 1]
    return word if word.text.isupper() and word.is_alpha and len(word) > 1 else None
