#!/usr/bin/env python3
"""Would a sentence classifier find risks and questions better than the cue rules? Measured, not assumed.

Usage: python benchmarks/sentence_classifier.py [--architecture bow|ensemble] [CORPUS.jsonl ...]

Every sentence of every gold article (tests/gold, tests/heldout, tests/blind) is labelled from the
gold: a risk or question when it holds a required item's key, left out of training when it holds
only an acceptable one. Blind batch by batch (leave one batch out), a spaCy text classifier is
trained on all other sets and picks the held-out batch's risk and question sentences; the picks
are scored as briefs with the scorer `briefing evaluate` uses. The figures to beat are the cue
rules' on the same batches before anyone read them (README, "Accuracy"): the rules' scores on
these batches today are inflated, since each batch was read to tune them.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import spacy
from spacy.training import Example

from generator import evaluate as ev
from generator.config import DEFAULT_MODEL
from generator.readers import read_articles

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [ROOT / "content" / "articles"] + [ROOT.parent / "shared" / "corpus" / name
                                                     for name in ("bbc.jsonl", "world.jsonl")]
PARTS = {"RISK": "risks", "QUESTION": "questions"}
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)
EPOCHS = 8
BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
       "no_output_layer": False, "length": 262144}
ENSEMBLE = {"@architectures": "spacy.TextCatEnsemble.v2", "nO": None, "linear_model": BOW,
            "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                                  "rows": [2000, 2000, 1000, 1000], "include_static_vectors": False,
                                  "attrs": ["ORTH", "LOWER", "PREFIX", "SUFFIX"]},
                        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64,
                                   "window_size": 1, "maxout_pieces": 3, "depth": 2}}}


def gold_sets() -> dict[str, list[dict]]:
    """The gold, held-out and each blind batch as its own set (batches from tests/blind/ARTICLES.md)."""
    sets = {"gold": ev.load_gold(ROOT / "tests" / "gold"), "heldout": ev.load_gold(ROOT / "tests" / "heldout")}
    manifest = (ROOT / "tests" / "blind" / "ARTICLES.md").read_text("utf-8")
    batch_of = dict(re.findall(r"^\| `([^`]+)` \| (\d+) \|", manifest, re.M))
    for gold in ev.load_gold(ROOT / "tests" / "blind"):
        sets.setdefault(f"blind {batch_of[str(gold['id'])]}", []).append(gold)
    return sets


def label(gold: dict, part: str, sentence: str) -> float | None:
    """1 for a required item's sentence, 0 for none, None (left out) for an acceptable one only."""
    text = ev.norm(sentence)
    section = gold.get(part) or {}
    if any(ev.gold_text_matches(item, text) for item in section.get("required") or []):
        return 1.0
    if any(ev.gold_text_matches(item, text) for item in section.get("acceptable") or []):
        return None
    return 0.0


def labelled_sentences(sets: dict[str, list[dict]], texts: dict[str, str], nlp) -> list[dict]:
    rows = []
    for name, golds in sets.items():
        for gold in golds:
            gid = str(gold["id"])
            if gid not in texts:
                continue
            for sentence in nlp(texts[gid]).sents:
                cats = {lab: label(gold, part, sentence.text) for lab, part in PARTS.items()}
                rows.append({"set": name, "id": gid, "text": sentence.text, "cats": cats})
    return rows


def train(rows: list[dict], model: dict):
    nlp = spacy.blank("en")
    classifier = nlp.add_pipe("textcat_multilabel", config={"model": model})
    for lab in PARTS:
        classifier.add_label(lab)
    examples = [Example.from_dict(nlp.make_doc(r["text"]), {"cats": r["cats"]}) for r in rows
                if None not in r["cats"].values()]
    optimizer = nlp.initialize(lambda: examples)
    shuffle = random.Random(0)
    for _ in range(EPOCHS):
        shuffle.shuffle(examples)
        for start in range(0, len(examples), 16):
            nlp.update(examples[start:start + 16], sgd=optimizer, drop=0.1)
    return nlp


def picked_briefs(rows: list[dict], scores: list[dict], threshold: float) -> dict[str, dict]:
    briefs: dict[str, dict] = {}
    for row, cats in zip(rows, scores):
        brief = briefs.setdefault(row["id"], {"actors": [], "figures": [], "risks": [], "questions": []})
        for lab, part in PARTS.items():
            if cats[lab] >= threshold:
                brief[part].append({"text": row["text"]})
    return briefs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--architecture", choices=("bow", "ensemble"), default="bow")
    parser.add_argument("corpora", type=Path, nargs="*", default=DEFAULT_CORPORA)
    args = parser.parse_args()
    sets = gold_sets()
    wanted = {str(g["id"]) for golds in sets.values() for g in golds}
    texts = {a.id: a.text for a in read_articles([p for p in args.corpora if p.exists()]) if a.id in wanted}
    rows = labelled_sentences(sets, texts, spacy.load(DEFAULT_MODEL))
    model = BOW if args.architecture == "bow" else ENSEMBLE
    held_out = [name for name in sets if name.startswith("blind ")]
    print(f"{len(rows)} sentences, {sum(r['cats']['RISK'] == 1 for r in rows)} risk and "
          f"{sum(r['cats']['QUESTION'] == 1 for r in rows)} question sentences; {args.architecture} classifier")
    totals = {t: {"risks": [], "questions": []} for t in THRESHOLDS}
    for name in sorted(held_out, key=lambda n: int(n.split()[1])):
        test = [r for r in rows if r["set"] == name]
        classifier = train([r for r in rows if r["set"] != name], model)
        scores = [doc.cats for doc in classifier.pipe(r["text"] for r in test)]
        cells = []
        for threshold in THRESHOLDS:
            result = ev.evaluate_briefs(sets[name], picked_briefs(test, scores, threshold)).result()
            for part in ("risks", "questions"):
                totals[threshold][part].append(result[part]["f1"])
            cells.append(f"{threshold}: {result['risks']['f1']:.2f}/{result['questions']['f1']:.2f}")
        print(f"{name:9} risks/questions F1 at threshold  " + "  ".join(cells))
    for threshold, parts in totals.items():
        mean = {part: sum(v) / len(v) for part, v in parts.items()}
        print(f"mean over {len(held_out)} batches at {threshold}: risks {mean['risks']:.2f}, "
              f"questions {mean['questions']:.2f}")


if __name__ == "__main__":
    main()
