"""Cross-references built once from all briefs: topics, actors, figures ledger, related briefs.

Like Pelican's context or material's tags plugin, the index is phase one: every page
rendered afterwards sees every brief. Everything here is pure (no disk I/O) and sorted,
so the same briefs always give the same site.
"""
from __future__ import annotations

import datetime as dt
import functools
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
DERIVED_MIN_BRIEFS = 3
"""A place or actor becomes a topic once it is among the main actors of this many briefs."""
PROMINENT_TOP = 3
"""The main actors of a brief: its most-mentioned named actors, at most this many..."""
PROMINENT_MENTIONS = 2
"""...each mentioned at least this often."""
TOPIC_ACTORS = 12
"""Active actors listed on a topic page."""
TOPIC_QUESTIONS = 15
"""Open questions listed on a topic page, from its newest briefs."""
LEDGER_GROUPS = 12
"""Groups in a topic's figures ledger: disagreements and the most reported first."""
LEDGER_ROWS = 10
"""Figures per ledger group, newest first; a topic page stays the same size however big the topic."""
DISAGREE_DAYS = 31
"""Different values are a disagreement when their briefs are this close in time (the same
events); further apart, the ledger shows them as a range over time."""
UNDATED = "undated"
"""The month key of briefs without a publication date."""
TOPIC_KINDS = ("taxonomy", "place", "actor")
PAGE_MIN_MENTIONS = 2
"""An actor gets a page once mentioned this often, or in two briefs: most one-off names
(half of all actors in news) are shown on their brief only, which halves the site's pages."""

T = TypeVar("T")


@dataclass
class Attributed(Generic[T]):
    """An item (figure, risk, question) with the brief it came from."""

    brief_id: str
    item: T


@dataclass
class FigureGroup:
    """Figures of one topic that count the same thing, in the same unit."""

    counts: Optional[str]
    """What they count, as most often written ("troops"); None for figures that do not say."""
    figures: list[Attributed[Figure]] = field(default_factory=list)
    """Newest first, at most LEDGER_ROWS."""
    unit: Optional[str] = None
    total: int = 0
    """Figures in the group before the cut to LEDGER_ROWS."""
    briefs: int = 0
    """Distinct briefs reporting a figure of the group."""
    amounts: list[tuple[Optional[float], Optional[float]]] = field(default_factory=list)
    """Distinct (low, high) amounts, smallest first."""
    disagree: bool = False
    """Two briefs published within DISAGREE_DAYS of each other give different values."""


@dataclass
class TopicEntry:
    slug: str
    label: str
    description: str
    brief_ids: list[str] = field(default_factory=list)
    """Newest first."""
    ledger: list[FigureGroup] = field(default_factory=list)
    """Figures of the topic's briefs that say what they count, grouped, at most LEDGER_GROUPS."""
    kind: str = "taxonomy"
    """One of TOPIC_KINDS: from the taxonomy, or a place or actor recurring across briefs."""
    actor_slug: Optional[str] = None
    """For a place or actor topic, the actor it follows."""
    actors: list[tuple[str, int]] = field(default_factory=list)
    """(actor slug, briefs) of the actors most active in the topic, at most TOPIC_ACTORS."""
    questions: list[Attributed[Question]] = field(default_factory=list)
    """Open questions of its newest briefs, at most TOPIC_QUESTIONS."""
    question_total: int = 0


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

    @property
    def paged(self) -> bool:
        """Whether the actor has a page of their own (see PAGE_MIN_MENTIONS)."""
        return len(self.brief_ids) > 1 or self.mentions >= PAGE_MIN_MENTIONS


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
    brief_topics: dict[str, list[str]] = field(default_factory=dict)
    """Brief id → its taxonomy topics, then the place and actor topics it belongs to."""
    months: dict[str, list[str]] = field(default_factory=dict)
    """"YYYY-MM" (or UNDATED, last) → brief ids, newest month first, briefs newest first."""
    anchors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    """Brief id → evidence (start, end) → anchor of that sentence on the article page; filled
    by the renderer for briefs whose article text it has."""

    def actor_slug(self, name: Optional[str]) -> Optional[str]:
        """The slug of the actor page for this canonical name, if there is one."""
        slug = slugify(name) if name else None
        return slug if slug in self.actors and self.actors[slug].paged else None


