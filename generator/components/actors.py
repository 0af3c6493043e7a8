"""briefing_actors: named and anonymous actors, with aliases merged and roles kept."""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from . import state
from .furniture import Furniture
from .merging import AliasMerger
from .names import clean_surface, fold, singular, strip_leading, strip_trailing
from .state import ActorRecord

ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "dobj", "pobj", "conj", "appos", "ROOT"}
"""A place counts as an actor only when some mention of it does something or has something."""
NAMED_MODIFIERS = {"GPE", "NORP", "ORG"}
"""A source described by a place, people or body is specific: "Gaza health officials", "a Yemeni official"."""
SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
PLACE_LABELS = {"GPE", "LOC"}
LIST_JOINTS = {",", "and", "or", "&"}
MIN_LISTED, MIN_LISTED_PLACES = 4, 2
"""A list of this many names, this many of them places, is a list of places."""
NAME_WORDS = {("compound", "PROPN"), ("amod", "PROPN")}
"""Capitalised words before a speaking name that belong to it: 'Han' in 'Han Jun', 'Liberal' in 'Liberal Democrats'."""


class ActorFinder:
    """Finds actors in a Doc and merges their mentions under one canonical name."""

    def __init__(self, rules: RuleSet):
        self.kinds: dict[str, str] = dict(rules.section("entity_kinds"))
        self.alias_of: dict[str, tuple[str, str]] = {}
        for entry in rules.data.get("aliases", []):
            for form in [entry["name"], *entry["aliases"]]:
                self.alias_of[fold(clean_surface(form))] = (entry["name"], entry.get("kind", ""))
        self.excluded = {fold(n) for e in rules.data.get("not_actors", []) for n in e["names"]}
        self.outlets = {fold(n) for n in rules.words("outlets")}
        self.product_patterns = [re.compile(p) for p in rules.words("not_actor_patterns")]
        self.document_heads = {w.lower() for w in rules.words("not_actor_heads")}
        self.titles = rules.words("titles")
        self.institutions = {w.lower() for w in rules.words("institutions")}
        self.leader_institutions = {w.lower() for w in rules.words("leader_institutions")}
        self.organisation_descriptors = {w.lower() for w in rules.words("organisation_descriptors")}
        self.web_suffixes = sorted((w.lower() for w in rules.words("web_address_suffixes")), key=len, reverse=True)
        groups = rules.section("groups")
        self.group_class = {w.lower(): cls for cls, words in (groups.get("classes") or {}).items() for w in words}
        self.peoples_only = set(groups.get("peoples_only") or [])
        self.group_modifiers = {w.lower() for w in groups.get("modifiers") or []}
        self.stance_prefixes = tuple(w.lower() for w in rules.words("not_actor_prefixes"))
        self.countries = {fold(form) for e in rules.data.get("aliases", []) if e.get("kind") == "country"
                          for form in [e["name"], *e["aliases"]]}
        self.furniture = Furniture(rules)
        self.speech_verbs = {w.lower() for w in rules.words("attribution", "verbs")}
        self.reporting_verbs = self.speech_verbs | {w.lower() for w in rules.words("attribution", "finding_verbs")}
        self.report_nouns = {w.lower() for w in rules.words("attribution", "report_nouns")}
        self.name_possessives = {w.lower() for w in rules.words("name_possessives")}
        self.act_nouns = self.report_nouns | {w.lower() for w in rules.words("act_nouns")}
        self.title_words = {t.lower() for t in self.titles}
        self.title_keys = {fold(t) for t in self.titles}
        self.rule_names = {fold(n) for n, _ in self.alias_of.values()}
        self.merger = AliasMerger(rules, self.rule_names)
        self.honorifics = rules.words("honorifics")
        self.post_nominals = rules.words("post_nominals")
        self.locating_suffixes = {w.lower() for w in rules.words("locating_suffixes")}
        self.titled_names = set(rules.words("titled_names"))
        self.honorific_words = {h.rstrip(".") for h in self.honorifics}
        anon = rules.section("anonymous_sources")
        self.heads = {w.lower() for w in anon.get("heads", [])}
        self.described_nouns = self.heads | self.act_nouns | set(self.group_class)
        """Nouns a name may modify and stay an actor: its sources, its acts, its fighters."""
        self.modifiers = {w.lower() for w in anon.get("modifiers", [])}
        self.post_modifiers = [w.lower() for w in anon.get("post_modifiers", [])]
        self.affiliations = [w.lower() for w in anon.get("affiliations", [])]

    def __call__(self, doc: Doc) -> Doc:
        records: dict[str, ActorRecord] = {}
        actor_at = state.get(doc, "actor_at")
        for span, kind in self._named_mentions(doc):
            self._add(records, actor_at, span, kind)
        for span in self._unlabelled_speakers(doc):
            if span.root.i not in actor_at:  # a name of the rules the model took for a people
                self._add(records, actor_at, span, "person")
        for span in self._anonymous_mentions(doc):
            self._add(records, actor_at, span, "anonymous_source")
        for span in self._institution_mentions(doc):
            self._add(records, actor_at, span, "organization")
        for span, short in self._leader_institutions(doc):
            key = self._add(records, actor_at, span, "organization")
            if key is not None:
                records[key].forms.append(short)
        for span, cls in self._group_mentions(doc):
            self._add(records, actor_at, span, "group", key="group:" + cls)
        self.merger(doc, records, actor_at)
        actors = [r for r in records.values() if self._keep(doc, r)]
        kept = {r.key for r in actors}
        for token_i in [i for i, key in actor_at.items() if key not in kept]:
            del actor_at[token_i]
        state.get(doc, "actors").extend(actors)
        return doc

    # -- named entities ---------------------------------------------------
    def _named_mentions(self, doc: Doc):
        for ent in self._split_at_honorifics(_without_lists(_joined_names(_joined_to_patterns(doc)))):
            ent = self._with_known_start(ent)
            name = fold(clean_surface(ent.text))
            kind = self.kinds.get(ent.label_) or self._rule_kind(name)
            if not kind or name in self.excluded or ent[-1].lower_ in self.document_heads or self.furniture(doc, ent):
                continue
            if len(ent) == 1 and ent[0].tag_ == "VBG" and name not in self.alias_of:
                continue  # 'Registering names that look like ...': a gerund opening the sentence
            if ent.start in state.per_doc(doc, "listed_places", _listed_places) and name not in self.alias_of:
                continue
            if name not in self.outlets or self._reports(ent):
                span = _with_place(_before_bracket(_without_leading_verb(ent)))
                yield self._owner_or_owned(span), kind

    def _split_at_honorifics(self, ents: list[Span]) -> list[Span]:
        """'the Foreign Policy Centre Mr Straw': a name the model ran into the next one, split
        where an honorific starts a person's name."""
        spans: list[Span] = []
        for ent in ents:
            cut = next((t.i for t in ent[1:] if t.text.rstrip(".") in self.honorific_words and t.is_title), None)
            if cut is None or cut + 1 >= ent.end:
                spans.append(ent)
            else:
                spans += [Span(ent.doc, ent.start, cut, label=ent.label_), Span(ent.doc, cut, ent.end, label="PERSON")]
        return spans

    def _with_known_start(self, ent: Span) -> Span:
        """'Liberal' + 'Democrats', 'Islamic' + 'State': a name of the alias rules whose first word the
        model left out or took for a people."""
        word = ent.doc[ent.start - 1] if ent.start > 0 else None
        if word is not None and word.is_title and word.ent_type_ in ("", "NORP") \
                and fold(clean_surface(ent.doc[word.i: ent.end].text)) in self.alias_of:
            return Span(ent.doc, word.i, ent.end, label=ent.label_)
        return ent

    def _rule_kind(self, name: str) -> Optional[str]:
        """A name the alias rules know is an actor whatever the model took it for: 'the Tories' are
        a party, not a people."""
        alias = self.alias_of.get(name)
        return (alias[1] or None) if alias else None

    def _owner_or_owned(self, ent: Span) -> Span:
        """A span the model ran across a possessive: "U.N.'s International Atomic Energy Agency" is
        the agency (a name of several words after it), "Theresa May's Brexit" is Theresa May."""
        mark = next((t.i for t in ent[1:-1] if t.tag_ == "POS"), None)
        if mark is None or fold(clean_surface(ent.text)) in self.alias_of:
            return ent
        owner = ent.doc[mark - 1].lower_
        if owner in self.name_possessives or owner in state.per_doc(ent.doc, "common_nouns", _common_nouns):
            return ent  # "People's Daily": a common noun's possessive is the name's
        owned = Span(ent.doc, mark + 1, ent.end, label=ent.label_)
        return owned if len(owned) >= 2 else Span(ent.doc, ent.start, mark, label=ent.label_)

    def _reports(self, ent: Span) -> bool:
        """An outlet acts when it reports ('the Associated Press reports', 'according to Tass',
        'Bloomberg's analysis found')."""
        root, verbs = ent.root, self.speech_verbs
        if root.dep_ == "poss" and root.head.lemma_.lower() in self.report_nouns:
            root, verbs = root.head, self.reporting_verbs  # finding verbs report only for a report
        if root.dep_ == "nsubj" and root.head.lemma_.lower() in verbs:
            return True
        return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.i > 0 \
            and root.doc[root.head.i - 1].lower_ == "according"

    def _unlabelled_speakers(self, doc: Doc):
        """'Han Jun told Xinhua', 'Han said': a name that speaks is a person even when the model
        gave it no label (or a wrong one, such as a nationality)."""
        for token in doc:
            if (token.dep_ == "nsubj" and token.pos_ == "PROPN" and token.is_title
                    and token.head.lemma_.lower() in self.speech_verbs and token.ent_type_ not in self.kinds
                    and fold(token.text) not in self.excluded and fold(token.text) not in self.outlets
                    and not self.furniture.is_page_line(state.sentence_at(doc, token.i))):
                words = [t for t in token.lefts if t.is_title and (t.dep_, t.pos_) in NAME_WORDS]
                start = min([t.i for t in words] + [token.i])
                if all(doc[i].ent_type_ not in self.kinds for i in range(start, token.i + 1)):
                    yield doc[start: token.i + 1]

    def _add(self, records, actor_at, span: Span, kind: str, key: Optional[str] = None) -> Optional[str]:
        name, kind, role = self._canonical(span, kind)
        if not name or fold(name) in self.excluded or fold(name) in self.title_keys or _ends_open(span) \
                or fold(clean_surface(span.text)) in self.title_keys:
            return None  # "Col." or "Foreign Minister" left alone once the name was split off, "Lord Chief Justice"
        if kind != "anonymous_source" and any(p.search(name) for p in self.product_patterns):
            return None
        if key is None:
            key = fold(name) if kind != "anonymous_source" else self._source_key(records, span)
        record = records.setdefault(key, ActorRecord(key=key, name=name, kind=kind))
        if kind == "anonymous_source":
            record.head = self._source_head(span)
            record.described = record.described or self._post_modifier(span.root, self.post_modifiers) is not None
        record.forms.append(clean_surface(span.text))
        record.mentions.append((span.start, span.end))
        record.role = record.role or role
        if len(name) > len(record.name) and kind != "anonymous_source":
            record.name = name
        for token in span:
            actor_at[token.i] = key
        return key

    def _canonical(self, span: Span, kind: str) -> tuple[str, str, Optional[str]]:
        text = clean_surface(span.text)
        if kind == "anonymous_source":
            return text, kind, None
        alias = self.alias_of.get(fold(text))
        if alias:
            return alias[0], alias[1] or kind, None
        text = _without_web_suffix(text, self.web_suffixes)
        words = text.split()
        if len(words) > 1 and words[0] in self.honorifics:
            kind = "person"  # "[Mr Baume's]", whatever the model took it for: an honorific names a person
        if kind != "person" and span.label_ != "PERSON":
            return text, kind, None  # "General Motors", "General Assembly": no title to take off
        title, text = strip_leading(strip_trailing(text, self.post_nominals), self.titles + self.honorifics)
        role = self._role(span) or (title if title and title not in self.honorifics else None)
        if span.start > 0 and span.doc[span.start - 1].lower_ in self.organisation_descriptors and not title:
            return text, "organization", None  # 'plane-making giant Bombardier', tagged as a person
        before = (title or role or "").split()  # the title inside the name, or just before it
        if before and before[-1] in self.titled_names and " " not in text:
            text = f"{before[-1]} {text}"  # 'Lord Falconer', 'Prince Charles': not 'Falconer', 'Charles'
        return text, kind, role

    def _role(self, span: Span) -> Optional[str]:
        """Words before the name in its noun phrase, or an appositive after it."""
        if span.label_ != "PERSON":
            return None
        root = span.root
        left = [t for t in root.lefts if t.i < span.start and t.dep_ in ("compound", "amod", "nmod")]
        if left:
            start = min(t.left_edge.i for t in left)
            words = _after_last_break(span.doc[start: span.start])
            if words is not None and self._says_who(words):
                return strip_trailing(clean_surface(words.text), self.honorifics)  # not 'Sir' of 'Sir John Bourn'
        for child in root.rights:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                tokens = [t for t in child.subtree if t.dep_ != "det" and t.text not in ",;"]
                return clean_surface(" ".join(t.text for t in tokens)) or None
        return None

    def _says_who(self, words: Span) -> bool:
        """A role has a common noun or a title ('spokesperson', 'Prime Minister'), not only a
        name ('North Korea's Kim', 'Refugees' in '... for Refugees Antonio Guterres')."""
        lower = " " + " ".join(t.lower_ for t in words) + " "
        return (any(t.pos_ == "NOUN" and t.is_lower for t in words)
                or any(f" {title} " in lower for title in self.title_words))

    # -- a country's institutions -------------------------------------------
    def _institution_mentions(self, doc: Doc):
        """'the U.S. military', "Israel's army", 'Syrian state media', 'the Trump administration':
        an actor of its own; not a word of a name ('research firm Informa Media')."""
        for token in doc:
            if token.pos_ != "NOUN" and not (token.pos_ == "PROPN" and token.is_lower):
                continue
            lefts = [t for t in token.lefts if t.dep_ in ("compound", "poss", "nmod") or t.ent_type_]
            if token.lower_ in self.institutions and any(t.ent_type_ in ("GPE", "NORP") for t in lefts):
                span = doc[min(t.left_edge.i for t in lefts): _name_end(token)]  # not 'central' of 'the central Iraqi government'
                if not span.text.lower().startswith(self.stance_prefixes):  # 'an anti-Hamas government'
                    yield span

    def _leader_institutions(self, doc: Doc):
        """'the Trump administration', "President Donald Trump's administration" (also written
        'Trump administration'); not 'Trump administration officials', a source of its own."""
        for token in doc:
            if token.lower_ not in self.leader_institutions or token.dep_ == "compound":
                continue
            leader = next((t for t in token.lefts if t.dep_ in ("compound", "poss") and t.ent_type_ == "PERSON"), None)
            if leader is not None:
                yield doc[leader.left_edge.i: token.i + 1], f"{leader.text} {token.text}"

    # -- groups named by what they are ---------------------------------------
    def _group_mentions(self, doc: Doc):
        """'pro-Russian separatists', 'the U.S.-led coalition', 'Kurdish forces'; then 'the
        rebels' once such a group was named. A named group ('ISIS militants') is its name's."""
        named: set[str] = set()
        for token in doc:
            cls = self.group_class.get(token.lower_)
            if cls is None or token.pos_ not in ("NOUN", "PROPN") or token.ent_type_:
                continue
            lefts = [t for t in token.lefts if t.dep_ in ("amod", "compound", "npadvmod", "nmod")]
            if any(t.ent_type_ in ("ORG", "PERSON") or (t.pos_ == "PROPN" and not t.ent_type_) for t in lefts):
                continue
            start = _after_sentence_end(doc, min([t.left_edge.i for t in lefts], default=token.i), token.i)
            mods = [t for t in lefts if not t.is_punct and self._names_a_group(t, cls, doc[start: token.i])]
            if mods:
                named.add(cls)
                yield doc[start: token.i + 1], cls
                yield doc[max(start, _word_start(mods[-1].left_edge)): token.i + 1], cls  # "Houthi rebels" in "Iran-backed Houthi rebels"
            elif cls in named and not lefts and not any(t.dep_ in ("poss", "nummod") for t in token.lefts):
                yield doc[token.i: token.i + 1], cls

    def _names_a_group(self, modifier: Token, cls: str, words: Span) -> bool:
        """A people ('Kurdish', 'Houthi'), a stance or leader ('pro-Russian', 'U.S.-led') or a
        word of the rules ('international'); for some classes only a people without a country,
        and no stance ('pro-Russian forces' are no people's)."""
        text = modifier.text.lower()
        if cls in self.peoples_only:
            phrase = "".join(t.text for t in words).lower()
            return modifier.ent_type_ == "NORP" and not phrase.startswith(self.stance_prefixes) \
                and not self._is_country_people(modifier)
        hyphenated = any("-" in t.text for t in modifier.subtree)
        return modifier.ent_type_ in ("NORP", "GPE") or hyphenated or text in self.group_modifiers

    def _is_country_people(self, token: Token) -> bool:
        """'Syrian', 'Ukrainian', 'Turkish', 'Afghan': the people of a country in the rules or in
        the text, sharing all but the country's last two letters or its start ('Kurdish' is not
        'Kurdistan''s)."""
        adjective = token.lower_
        places = self.countries | state.per_doc(token.doc, "place_names", _place_names)
        return any(len(p) >= 4 and (adjective[:max(4, len(p) - 2)] == p[:max(4, len(p) - 2)] or p.startswith(adjective))
                   for p in places if " " not in p)  # 'Turkish'/'Turkey', 'Afghan'/'Afghanistan'

    # -- anonymous sources ------------------------------------------------
    def _anonymous_mentions(self, doc: Doc):
        for token in doc:
            if token.lower_ in self.heads and token.pos_ in ("NOUN", "PROPN") and not _describes_a_person(token) \
                    and not _inside_a_name(token):
                span = self._source_span(token)
                if span is not None:
                    yield span

    def _source_span(self, head: Token) -> Optional[Span]:
        lefts = [t for t in head.lefts if t.dep_ in ("nummod", "amod", "compound", "det", "nmod", "quantmod", "poss")]
        named = [t for left in lefts for t in left.subtree
                 if t.ent_type_ in NAMED_MODIFIERS or _is_owner_name(t) or (t.is_title and fold(t.text) in self.alias_of)]
        mods = [t for t in lefts if t.lower_ in self.modifiers or t.like_num] + named
        post = self._post_modifier(head, self.post_modifiers + self.affiliations)
        specific = any(t.lower_ in self.modifiers for t in lefts) or bool(named) or post is not None
        if not specific:
            return None
        start = min([t.left_edge.i for t in lefts] + [head.i]) if lefts else head.i
        end = post.right_edge.i + 1 if post is not None else head.i + 1
        if head.head.lower_ == "of" and head.head.head.like_num:
            start = min(start, head.head.head.i)  # "one of the senior officials"
        if not mods and post is None:
            return None
        return head.doc[start:end]

    def _source_head(self, span: Span) -> str:
        """The head noun of a source's phrase, singular: 'official' in 'one of the senior US officials'."""
        return singular(next((t.lower_ for t in span if t.lower_ in self.heads), span.root.lower_))

    @staticmethod
    def _post_modifier(head: Token, phrases: list[str]) -> Optional[Token]:
        for child in head.rights:
            phrase = " ".join(t.lower_ for t in list(child.subtree)[:3])
            if any(phrase.startswith(p) for p in phrases):
                return child
        return None

    def _source_key(self, records: dict[str, ActorRecord], span: Span) -> str:
        """Same modifiers and head make the same source: "a senior US official" twice is one;
        "one of the sources ..." is one of a group already named."""
        words = [t for t in span if not t.like_num and t.dep_ != "det" and t.lower_ not in ("of", "other", "those", "these", "the")]
        key = "anon:" + " ".join(singular(t.lower_) for t in words)
        if key not in records and _is_partitive(span):
            group = state.latest_source_with_head(records.values(), self._source_head(span), span.start)
            if group is not None:
                return group.key
        return key

    # -- filtering ---------------------------------------------------------
    def _only_describes(self, span: Span) -> bool:
        """A name that is only a word of a common noun's phrase: 'the Hossein family', 'the Mill
        restaurant'; not of what it says or decides ('a White House statement') nor of people
        who speak or fight for it ('YPG militia', 'UniCredit analysts')."""
        root = span.root
        head = root.head
        return (root.dep_ in ("compound", "amod") and head.pos_ == "NOUN" and head.i >= span.end
                and head.lower_ not in self.described_nouns)

    def _only_locates(self, span: Span) -> bool:
        """'US-based hedge fund Atticus', 'UK-born': the place says where someone is, it does nothing."""
        doc = span.doc
        return span.end + 1 < len(doc) and doc[span.end].text in ("-", "\u2010", "\u2011") \
            and doc[span.end + 1].lower_ in self.locating_suffixes

    def _keep(self, doc: Doc, record: ActorRecord) -> bool:
        if record.kind in ("person", "organization"):
            return not all(self._only_describes(doc[start:end]) for start, end in record.mentions)
        if record.kind != "country":
            return True
        if all(self._only_locates(doc[start:end]) for start, end in record.mentions):
            return False
        if fold(record.name) in self.rule_names:
            return True
        return any(_acts(doc[start:end].root) for start, end in record.mentions)


