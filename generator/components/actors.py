"""briefing_actors: named and anonymous actors, with aliases merged and roles kept."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from . import state
from .names import clean_surface, fold, singular, strip_leading
from .state import ActorRecord

ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "dobj", "pobj", "conj", "appos", "ROOT"}
"""A place counts as an actor only when some mention of it does something or has something."""
SHORT_LINE = 12
"""Tokens in a verbless line that is furniture (byline, caption), not reporting."""
NAMED_MODIFIERS = {"GPE", "NORP", "ORG"}
"""A source described by a place, people or body is specific: "Gaza health officials", "a Yemeni official"."""
SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}


class ActorFinder:
    """Finds actors in a Doc and merges their mentions under one canonical name."""

    def __init__(self, rules: RuleSet):
        self.kinds: dict[str, str] = dict(rules.section("entity_kinds"))
        self.alias_of: dict[str, tuple[str, str]] = {}
        for entry in rules.data.get("aliases", []):
            for form in [entry["name"], *entry["aliases"]]:
                self.alias_of[fold(clean_surface(form))] = (entry["name"], entry.get("kind", ""))
        self.excluded = {fold(n) for e in rules.data.get("not_actors", []) for n in e["names"]}
        self.titles = rules.words("titles")
        self.institutions = {w.lower() for w in rules.words("institutions")}
        self.not_prefixes = [w.lower() for w in rules.words("not_actor_prefixes")]
        self.not_suffixes = [w.lower() for w in rules.words("not_actor_suffixes")]
        self.credit_phrases = [w.lower() for w in rules.words("credit_phrases")]
        self.title_words = {t.lower() for t in self.titles}
        self.title_starts = {t.split()[0] for t in self.titles if t[0].isupper()}
        self.surname_prefixes = sorted(rules.words("surname_prefixes"), key=len, reverse=True)
        self.honorifics = rules.words("honorifics")
        anon = rules.section("anonymous_sources")
        self.heads = {w.lower() for w in anon.get("heads", [])}
        self.modifiers = {w.lower() for w in anon.get("modifiers", [])}
        self.post_modifiers = [w.lower() for w in anon.get("post_modifiers", [])]
        self.affiliations = [w.lower() for w in anon.get("affiliations", [])]

    def __call__(self, doc: Doc) -> Doc:
        records: dict[str, ActorRecord] = {}
        actor_at = state.get(doc, "actor_at")
        for span, kind in self._named_mentions(doc):
            self._add(records, actor_at, span, kind)
        for span in self._anonymous_mentions(doc):
            self._add(records, actor_at, span, "anonymous_source")
        for span in self._institution_mentions(doc):
            self._add(records, actor_at, span, "organization")
        self._merge_surnames(records, actor_at)
        self._merge_short_organizations(records, actor_at)
        actors = [r for r in records.values() if self._keep(doc, r)]
        kept = {r.key for r in actors}
        for token_i in [i for i, key in actor_at.items() if key not in kept]:
            del actor_at[token_i]
        state.get(doc, "actors").extend(actors)
        return doc

    # -- named entities ---------------------------------------------------
    def _named_mentions(self, doc: Doc):
        for ent in doc.ents:
            kind = self.kinds.get(ent.label_)
            if kind and fold(clean_surface(ent.text)) not in self.excluded and not self._is_furniture(doc, ent) \
                    and not self._in_credit_line(ent):
                yield ent, kind

    def _in_credit_line(self, ent: Span) -> bool:
        """'Reporting by ...; Editing by ...', 'Associated Press writers ... contributed': the
        newsroom, not the story."""
        sent = ent.sent
        line = sent.text.lower()
        if any(phrase in line for phrase in self.credit_phrases):
            return True
        # a short line with no verb: a byline, caption or credit ("Tom Vanden Brook, USA TODAY")
        return len(sent) <= SHORT_LINE and not any(t.pos_ in ("VERB", "AUX") for t in sent)

    def _is_furniture(self, doc: Doc, ent: Span) -> bool:
        """Not a name in the story: a photo credit or dateline ("REUTERS/Kevin Lamarque",
        "BEIRUT/WASHINGTON"), or an office inside a person's title ("Defense" in
        "Defense Secretary Mark Esper")."""
        before = doc[ent.start - 1].text if ent.start > 0 else ""
        after = doc[ent.end].text if ent.end < len(doc) else ""
        if "/" in ent.text or before == "/" or after == "/":
            return True
        lower = ent.text.lower()
        if ent.text.islower() or lower.startswith(tuple(self.not_prefixes)) or lower.endswith(tuple(self.not_suffixes)):
            return True  # "swan", "pro-Russia", "post-Brexit", "Fars News Agency": not an actor
        if ent.text.isupper() and len(ent.text) > 4 and ent.start == ent.sent.start:
            opening = [t.text for t in doc[ent.end: ent.end + 5]]
            if "(" in opening or "\u2014" in opening or "-" in opening:
                return True  # a dateline: "TALLINN (Reuters) -"
        if len(ent) == 1 and after.lower() in self.heads:
            return True  # "a Defense official": a word in an anonymous source's description
        if after in self.title_starts:
            following = doc[ent.end + 1: ent.end + 4]
            return any(t.ent_type_ == "PERSON" for t in following)
        return False

    def _add(self, records, actor_at, span: Span, kind: str) -> None:
        name, kind, role = self._canonical(span, kind)
        if not name or fold(name) in self.excluded:
            return
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

    def _canonical(self, span: Span, kind: str) -> tuple[str, str, Optional[str]]:
        text = clean_surface(span.text)
        if kind == "anonymous_source":
            return text, kind, None
        alias = self.alias_of.get(fold(text))
        if alias:
            return alias[0], alias[1] or kind, None
        title, text = strip_leading(text, self.titles + self.honorifics)
        role = self._role(span) or (title if title and title not in self.honorifics else None)
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
                return clean_surface(words.text)
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
        """'the U.S. military', "Israel's army", 'Syrian state media': an actor of its own."""
        for token in doc:
            if token.lower_ not in self.institutions or token.pos_ not in ("NOUN", "PROPN"):
                continue
            lefts = [t for t in token.lefts if t.dep_ in ("compound", "amod", "poss", "nmod")]
            if any(t.ent_type_ in ("GPE", "NORP") for t in lefts):
                yield doc[min(t.left_edge.i for t in lefts): token.i + 1]

    # -- anonymous sources ------------------------------------------------
    def _anonymous_mentions(self, doc: Doc):
        for token in doc:
            if token.lower_ in self.heads and token.pos_ in ("NOUN", "PROPN"):
                span = self._source_span(token)
                if span is not None:
                    yield span

    def _source_span(self, head: Token) -> Optional[Span]:
        lefts = [t for t in head.lefts if t.dep_ in ("nummod", "amod", "compound", "det", "nmod", "quantmod")]
        named = [t for left in lefts for t in left.subtree if t.ent_type_ in NAMED_MODIFIERS]
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

    # -- merging and filtering ----------------------------------------------
    def _merge_surnames(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'Putin', 'Assad' or 'Kim' join 'Vladimir Putin', 'Bashar al-Assad' or 'Kim Jong Un' when
        only one full name fits, whatever label the model gave the short form."""
        aliased = {fold(n) for n, _ in self.alias_of.values()}
        people = [r for r in records.values() if r.kind == "person" and " " in r.name]
        shorts = [r for r in records.values() if r.kind != "anonymous_source" and fold(r.name) not in aliased]
        for short in shorts:
            matches = [r for r in people if r is not short and self._is_short_for(short.name, r.name)]
            if len(matches) == 1:
                self._absorb(records, actor_at, matches[0], short)

    def _merge_short_organizations(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'Rystad' joins 'Rystad Energy', 'Authority' joins 'Palestinian Authority' when only one fits."""
        orgs = [r for r in records.values() if r.kind == "organization"]
        for short in [r for r in orgs if " " not in r.name]:
            matches = [r for r in orgs if r is not short and short.name in (r.name.split()[0], r.name.split()[-1])]
            if len(matches) == 1 and short.key in records:
                self._absorb(records, actor_at, matches[0], short)

    def _is_short_for(self, short: str, full: str) -> bool:
        """Surname(s) at the end ('Assad' for 'Bashar al-Assad'), or a family name first ('Kim Jong')."""
        short_words = [self._bare_surname(w) for w in fold(short).split()]
        full_words = [self._bare_surname(w) for w in fold(full).split()]
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

    @staticmethod
    def _absorb(records, actor_at, into: ActorRecord, other: ActorRecord) -> None:
        into.forms += other.forms
        into.mentions += other.mentions
        into.role = into.role or other.role
        for i, key in list(actor_at.items()):
            if key == other.key:
                actor_at[i] = into.key
        del records[other.key]

    def _keep(self, doc: Doc, record: ActorRecord) -> bool:
        if record.kind != "country":
            return True
        if fold(record.name) in {fold(n) for n, _ in self.alias_of.values()}:
            return True
        return any(_acts(doc[start:end].root) for start, end in record.mentions)


def _after_last_break(words: Span) -> Optional[Span]:
    """The words after a heading, quote, dateline or line break: a role does not cross them."""
    breaks = [t.i for t in words if "\n" in t.text or t.text in (":", '"', "\u201c", "\u201d", "'", ")", "-", "\u2014")]
    start = max(breaks) + 1 if breaks else words.start
    return words.doc[start: words.end] if start < words.end else None


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