@functools.lru_cache(maxsize=1 << 16)
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


def month_of(brief: Brief) -> str:
    """"2024-08" from the publication date, or UNDATED."""
    published = brief.source.published or ""
    return published[:7] if re.match(r"\d{4}-\d{2}", published) else UNDATED


def build_index(briefs: list[Brief], taxonomy: dict[str, dict]) -> SiteIndex:
    """All cross-references of a site, from its briefs and the topic taxonomy.

    ``taxonomy`` maps a topic slug to its ``label``, ``description`` and optional
    ``entities``: actors the taxonomy topic already covers, never made topics of their own.
    """
    ordered, warnings = _sort_unique(briefs)
    by_id = {b.id: b for b in ordered}
    actors = _build_actors(ordered)
    topics = _build_topics(ordered, taxonomy)
    derived = _derived_topics(ordered, actors, taxonomy)
    topics.update((slug, topic) for slug, topic in derived.items() if slug not in topics)
    brief_topics: dict[str, list[str]] = {b.id: list(dict.fromkeys(b.topics)) for b in ordered}
    for slug, topic in topics.items():
        if topic.kind != "taxonomy":
            for brief_id in topic.brief_ids:
                brief_topics[brief_id].append(slug)
        _describe_topic(topic, by_id, actors)
    return SiteIndex(
        briefs=ordered,
        by_id=by_id,
        topics=dict(sorted(topics.items(), key=lambda kv: (kv[1].label.lower(), kv[0]))),
        actors=actors,
        links=_build_links(ordered),
        warnings=warnings,
        brief_topics=brief_topics,
        months=_build_months(ordered),
    )


def _build_months(briefs: list[Brief]) -> dict[str, list[str]]:
    months: dict[str, list[str]] = defaultdict(list)
    for brief in briefs:  # newest first, undated last, so months come out in order too
        months[month_of(brief)].append(brief.id)
    return dict(months)


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
    return topics


def _derived_topics(briefs: list[Brief], actors: dict[str, ActorEntry],
                    taxonomy: dict[str, dict]) -> dict[str, TopicEntry]:
    """Places and actors among the main actors of DERIVED_MIN_BRIEFS briefs or more.

    Countries become place topics, other named actors actor topics; an actor the taxonomy
    already covers (a topic's slug, label or entities) does not get a second topic.
    """
    covered = set(taxonomy)
    for slug, known in taxonomy.items():
        names = [known.get("label") or "", *(known.get("entities") or [])]
        covered.update(slugify(str(name)) for name in names if name)
    prominent: dict[str, list[str]] = defaultdict(list)
    for brief in briefs:
        for slug in _main_actors(brief):
            prominent[slug].append(brief.id)
    topics = {}
    for slug, brief_ids in prominent.items():
        actor = actors[slug]
        if len(brief_ids) < DERIVED_MIN_BRIEFS or slug in covered \
                or any(slugify(alias) in covered for alias in actor.aliases):
            continue
        kind = "place" if actor.kind == "country" else "actor"
        topics[slug] = TopicEntry(slug=slug, label=actor.name, kind=kind, actor_slug=slug,
                                  brief_ids=brief_ids,
                                  description=f"Briefs in which {actor.name} is among the main actors.")
    return topics


def _main_actors(brief: Brief) -> list[str]:
    named = [a for a in brief.actors if a.kind not in UNLINKED_KINDS and a.mentions >= PROMINENT_MENTIONS]
    ranked = sorted(named, key=lambda a: -a.mentions)[:PROMINENT_TOP]  # stable: ties keep brief order
    return list(dict.fromkeys(slugify(a.name) for a in ranked))