def _joined_to_patterns(doc: Doc) -> list[Span]:
    """Entities, with a name word the model split off a rule-file pattern put back: "Kataib"
    before the pattern "Hezbollah" is "Kataib Hezbollah" (but "Iran" before it stays a country)."""
    joined: list[Span] = []
    for ent in doc.ents:
        word = doc[ent.start - 1] if ent.start > 0 else None
        if (ent.ent_id_ and word is not None and word.pos_ == "PROPN" and word.is_title
                and word.whitespace_ == " " and word.ent_type_ not in ("GPE", "NORP")):
            if joined and joined[-1].end == ent.start:
                joined.pop()
            joined.append(Span(doc, ent.start - 1, ent.end, label=ent.label_))
        else:
            joined.append(ent)
    return joined


def _joined_names(ents: list[Span]) -> list[Span]:
    """'Lockheed' + 'Martin', 'Tory Dominic' + 'Grieve': one name the model cut in two, where the
    first part is a compound of a one-word second part; a person only if both parts are."""
    joined: list[Span] = []
    for ent in ents:
        before = joined[-1] if joined else None
        if before is not None and before.end == ent.start and len(ent) == 1 \
                and {before.label_, ent.label_} <= {"ORG", "PERSON"} \
                and before[-1].dep_ == "compound" and before[-1].head.i == ent.start:
            label = "PERSON" if before.label_ == ent.label_ == "PERSON" else "ORG"
            joined[-1] = Span(ent.doc, before.start, ent.end, label=label)
        else:
            joined.append(ent)
    return joined


