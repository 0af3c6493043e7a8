"""Score extracted briefs against hand-annotated gold briefs.

The matching rules are those of the shared scorer (``shared/eval/score.py``, described in
``shared/eval/GUIDE.md``), reimplemented here so the package does not depend on a file
outside the repository; ``tests/test_evaluate.py`` checks that both give the same numbers.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import yaml

PARTS = ("actors", "figures", "risks", "questions")

_FOLDS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " "})


# -- text normalisation, as the shared scorer does it ----------------------------
def norm(text: Any) -> str:
    """Lower case, curly quotes and dashes folded, white space collapsed."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).translate(_FOLDS)
    return re.sub(r"\s+", " ", text).strip().lower()


def norm_name(text: Any) -> str:
    """A name for comparison: no full stops, no leading 'the'/'Mr.'/'Dr.', no stray symbols."""
    text = norm(text).replace(".", "")
    text = re.sub(r"^(the|mr|mrs|ms|dr) ", "", text)
    return re.sub(r"[^\w\s'-]", "", text).strip()


def evidence_text(item: Any) -> str:
    """All the text an extracted risk or question offers: its text and its evidence."""
    if isinstance(item, str):
        return norm(item)
    parts = [item.get("text"), item.get("statement"), item.get("summary")]
    evidence = item.get("evidence")
    if isinstance(evidence, str):
        parts.append(evidence)
    elif isinstance(evidence, dict):
        parts += [evidence.get("sentence"), evidence.get("quote"), evidence.get("text")]
    elif isinstance(evidence, list):
        parts += [e if isinstance(e, str) else (e or {}).get("sentence") for e in evidence]
    return " || ".join(norm(p) for p in parts if p)


def figure_text(item: Any) -> str:
    if isinstance(item, str):
        return norm(item)
    return " || ".join(norm(item.get(k)) for k in ("text", "surface", "quantity") if item.get(k))


def actor_names(item: Any) -> set[str]:
    if isinstance(item, str):
        return {norm_name(item)}
    names = {norm_name(item.get("name"))} | {norm_name(a) for a in item.get("aliases") or []}
    names.discard("")
    return names


# -- matching ------------------------------------------------------------------
def gold_actor_matches(gold: dict, names: set[str]) -> bool:
    """Same name or alias, or (for descriptive actors) a gold phrase inside a name."""
    if names & {norm_name(n) for n in gold.get("names", [])}:
        return True
    return any(norm_name(c) in n for c in gold.get("contains", []) for n in names)


def gold_text_matches(gold: dict, text: str) -> bool:
    return any(norm(k) in text for k in gold.get("keys", []))


def _matcher(part: str, item: Any) -> Callable[[dict], bool]:
    if part == "actors":
        names = actor_names(item)
        return lambda gold: gold_actor_matches(gold, names)
    text = figure_text(item) if part == "figures" else evidence_text(item)
    return lambda gold: gold_text_matches(gold, text)


@dataclass
class PartScore:
    """Counts for one part of one article, and the pairs matched."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    pairs: list[tuple[dict, Any]] = field(default_factory=list)
    false_positives: list[Any] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)


def score_part(part: str, required: list[dict], acceptable: list[dict], extracted: list) -> PartScore:
    """Greedy, in extraction order: each required gold item matches at most one extracted item."""
    used: set[int] = set()
    score = PartScore()
    for item in extracted:
        hit = _matcher(part, item)
        found = next((i for i, g in enumerate(required) if i not in used and hit(g)), None)
        if found is not None:
            used.add(found)
            score.tp += 1
            score.pairs.append((required[found], item))
        elif any(hit(g) for g in required) or not any(hit(a) for a in acceptable):
            score.fp += 1  # a duplicate of a matched gold item, or simply wrong
            score.false_positives.append(item)
    score.missed = [g for i, g in enumerate(required) if i not in used]
    score.fn = len(score.missed)
    return score


def claimant_right(gold: dict, item: Any) -> Optional[bool]:
    """None when the gold figure names no claimant; else whether the brief's claimant fits."""
    if not gold.get("claimed_by") or not isinstance(item, dict):
        return None
    who = norm_name(item.get("claimed_by") or item.get("source") or "")
    return bool(who) and any(norm_name(c) in who for c in gold["claimed_by"])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# -- a whole evaluation ---------------------------------------------------------
@dataclass
class ArticleScore:
    id: str
    parts: dict[str, PartScore]
    claims: list[tuple[dict, Any, bool]]
    """(gold figure, extracted figure, claimant right) for matched figures with a gold claimant."""


@dataclass
class Evaluation:
    articles: list[ArticleScore]
    missing: list[str]

    def totals(self, part: str) -> tuple[int, int, int]:
        scores = [a.parts[part] for a in self.articles]
        return sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)

    def claimant_counts(self) -> tuple[int, int]:
        claims = [ok for a in self.articles for _, _, ok in a.claims]
        return sum(claims), len(claims)

    def unclaimed_counts(self) -> tuple[int, int]:
        """Matched figures the gold names no claimant for (the reporter's own facts), and how many of
        them the briefs pin on someone anyway, or on an unnamed source ("official figures"): an
        error the shared scorer does not count."""
        figures = [item for a in self.articles for gold, item in a.parts["figures"].pairs
                   if not gold.get("claimed_by") and isinstance(item, dict)]
        return sum(bool(item.get("claimed_by") or item.get("source")) for item in figures), len(figures)

    def result(self) -> dict[str, Any]:
        """The same keys and values as ``score.py --json``."""
        result: dict[str, Any] = {p: dict(zip(("precision", "recall", "f1"), prf(*self.totals(p))))
                                  for p in PARTS}
        ok, n = self.claimant_counts()
        result["claimant_accuracy"] = ok / n if n else 0.0
        result["missing_briefs"] = list(self.missing)
        result["macro_f1"] = sum(result[p]["f1"] for p in PARTS) / len(PARTS)
        return result