def _describe_topic(topic: TopicEntry, by_id: dict[str, Brief], actors: dict[str, ActorEntry]) -> None:
    """Ledger, active actors and open questions of one topic, each bounded in size."""
    briefs = [by_id[i] for i in topic.brief_ids]
    topic.ledger = _figures_ledger(briefs)
    active: Counter = Counter()
    for brief in briefs:
        active.update({slugify(a.name) for a in brief.actors if a.kind not in UNLINKED_KINDS})
    for slug in [s for s in active if not actors[s].paged]:
        del active[slug]
    active.pop(topic.actor_slug, None)
    ranked = sorted(active.items(), key=lambda p: (-p[1], actors[p[0]].name.lower(), p[0]))
    topic.actors = ranked[:TOPIC_ACTORS]
    for brief in briefs:
        for question in brief.questions:
            topic.question_total += 1
            if len(topic.questions) < TOPIC_QUESTIONS:
                topic.questions.append(Attributed(brief.id, question))


def _new_topic(slug: str, taxonomy: dict[str, dict]) -> TopicEntry:
    known = taxonomy.get(slug) or {}
    return TopicEntry(slug=slug, label=str(known.get("label") or topic_label(slug)),
                      description=str(known.get("description") or ""))


def counts_key(counts: str) -> str:
    """"the Troops" and "troop" count the same thing: lower case, no article, singular."""
    words = counts.lower().replace("’", "'").split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _amount(figure: Figure) -> tuple[Optional[float], Optional[float]]:
    if figure.value is not None:
        return (figure.value, figure.value)
    return (figure.low, figure.high)


def _day(brief: Brief) -> Optional[int]:
    try:
        return dt.date.fromisoformat((brief.source.published or "")[:10]).toordinal()
    except ValueError:
        return None


def _disagree(dated: list[tuple[int, str, tuple]]) -> bool:
    """Whether two briefs close in time give different amounts; ``dated`` is (day, brief, amount)."""
    dated.sort()
    return any(b[1] != a[1] and b[2] != a[2] and b[0] - a[0] <= DISAGREE_DAYS
               for a, b in zip(dated, dated[1:]))


def _figures_ledger(briefs: list[Brief]) -> list[FigureGroup]:
    """Figures grouped by what they count and their unit.

    Left out: figures that do not say what they count, and measures whose "count" is only
    their unit ("20 miles" counts miles): distances and durations are not comparable claims.
    """
    groups: dict[tuple[str, str], FigureGroup] = {}
    names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    brief_sets: dict[tuple[str, str], set] = defaultdict(set)
    dated: dict[tuple[str, str], list] = defaultdict(list)
    for brief in briefs:  # newest first
        day = _day(brief)
        for figure in brief.figures:
            if not figure.counts or not counts_key(figure.counts) \
                    or counts_key(figure.counts) == counts_key(figure.unit or ""):
                continue
            key = (counts_key(figure.counts), figure.unit or "")
            group = groups.setdefault(key, FigureGroup(counts=figure.counts, unit=figure.unit))
            names[key][figure.counts] += 1
            brief_sets[key].add(brief.id)
            group.total += 1
            amount = _amount(figure)
            if amount != (None, None) and amount not in group.amounts:
                group.amounts.append(amount)
            if amount != (None, None) and day is not None:
                dated[key].append((day, brief.id, amount))
            if len(group.figures) < LEDGER_ROWS:
                group.figures.append(Attributed(brief.id, figure))
    for key, group in groups.items():
        group.counts = names[key].most_common(1)[0][0]
        group.briefs = len(brief_sets[key])
        group.disagree = _disagree(dated[key])
        group.amounts.sort(key=lambda a: (a[0] if a[0] is not None else a[1], a[1] or 0))
    # Disagreements first, then what most briefs report, then alphabetically.
    ranked = sorted(groups.items(), key=lambda kv: (not kv[1].disagree, -kv[1].briefs, -kv[1].total, kv[0]))
    return [group for _, group in ranked[:LEDGER_GROUPS]]


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
        named = [s for s in slugs if entries[s].kind not in UNLINKED_KINDS and entries[s].paged]
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