def _without_lists(ents: list[Span]) -> list[Span]:
    """'Dell, Samsung', 'Eastenders, Casualty': a list the model took for one name names no one
    actor; its items are left out rather than guessed at."""
    return [e for e in ents if e.label_ not in ("ORG", "PERSON") or not any(t.text == "," for t in e)]


def _listed_places(doc: Doc) -> set[int]:
    """Where the names of a list of places start: 'Bristol West, Cardiff Central, Cambridge,
    Manchester Gorton, ...'. A list of several names of which the model took at least two for
    places is one of places, whatever it took the others for."""
    starts: set[int] = set()
    run: list[Span] = []
    for ent in [*doc.ents, None]:
        if ent is not None and run and _listed_after(run[-1], ent):
            run.append(ent)
            continue
        if len(run) >= MIN_LISTED and sum(e.label_ in PLACE_LABELS for e in run) >= MIN_LISTED_PLACES:
            starts |= {e.start for e in run}
        run = [ent] if ent is not None else []
    return starts


def _listed_after(before: Span, ent: Span) -> bool:
    """The next name of a list: only commas, 'and', 'or' and unlabelled capitalised words between."""
    gap = ent.doc[before.end: ent.start]
    return any(t.lower_ in LIST_JOINTS for t in gap) and all(
        t.lower_ in LIST_JOINTS or (t.pos_ == "PROPN" and t.is_title and not t.ent_type_) for t in gap)


