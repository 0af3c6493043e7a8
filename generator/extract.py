"""Article → Doc → Brief: the only module that knows both spaCy's Doc and the Brief."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import __version__
from .article import Article
from .brief import Actor, Brief, Evidence, Figure, Provenance, Question, Risk, Source
from .components import state
from .components.state import ActorRecord, ItemRecord
from .rules import RuleSet
from .topics import assign_topics

SUMMARY_MAX_SENTENCES = 3
SUMMARY_MAX_WORDS = 70
BYLINE = re.compile(r"^(?:by\s|story highlights|update[d]?\s|\(cnn\)|photo:|file photo)", re.I)


def extract_brief(nlp: Language, rules: RuleSet, article: Article, root: Optional[Path] = None) -> Brief:
    """Run the pipeline over one article and build its brief."""
    doc = nlp(article.text)
    return brief_from_doc(doc, rules, article, root)


def brief_from_doc(doc: Doc, rules: RuleSet, article: Article, root: Optional[Path] = None) -> Brief:
    records = state.get(doc, "actors")
    names = {r.key: r.name for r in records}
    actors = [_actor(r) for r in _ordered_actors(records)]
    return Brief(
        id=article.id,
        title=article.title,
        source=Source(outlet=article.outlet, url=article.url, published=article.published,
                      path=_relative(article.path, root)),
        summary=summarize(doc),
        topics=assign_topics(rules, article.title + "\n" + article.text, {a.name for a in actors}),
        actors=actors,
        figures=_once_per_brief([(f.details["figure"], _figure(doc, f, names)) for f in state.get(doc, "figures")]),
        risks=_unique([Risk(text=r.text, stated_by=names.get(r.speaker), evidence=_evidence(doc, r))
                       for r in state.get(doc, "risks")]),
        questions=_unique([Question(text=q.text, raised_by=names.get(q.speaker), evidence=_evidence(doc, q))
                           for q in state.get(doc, "questions")]),
        provenance=Provenance(article_hash=article.content_hash(), rules_hash=rules.digest,
                              extractor=__version__),
    )


def summarize(doc: Doc) -> str:
    """The lead: the first one to three sentences that are reporting, not furniture."""
    chosen: list[str] = []
    words = 0
    for sent in doc.sents:
        text = sent.text.strip()
        if not text or BYLINE.match(text) or len(text.split()) < 5:
            continue
        if chosen and words + len(text.split()) > SUMMARY_MAX_WORDS:
            break
        chosen.append(text)
        words += len(text.split())
        if len(chosen) == SUMMARY_MAX_SENTENCES:
            break
    return " ".join(chosen)


def _ordered_actors(records: list[ActorRecord]) -> list[ActorRecord]:
    """Most mentioned first, then by first appearance: stable for identical input."""
    return sorted(records, key=lambda r: (-len(r.mentions), min(s for s, _ in r.mentions) if r.mentions else 0))


def _actor(record: ActorRecord) -> Actor:
    aliases = sorted({f for f in record.forms if f != record.name and f})
    return Actor(name=record.name, kind=record.kind, role=record.role, aliases=aliases,
                 mentions=len(record.mentions))


def _figure(doc: Doc, record: ItemRecord, names: dict[str, str]) -> Figure:
    d = record.details
    return Figure(text=record.text, value=d["value"], qualifier=d["qualifier"], low=d["low"], high=d["high"],
                  unit=d["unit"], counts=d["counts"], claimed_by=names.get(record.speaker),
                  source=d.get("source"),
                  evidence=_evidence(doc, record))


def _evidence(doc: Doc, record: ItemRecord) -> Evidence:
    sent: Span = state.sentence_at(doc, record.sent_start)
    text = sent.text  # the same characters as doc.text[start:end]; Doc.text rebuilds the whole text
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return Evidence(sentence=stripped, start=start, end=start + len(stripped))


def _unique(items: list) -> list:
    """Each item once: the same text from the same sentence is one item."""
    seen: set[tuple] = set()
    kept = []
    for item in items:
        key = (item.text.lower(), item.evidence.start if item.evidence else None)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _once_per_brief(figures: list[tuple[str, Figure]]) -> list[Figure]:
    """A figure repeated later in the article ("four Americans" in the lead and again below) is
    listed once: where it first appears with a claimant, else where it first appears. Figures are
    (words of the figure itself, Figure): "the expulsion of 23 diplomats" repeats "23 diplomats"."""
    chosen: dict[str, Figure] = {}
    for words, figure in figures:
        key = " ".join(words.lower().split())
        if key not in chosen or (chosen[key].claimed_by is None and figure.claimed_by is not None):
            chosen[key] = figure
    kept = {id(f) for f in chosen.values()}
    return [f for _, f in figures if id(f) in kept]


def _relative(path: str, root: Optional[Path]) -> str:
    if root is None:
        return path
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return path
