"""The brief: the contract between extraction and rendering.

A brief is written as YAML with keys in the order the dataclass fields are
declared, so identical input gives byte-identical files. The JSON Schema in
``schema/brief.schema.json`` describes the same shape; a test keeps both in step.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Optional

SCHEMA_VERSION = 1

ACTOR_KINDS = ("person", "organization", "country", "group", "anonymous_source")
QUALIFIERS = ("exact", "at_least", "over", "about", "up_to", "under", "range", "vague")


@dataclass
class Evidence:
    """Where an item came from in the article."""

    sentence: str
    """The sentence, verbatim from the article text."""
    start: int
    """Character offset of the sentence's start in the article text."""
    end: int
    """Character offset just past the sentence's end."""


@dataclass
class Source:
    """Where the article came from."""

    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    """Publication date as ``YYYY-MM-DD``, when known."""
    path: Optional[str] = None
    """The article's file, relative to the project root when it lies below it."""


@dataclass
class Actor:
    """A person, organisation, country, group or anonymous source in the story."""

    name: str
    """Canonical name: the longest full form used in the article."""
    kind: str
    role: Optional[str] = None
    """Role or title the text gives, e.g. "National Security Council spokesperson"."""
    aliases: list[str] = field(default_factory=list)
    """Other surface forms merged into this actor ("Putin", "Mr. Putin")."""
    mentions: int = 0


@dataclass
class Figure:
    """A number the article claims."""

    text: str
    """The figure as written, e.g. "at least 1,000 troops"."""
    value: Optional[float]
    """The number itself; null for vague amounts, which use low/high."""
    qualifier: str
    low: Optional[float] = None
    high: Optional[float] = None
    unit: Optional[str] = None
    """Unit or currency: "percent", "USD", "square kilometers"..."""
    counts: Optional[str] = None
    """What the figure counts, e.g. "troops"."""
    claimed_by: Optional[str] = None
    """Canonical name of the actor who claims it, or null."""
    source: Optional[str] = None
    """With no claimant, the unnamed source the text gives, as written: "official figures", "reports"."""
    evidence: Optional[Evidence] = None


@dataclass
class Risk:
    """A stated danger, cost or weakness."""

    text: str
    stated_by: Optional[str] = None
    evidence: Optional[Evidence] = None


@dataclass
class Question:
    """Something the article leaves unresolved."""

    text: str
    raised_by: Optional[str] = None
    evidence: Optional[Evidence] = None


@dataclass
class Provenance:
    """What the brief was made from, so a rebuild knows what changed."""

    article_hash: str
    """sha256 of the article's text and metadata."""
    rules_hash: str
    """sha256 of the rule files and the extractor version."""
    extractor: str
    """``briefing`` version that wrote the brief."""
    content_hash: str = ""
    """sha256 of the brief as the extractor wrote it: a mismatch means a hand edit."""


@dataclass
class Brief:
    """One article's brief."""

    id: str
    title: str
    source: Source
    summary: str
    topics: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    provenance: Optional[Provenance] = None
    schema: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with ``schema`` first and fields in declared order."""
        data = asdict(self)
        ordered = {"schema": data.pop("schema")}
        ordered.update(data)
        if ordered["provenance"] is None:
            del ordered["provenance"]
        return ordered

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Brief":
        """Build a Brief from a dict already validated against the schema."""
        return cls(
            id=data["id"],
            title=data["title"],
            source=Source(**data.get("source") or {}),
            summary=data.get("summary") or "",
            topics=list(data.get("topics") or []),
            actors=[Actor(**a) for a in data.get("actors") or []],
            figures=[_with_evidence(Figure, f) for f in data.get("figures") or []],
            risks=[_with_evidence(Risk, r) for r in data.get("risks") or []],
            questions=[_with_evidence(Question, q) for q in data.get("questions") or []],
            provenance=Provenance(**data["provenance"]) if data.get("provenance") else None,
            schema=data.get("schema", SCHEMA_VERSION),
        )

    def actor(self, name: Optional[str]) -> Optional[Actor]:
        """The actor with this canonical name, if listed."""
        return next((a for a in self.actors if a.name == name), None)


def _with_evidence(cls, data: dict[str, Any]):
    known = {f.name for f in fields(cls)}
    values = {k: v for k, v in data.items() if k in known}
    if values.get("evidence"):
        values["evidence"] = Evidence(**values["evidence"])
    return cls(**values)