def _name_end(token: Token) -> int:
    """Where a body's name ends: after its 'of' phrase ("Russia's Ministry of Foreign Affairs",
    "China's ministry of commerce"), else after the body's noun."""
    of = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of" and c.i == token.i + 1), None)
    named = of is not None and any(c.dep_ == "pobj" and c.ent_type_ != "PERSON" for c in of.children)
    return of.right_edge.i + 1 if named else token.i + 1  # not 'the Syrian government of President Assad'


def _after_sentence_end(doc: Doc, start: int, end: int) -> int:
    """Where a phrase the parser ran over a full stop starts again: 'Pro-Russian insurgents', not
    'rebels. Pro-Russian insurgents'."""
    stops = [i for i in range(start, end) if doc[i].text in (".", "!", "?", '"', "\u201c", "\u201d") or doc[i].is_space]
    return max(stops) + 1 if stops else start


def _word_start(token: Token) -> int:
    """Where the written word holding the token starts: 'pro' for 'Russian' in 'pro-Russian'."""
    i = token.i
    while i > 0 and not token.doc[i - 1].whitespace_ and token.doc[i - 1].text not in ('"', "\u201c", "(", "'"):
        i -= 1
    return i


def _without_leading_verb(ent: Span) -> Span:
    """'Addressing Liu' at a sentence's start: the model took the verb into the name. A verb that
    describes the name's noun is part of it ('Fostering Network executive director')."""
    start = ent.start
    while start < ent.end - 1 and ent.doc[start].pos_ in ("VERB", "AUX", "ADP", "ADV") \
            and ent.doc[start].dep_ != "amod":
        start += 1
    return Span(ent.doc, start, ent.end, label=ent.label_) if start > ent.start else ent


