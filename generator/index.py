"""Cross-references built once from all briefs: topics, actors, figures ledger, related briefs.

Like Pelican's context or material's tags plugin, the index is phase one: every page
rendered afterwards sees every brief. Everything here is pure (no disk I/O) and sorted,
so the same briefs always give the same site.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Generic, Optional, TypeVar

from .brief import Actor, Brief, Figure, Question, Risk

RELATED_LIMIT = 5
"""How many related briefs a brief page lists."""
RELATED_WINDOW = 25
"""Neighbours (by date) compared per shared topic or actor: keeps the index linear in briefs."""
UNLINKED_KINDS = ("anonymous_source",)
"""Actors too vague to relate two briefs ("two senior officials")."""
SLUG_MAX = 80

T = TypeVar("T")


@dataclass
class Attributed(Generic[T]):
    """An item (figure, risk, question) with the brief it came from."""

    brief_id: str
    item: T


@dataclass
class FigureGroup:
    """Figures of one topic that count the same thing."""

    counts: Optional[str]
    """What they count, as first written ("troops"); None for figures that do not say."""
    figures: list[Attributed[Figure]] = field(default_factory=list)


@dataclass
class TopicEntry:
    slug: str
    label: str
    description: str
    brief_ids: list[str] = field(default_factory=list)
    """Newest first."""
    ledger: list[FigureGroup] = field(default_factory=list)
    """Figures of the topic's briefs, grouped by what they count."""


@dataclass
class ActorEntry:
    """One actor merged across briefs by the slug of its canonical name."""

    slug: str
    name: str
    """The canonical name used most often."""
    kind: str
    """The kind given most often."""
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    brief_ids: list[str] = field(default_factory=list)
    """Newest first."""
    mentions: int = 0
    figures: list[Attributed[Figure]] = field(default_factory=list)
    """Figures this actor claims."""
    risks: list[Attributed[Risk]] = field(default_factory=list)
    questions: list[Attributed[Question]] = field(default_factory=list)
    co_actors: list[tuple[str, int]] = field(default_factory=list)
    """(actor slug, briefs shared), most shared first; anonymous sources left out."""


@dataclass
class BriefLinks:
    related: list[str] = field(default_factory=list)
    previous: Optional[str] = None
    """The next older brief."""
    next: Optional[str] = None
    """The next newer brief."""


@dataclass
class SiteIndex:
    briefs: list[Brief]
    """Newest first (source.published descending, undated last), then by id."""
    by_id: dict[str, Brief]
    topics: dict[str, TopicEntry]
    """Sorted by label."""
    actors: dict[str, ActorEntry]
    """Sorted by name."""
    links: dict[str, BriefLinks]
    warnings: list[str] = field(default_factory=list)
    """Problems the caller should log, e.g. duplicate brief ids."""

    def actor_slug(self, name: Optional[str]) -> Optional[str]:
        """The slug of the actor page for this canonical name, if there is one."""
        slug = slugify(name) if name else None
        return slug if slug in self.actors else None


