#!/usr/bin/env python3
"""Extraction speed on the world corpus: full extraction against the bare spaCy pipeline.

Usage: python benchmarks/extraction_speed.py [CORPUS.jsonl] [--model NAME] [--repeat N]

Both run in this process over the same texts: the bare pipeline is ``spacy.load(model)``
and ``nlp.pipe``; full extraction is briefing's pipeline (entity patterns and the rule
components) and the Brief built from each Doc. The rules must cost less than the pipeline.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from generator.article import Article
from generator.config import DEFAULT_MODEL
from generator.extract import brief_from_doc
from generator.nlp import build_pipeline, cached_rules
from generator.readers import read_articles

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "world.jsonl"


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def bare_pipeline(model: str, texts: list[str]) -> float:
    nlp = spacy.load(model)
    list(nlp.pipe(texts[:2]))  # warm-up, as for the full run
    return timed(lambda: list(nlp.pipe(texts)))


def full_extraction(model: str, articles: list[Article]) -> float:
    nlp = build_pipeline(model)
    rules = cached_rules((), True)
    list(nlp.pipe(a.text for a in articles[:2]))

    def run():
        for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
            brief_from_doc(doc, rules, article)
    return timed(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeat", type=int, default=1, help="Passes over the corpus (more: steadier numbers).")
    args = parser.parse_args()
    articles = [a for a in read_articles([args.corpus]) if isinstance(a, Article)] * args.repeat
    texts = [a.text for a in articles]
    bare = bare_pipeline(args.model, texts)
    full = full_extraction(args.model, articles)
    n = len(articles)
    print(f"articles: {n} ({sum(map(len, texts)):,} characters) from {args.corpus}")
    print(f"bare spaCy pipeline ({args.model}): {n / bare:6.1f} articles/s  ({bare:.2f} s)")
    print(f"full extraction:                 {n / full:6.1f} articles/s  ({full:.2f} s)")
    print(f"rules and brief building cost {full / bare - 1:+.0%} over the bare pipeline "
          f"(full/bare time ratio {full / bare:.2f}; under 2.00 means the rules cost less than the pipeline)")


if __name__ == "__main__":
    main()
