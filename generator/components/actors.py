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
        self.honorifics = rules.words("honorifics")
        anon = rules.section("anonymous_sources")
        self.heads = {w.lower() for w in anon.get("heads", [])}
        self.modifiers = {w.lower() for w in anon.get("modifiers", [])}
        self.post_modifiers = [w.lower() for w in anon.get("post_modifiers", [])]

    def __call__(self, doc: Doc) -> Doc:
        records: dict[str, ActorRecord] = {}
        actor_at = state.get(doc, "actor_at")
        for span, kind in self._named_mentions(doc):
            self._add(records, actor_at, span, kind)
        for span in self._anonymous_mentions(doc):
            self._add(records, actor_at, span, "anonymous_source")
        self._merge_surnames(records, actor_at)
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
            if kind and fold(clean_surface(ent.text)) not in self.excluded:
                yield ent, kind

    def _add(self, records, actor_at, span: Span, kind: str) -> None:
        name, kind, role = self._canonical(span, kind)
        if not name or fold(name) in self.excluded:
            return
        key = fold(name) if kind != "anonymous_source" else self._source_key(span)
        record = records.setdefault(key, ActorRecord(key=key, name=name, kind=kind))
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
            words = span.doc[start: span.start]
            if any(t.pos_ in ("NOUN", "PROPN") for t in words):
                return clean_surface(words.text)
        for child in root.rights:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                tokens = [t for t in child.subtree if t.dep_ != "det" and t.text not in ",;"]
                return clean_surface(" ".join(t.text for t in tokens)) or None
        return None

    # -- anonymous sources ------------------------------------------------
    def _anonymous_mentions(self, doc: Doc):
        for token in doc:
            if token.lower_ in self.heads and token.pos_ in ("NOUN", "PROPN"):
                span = self._source_span(token)
                if span is not None:
                    yield span

    def _source_span(self, head: Token) -> Optional[Span]:
        lefts = [t for t in head.lefts if t.dep_ in ("nummod", "amod", "compound", "det", "nmod", "quantmod")]
        mods = [t for t in lefts if t.lower_ in self.modifiers or t.like_num]
        post = self._post_modifier(head)
        specific = any(t.lower_ in self.modifiers for t in lefts) or post is not None
        if not specific:
            return None
        start = min([t.left_edge.i for t in lefts] + [head.i]) if lefts else head.i
        end = post.right_edge.i + 1 if post is not None else head.i + 1
        if head.head.lower_ == "of" and head.head.head.like_num:
            start = min(start, head.head.head.i)  # "one of the senior officials"
        if not mods and post is None:
            return None
        return head.doc[start:end]

    def _post_modifier(self, head: Token) -> Optional[Token]:
        for child in head.rights:
            phrase = " ".join(t.lower_ for t in list(child.subtree)[:3])
            if any(phrase.startswith(p) for p in self.post_modifiers):
                return child
        return None

    def _source_key(self, span: Span) -> str:
        """Same modifiers and head make the same source: "a senior US official" twice is one."""
        words = [t for t in span if not t.like_num and t.dep_ != "det" and t.lower_ not in ("of", "other", "those", "these", "the")]
        return "anon:" + " ".join(singular(t.lower_) for t in words)

    # -- merging and filtering ----------------------------------------------
    def _merge_surnames(self, records: dict[str, ActorRecord], actor_at: dict) -> None:
        """'Putin' and 'Mr. Putin' join 'Vladimir Putin' when only one full name fits."""
        people = [r for r in records.values() if r.kind == "person"]
        for short in people:
            if " " in short.name:
                continue
            matches = [r for r in people if r is not short and r.name.split()[-1] == short.name]
            if len(matches) == 1:
                self._absorb(records, actor_at, matches[0], short)

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
        return any(doc[start:end].root.dep_ in SUBJECT_DEPS for start, end in record.mentions)