def _ends_open(span: Span) -> bool:
    """'U.S. Special Representative for', 'Group of': a name the model cut after a function word."""
    last = next((t for t in reversed(span) if t.is_alpha), None)  # not "'s" nor a bracket
    return (last is not None and last.i > span.start and last.is_lower and last.is_stop
            and bool(span.doc[last.i - 1].whitespace_))  # a word of its own: not 'in' of 'Moon Jae-in'


def _place_names(doc: Doc) -> set[str]:
    """The places the model found in the text, folded."""
    return {fold(e.text) for e in doc.ents if e.label_ == "GPE"}


def _common_nouns(doc: Doc) -> set[str]:
    """Every word the text uses as a common noun in lower case ('people', not 'may')."""
    return {t.text for t in doc if t.is_lower and t.pos_ == "NOUN"}


def _with_place(ent: Span) -> Span:
    """'Organization for Security and Cooperation' + 'in Europe', 'Islamic State of Iraq' + 'and
    Syria': a name built of function words that the model cut before its place ends there."""
    doc = ent.doc
    if ent.label_ != "ORG" or ent.end + 1 >= len(doc) or not any(t.is_lower and t.is_stop for t in ent[1:]):
        return ent
    joint, place = doc[ent.end], doc[ent.end + 1]
    places = {"in": ("LOC",), "and": ("GPE", "LOC")}.get(joint.lower_, ())  # 'in Washington' says where it sits
    if place.ent_iob_ == "B" and place.ent_type_ in places:
        end = place.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return Span(doc, ent.start, end, label=ent.label_)
    return ent