def slugify(text: str) -> str:
    """ASCII, lowercase, dash-separated; a short hash when nothing ASCII is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"x-{digest}"
    # Long names are cut, and the hash keeps two cut names apart.
    return slug if len(slug) <= SLUG_MAX else f"{slug[:SLUG_MAX].rstrip('-')}-{digest}"


def topic_label(slug: str) -> str:
    """Fallback label for a topic the taxonomy does not describe."""
    return re.sub(r"[-_]+", " ", slug).strip().title() or slug


def build_index(briefs: list[Brief], taxonomy: dict[str, dict]) -> SiteIndex:
    """All cross-references of a site, from its briefs and the topic taxonomy."""
    ordered, warnings = _sort_unique(briefs)
    return SiteIndex(
        briefs=ordered,
        by_id={b.id: b for b in ordered},
        topics=_build_topics(ordered, taxonomy),
        actors=_build_actors(ordered),
        links=_build_links(ordered),
        warnings=warnings,
    )


def _sort_unique(briefs: list[Brief]) -> tuple[list[Brief], list[str]]:
    by_id = sorted(briefs, key=lambda b: b.id)
    # A stable sort keeps id order among equal dates; "" puts undated briefs last.
    ordered = sorted(by_id, key=lambda b: b.source.published or "", reverse=True)
    seen: set[str] = set()
    unique, warnings = [], []
    for brief in ordered:
        if brief.id in seen:
            warnings.append(f"brief id '{brief.id}' appears more than once; "
                            f"kept the newest, skipped {brief.source.path or 'another'}")
            continue
        seen.add(brief.id)
        unique.append(brief)
    return unique, warnings


# --- topics ------------------------------------------------------------------------------

def _build_topics(briefs: list[Brief], taxonomy: dict[str, dict]) -> dict[str, TopicEntry]:
    topics: dict[str, TopicEntry] = {}
    for brief in briefs:
        for slug in dict.fromkeys(brief.topics):
            entry = topics.get(slug) or topics.setdefault(slug, _new_topic(slug, taxonomy))
            entry.brief_ids.append(brief.id)
    by_id = {b.id: b for b in briefs}
    for entry in topics.values():
        entry.ledger = _figures_ledger([by_id[i] for i in entry.brief_ids])
    return dict(sorted(topics.items(), key=lambda kv: (kv[1].label.lower(), kv[0])))


def _new_topic(slug: str, taxonomy: dict[str, dict]) -> TopicEntry:
    known = taxonomy.get(slug) or {}
    return TopicEntry(slug=slug, label=str(known.get("label") or topic_label(slug)),
                      description=str(known.get("description") or ""))


def _figures_ledger(briefs: list[Brief]) -> list[FigureGroup]:
    groups: dict[Optional[str], FigureGroup] = {}
    for brief in briefs:
        for figure in brief.figures:
            key = " ".join(figure.counts.lower().split()) if figure.counts else None
            group = groups.setdefault(key, FigureGroup(counts=figure.counts))
            group.figures.append(Attributed(brief.id, figure))
    # Named groups alphabetically, figures that do not say what they count last.
    return [groups[k] for k in sorted(groups, key=lambda k: (k is None, k or ""))]


# --- actors ------------------------------------------------------------------------------

def _build_actors(briefs: list[Brief]) -> dict[str, ActorEntry]:
    names: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    entries: dict[str, ActorEntry] = {}
    for brief in briefs:
        for actor in brief.actors:
            slug = slugify(actor.name)
            entry = entries.setdefault(slug, ActorEntry(slug=slug, name=actor.name, kind=actor.kind))
            names[slug][actor.name] += 1
            kinds[slug][actor.kind] += 1
            _merge_actor(entry, brief.id, actor)
        _attribute_items(entries, brief)
    for slug, entry in entries.items():
        # most_common keeps first-seen order among ties, and briefs come newest first.
        entry.name = names[slug].most_common(1)[0][0]
        entry.kind = kinds[slug].most_common(1)[0][0]
        entry.aliases = sorted(set(entry.aliases) - {entry.name}, key=str.lower)
    _count_co_actors(entries, briefs)
    return dict(sorted(entries.items(), key=lambda kv: (kv[1].name.lower(), kv[0])))


def _merge_actor(entry: ActorEntry, brief_id: str, actor: Actor) -> None:
    if not entry.brief_ids or entry.brief_ids[-1] != brief_id:
        entry.brief_ids.append(brief_id)
    entry.mentions += actor.mentions
    if actor.role and actor.role not in entry.roles:
        entry.roles.append(actor.role)
    entry.aliases.extend([actor.name, *actor.aliases])  # deduplicated once all briefs are in


def _attribute_items(entries: dict[str, ActorEntry], brief: Brief) -> None:
    """Hand each figure, risk and question to the actor page of whoever it is attributed to."""
    for figure in brief.figures:
        if figure.claimed_by and slugify(figure.claimed_by) in entries:
            entries[slugify(figure.claimed_by)].figures.append(Attributed(brief.id, figure))
    for risk in brief.risks:
        if risk.stated_by and slugify(risk.stated_by) in entries:
            entries[slugify(risk.stated_by)].risks.append(Attributed(brief.id, risk))
    for question in brief.questions:
        if question.raised_by and slugify(question.raised_by) in entries:
            entries[slugify(question.raised_by)].questions.append(Attributed(brief.id, question))


def _count_co_actors(entries: dict[str, ActorEntry], briefs: list[Brief]) -> None:
    together: dict[str, Counter] = defaultdict(Counter)
    for brief in briefs:
        slugs = sorted({slugify(a.name) for a in brief.actors})
        # "officials" or "sources" appear beside everyone; they say nothing about company kept.
        named = [s for s in slugs if entries[s].kind not in UNLINKED_KINDS]
        for slug in slugs:
            together[slug].update(s for s in named if s != slug)
    for slug, entry in entries.items():
        pairs = together[slug].items()
        entry.co_actors = sorted(pairs, key=lambda p: (-p[1], entries[p[0]].name.lower(), p[0]))


# --- related briefs, previous and next -----------------------------------------------------

def _build_links(briefs: list[Brief]) -> dict[str, BriefLinks]:
    scores = _related_scores(briefs)
    position = {b.id: i for i, b in enumerate(briefs)}
    links = {}
    for i, brief in enumerate(briefs):
        ranked = sorted(scores[brief.id].items(),
                        key=lambda kv: (-kv[1], abs(position[kv[0]] - i), kv[0]))
        links[brief.id] = BriefLinks(
            related=[other for other, _ in ranked[:RELATED_LIMIT]],
            previous=briefs[i + 1].id if i + 1 < len(briefs) else None,
            next=briefs[i - 1].id if i > 0 else None,
        )
    return links


def _related_scores(briefs: list[Brief]) -> dict[str, Counter]:
    """Shared topics plus shared actors, counted between briefs close in date.

    Comparing each brief only with its RELATED_WINDOW nearest neighbours in every
    posting list keeps this linear: a topic on every brief would otherwise be quadratic.
    """
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for brief in briefs:
        for key in _relating_keys(brief):
            postings[key].append(brief.id)
    scores: dict[str, Counter] = {b.id: Counter() for b in briefs}
    for ids in postings.values():
        for i, brief_id in enumerate(ids):
            lo, hi = max(0, i - RELATED_WINDOW), min(len(ids), i + RELATED_WINDOW + 1)
            scores[brief_id].update(ids[j] for j in range(lo, hi) if j != i)
    return scores


def _relating_keys(brief: Brief) -> set[tuple[str, str]]:
    topics = {("topic", t) for t in brief.topics}
    actors = {("actor", slugify(a.name)) for a in brief.actors if a.kind not in UNLINKED_KINDS}
    return topics | actors
