"""What the briefing components leave on a Doc, read by ``extract.py``.

Plain records kept in ``doc._`` extensions: extraction runs in one process per
worker and turns them into a Brief there, so they never need to be serialised.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, TypeVar

from spacy.tokens import Doc, Span

T = TypeVar("T")


@dataclass
class ActorRecord:
    """One actor in one article, with every surface form merged into it."""

    key: str
    name: str
    kind: str
    role: Optional[str] = None
    forms: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    """Token spans (start, end) of every mention."""
    head: Optional[str] = None
    """For an anonymous source, its head noun in the singular ("official"): later generic
    mentions ("the officials", "one of the officials") resolve to the latest source with it."""
    described: bool = False
    """An anonymous source with a describing phrase ("familiar with ..."): kept even if silent."""


@dataclass
class ItemRecord:
    """A figure, risk or question found in one sentence."""

    text: str
    sent_start: int
    """Token index where the evidence sentence starts."""
    speaker: Optional[str] = None
    """Canonical actor name of who claims, states or raises it."""
    details: dict = field(default_factory=dict)


EXTENSIONS = {
    "actors": list,          # list[ActorRecord]
    "actor_at": dict,        # token index -> actor key
    "speakers": dict,        # attribution verb token index -> actor key
    "sent_speaker": dict,    # sentence start token index -> actor key
    "relays": set,           # attribution verb token indices that only pass others' words on
    "figures": list,         # list[ItemRecord]
    "risks": list,
    "questions": list,
}


def register_extensions() -> None:
    """Doc extensions used by the components; safe to call more than once."""
    for name in EXTENSIONS:
        if not Doc.has_extension(f"briefing_{name}"):
            Doc.set_extension(f"briefing_{name}", default=None)


def get(doc: Doc, name: str):
    """The extension's value, created empty on first use."""
    value = getattr(doc._, f"briefing_{name}")
    if value is None:
        value = EXTENSIONS[name]()
        setattr(doc._, f"briefing_{name}", value)
    return value


def per_doc(doc: Doc, name: str, build: Callable[[Doc], T]) -> T:
    """``build(doc)``, computed on first use and kept with the Doc (an index, a word set)."""
    key = f"briefing_{name}"
    if key not in doc.user_data:
        doc.user_data[key] = build(doc)
    return doc.user_data[key]


def sentence_at(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i``. ``Token.sent`` scans the sentences from the start on
    every call; this builds the index once per Doc."""
    return per_doc(doc, "sentence_at", lambda d: [sent for sent in d.sents for _ in range(len(sent))])[i]


def actor_by_key(doc: Doc, key: Optional[str]) -> Optional[ActorRecord]:
    return next((a for a in get(doc, "actors") if a.key == key), None)


def latest_source_with_head(records, head: str, before: int) -> Optional[ActorRecord]:
    """The anonymous source with this head noun mentioned last before token ``before``."""
    best, best_at = None, -1
    for record in records:
        if record.kind != "anonymous_source" or record.head != head:
            continue
        earlier = [start for start, _ in record.mentions if start < before]
        if earlier and max(earlier) > best_at:
            best, best_at = record, max(earlier)
    return best


def nearest_source_with_head(records, head: str, at: int) -> Optional[ActorRecord]:
    """The source last named with this head before ``at``, else the first named after it:
    'sources said ...' and, later, 'sources familiar with the matter' are one group."""
    before = latest_source_with_head(records, head, at)
    if before is not None:
        return before
    later = [(min(start for start, _ in r.mentions), i) for i, r in enumerate(records)
             if r.kind == "anonymous_source" and r.head == head and r.mentions]
    return records[min(later)[1]] if later else None