def _before_bracket(ent: Span) -> Span:
    """'World Health Organization (WHO': the name stops at its bracket."""
    bracket = next((t.i for t in ent if t.text == "("), None)
    return ent.doc[ent.start:bracket] if bracket is not None and bracket > ent.start else ent


def _after_last_break(words: Span) -> Optional[Span]:
    """The words after a heading, quote, dateline or line break: a role does not cross them."""
    breaks = [t.i for t in words if "\n" in t.text or t.text in (":", '"', "\u201c", "\u201d", "'", ")", "-", "\u2014")]
    start = max(breaks) + 1 if breaks else words.start
    return words.doc[start: words.end] if start < words.end else None


def _describes_a_person(head: Token) -> bool:
    """'economist Klaus Baader', 'Kim Dong-yub, a military expert': a title of a named person."""
    described = head.head if head.dep_ in ("compound", "appos") else None
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    return (described is not None and described.ent_type_ == "PERSON") or (
        after is not None and after.ent_iob_ == "B" and after.ent_type_ == "PERSON")


def _inside_a_name(token: Token) -> bool:
    """'People' in "the People's Daily": a capitalised word inside a name is no source's head."""
    return token.is_title and not token.is_sent_start and token.ent_type_ not in ("", "NORP")


def _is_owner_name(token: Token) -> bool:
    """"May's" in "May's spokesman": whoever the model took the name for, its owner is named."""
    return token.pos_ == "PROPN" and token.dep_ in ("poss", "nmod") and any(c.tag_ == "POS" for c in token.children)


def _acts(token: Token) -> bool:
    """A subject, possessor or agent ('declared by France'), or joined to one: 'The U.S., U.K.
    and France launched strikes'."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ in SUBJECT_DEPS or (token.dep_ == "pobj" and token.head.dep_ == "agent")


def _is_partitive(span: Span) -> bool:
    """'one of the sources', 'one of those officials': a member of a group named before."""
    words = [t.lower_ for t in span[:4]]
    return len(words) >= 3 and words[1] == "of" and words[2] in ("the", "those", "these")


def _without_web_suffix(text: str, suffixes: list[str]) -> str:
    """'Paypal.com' is the company PayPal, 'Amazon.co.uk' Amazon: one actor, not two."""
    lower = text.lower()
    suffix = next((w for w in suffixes if lower.endswith(w) and len(text) > len(w)), None)
    return text[: -len(suffix)] if suffix and " " not in text else text