def load_gold(gold_dir: Path) -> list[dict]:
    """Gold files in name order, as the shared scorer reads them."""
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.yaml"))]


def score_article(gold: dict, brief: Optional[dict]) -> ArticleScore:
    parts: dict[str, PartScore] = {}
    claims: list[tuple[dict, Any, bool]] = []
    for part in PARTS:
        wanted = gold.get(part) or {}
        extracted = (brief or {}).get(part) or []
        parts[part] = score_part(part, wanted.get("required", []), wanted.get("acceptable", []), extracted)
    for gold_item, item in parts["figures"].pairs:
        right = claimant_right(gold_item, item)
        if right is not None:
            claims.append((gold_item, item, right))
    return ArticleScore(id=str(gold["id"]), parts=parts, claims=claims)


def evaluate_briefs(golds: Iterable[dict], briefs: dict[str, dict]) -> Evaluation:
    """Score briefs (id -> brief as a dict) against gold files."""
    scores, missing = [], []
    for gold in golds:
        brief = briefs.get(str(gold["id"]))
        if brief is None:
            missing.append(gold["id"])
        scores.append(score_article(gold, brief))
    return Evaluation(articles=scores, missing=missing)


# -- report ---------------------------------------------------------------------
def format_report(evaluation: Evaluation, verbose: bool = False) -> str:
    """The shared scorer's text report; with ``verbose``, counts and errors per article."""
    lines: list[str] = []
    if verbose:
        for article in evaluation.articles:
            lines += _article_lines(article)
    result = evaluation.result()
    for part in PARTS:
        r = result[part]
        tp, fp, fn = evaluation.totals(part)
        lines.append(f"{part:10s} P={r['precision']:.2f} R={r['recall']:.2f} F1={r['f1']:.2f}  "
                     f"(tp={tp} fp={fp} fn={fn})")
    ok, n = evaluation.claimant_counts()
    lines.append(f"claimant accuracy on matched figures: {result['claimant_accuracy']:.2f} ({ok}/{n})")
    pinned, unclaimed = evaluation.unclaimed_counts()
    lines.append(f"claimant given where the gold names none: {pinned}/{unclaimed}")
    if evaluation.missing:
        lines.append("no brief for: " + ", ".join(map(str, evaluation.missing)))
    lines.append(f"macro F1 {result['macro_f1']:.2f}")
    return "\n".join(lines)


def _article_lines(article: ArticleScore) -> list[str]:
    lines = []
    for part in PARTS:
        s = article.parts[part]
        lines.append("%-28s %-10s tp=%d fp=%d fn=%d" % (article.id, part, s.tp, s.fp, s.fn))
        lines += [f"    + extra: {_describe(part, item)}" for item in s.false_positives]
        lines += [f"    - missed: {_describe_gold(g)}" for g in s.missed]
    for gold_item, item, right in article.claims:
        if not right:
            lines.append(f"    ! claimant: {item.get('text')!r} by {item.get('claimed_by') or item.get('source')!r}, "
                         f"gold {gold_item['claimed_by']}")
    return lines


def _describe(part: str, item: Any) -> str:
    if not isinstance(item, dict):
        return repr(item)
    if part == "actors":
        return f"{item.get('name')!r} aliases={item.get('aliases') or []}"
    return repr(item.get("text"))


def _describe_gold(gold: dict) -> str:
    return repr(gold.get("names") or gold.get("contains") or gold.get("keys"))


# -- extraction for the gold ids --------------------------------------------------
def default_article_paths(root: Path) -> list[Path]:
    """The project's articles, plus the shared world corpus beside the repository when present."""
    paths = [root / "content" / "articles"]
    world = root.parent / "shared" / "corpus" / "world.jsonl"
    return paths + ([world] if world.exists() else [])


def extract_gold_briefs(ids: Iterable[str], paths: list[Path], model: str,
                        rule_files: Iterable[Path] = (), default_rules: bool = True) -> dict[str, dict]:
    """Briefs (as dicts, as written to disk) for the articles whose id is a gold id."""
    from .article import Article
    from .extract import extract_brief
    from .nlp import build_pipeline, cached_rules
    from .readers import read_articles

    wanted = set(ids)
    articles = [a for a in read_articles(paths) if isinstance(a, Article) and a.id in wanted]
    if not articles:
        return {}
    files = [Path(p) for p in rule_files]
    nlp = build_pipeline(model, files, default_rules)
    rules = cached_rules(tuple(str(p) for p in files), default_rules)
    return {a.id: extract_brief(nlp, rules, a).to_dict() for a in articles}
