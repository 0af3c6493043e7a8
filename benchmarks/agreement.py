#!/usr/bin/env python3
"""How far two annotators of the same articles agree, by the measure the extractor is held to.

Usage: python benchmarks/agreement.py GOLD_DIR_A GOLD_DIR_B [CORPUS.jsonl ...]

Each annotator's required items are made into a brief (a risk or question is the sentence its
keys are in, a figure the words around its key, an actor its names) and scored against the other
annotator's gold with the scorer `briefing evaluate` uses, in both directions. The figures are a
ceiling for the targets: an extractor cannot be expected to agree with one annotator more than a
second careful annotator does.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from generator import evaluate as ev
from generator.config import DEFAULT_MODEL
from generator.readers import read_articles

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [ROOT.parent / "shared" / "corpus" / name for name in ("bbc.jsonl", "world.jsonl")]
FIGURE_CONTEXT = 30
"""Characters either side of a figure's key: the words a brief's figure text would carry."""


def required(gold: dict, part: str) -> list[dict]:
    return (gold.get(part) or {}).get("required") or []


def sentence_items(gold: dict, part: str, sentences: list[str]) -> list[dict]:
    items = []
    for item in required(gold, part):
        hits = [s for key in item["keys"] for s in sentences if ev.norm(key) in s]
        items.append({"text": " ".join(dict.fromkeys(hits)) or ev.norm(item["keys"][0])})
    return items


def figure_items(gold: dict, text: str) -> list[dict]:
    items = []
    for item in required(gold, "figures"):
        key = ev.norm(item["keys"][0])
        at = text.find(key)
        around = text[max(0, at - FIGURE_CONTEXT): at + len(key) + FIGURE_CONTEXT] if at >= 0 else key
        items.append({"text": around, "claimed_by": (item.get("claimed_by") or [None])[0]})
    return items


def brief_from_gold(gold: dict, text: str, sentences: list[str]) -> dict:
    """One annotator's required items as the brief an extractor would give."""
    return {
        "actors": [{"name": a["names"][0], "aliases": a["names"][1:]} for a in required(gold, "actors")],
        "figures": figure_items(gold, ev.norm(text)),
        "risks": sentence_items(gold, "risks", sentences),
        "questions": sentence_items(gold, "questions", sentences),
    }


def agreement(truth: dict[str, dict], other: dict[str, dict], texts: dict[str, str], nlp) -> dict:
    ids = sorted(set(truth) & set(other))
    briefs = {}
    for gid in ids:
        sentences = [ev.norm(s.text) for s in nlp(texts[gid]).sents]
        briefs[gid] = brief_from_gold(other[gid], texts[gid], sentences)
    return ev.evaluate_briefs([truth[gid] for gid in ids], briefs).result()


def line(label: str, result: dict) -> str:
    parts = " · ".join(f"{p} {result[p]['f1']:.2f} (P {result[p]['precision']:.2f} R {result[p]['recall']:.2f})"
                       for p in ("actors", "figures", "risks", "questions"))
    return f"{label}: {parts} · claimant {result['claimant_accuracy']:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_a", type=Path)
    parser.add_argument("gold_b", type=Path)
    parser.add_argument("corpora", type=Path, nargs="*", default=DEFAULT_CORPORA)
    args = parser.parse_args()
    first = {str(g["id"]): g for g in ev.load_gold(args.gold_a)}
    second = {str(g["id"]): g for g in ev.load_gold(args.gold_b)}
    both = set(first) & set(second)
    texts = {article.id: f"{article.title}\n\n{article.text}"
             for article in read_articles([p for p in args.corpora if p.exists()]) if article.id in both}
    nlp = spacy.load(DEFAULT_MODEL)
    print(f"{len(texts)} articles annotated by both")
    print(line("B scored against A", agreement(first, second, texts, nlp)))
    print(line("A scored against B", agreement(second, first, texts, nlp)))


if __name__ == "__main__":
    main()
