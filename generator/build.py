"""The spine shared by the CLI and the MkDocs plugin: read → extract → store.

Rendering happens in the plugin (``plugin.py``), so ``mkdocs build`` and
``briefing build`` run the same code.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from .article import Article
from .brief import Brief
from .config import Settings
from .errors import BriefingError, ExtractError
from .readers import read_articles, unknown_fields_warning
from .rules import RuleSet, load_rules
from .store import check_writable
from .store import brief_path, iter_brief_files, load_brief_data, read_brief, save_brief
from .topics import taxonomy

ProgressFactory = Callable[[int], "ProgressBar"]


@dataclass
class RunReport:
    """What one run did, for the closing summary and the exit status."""

    read: int = 0
    extracted: int = 0
    written: int = 0
    unchanged: int = 0
    skipped: int = 0
    """Up to date: article, rules and extractor unchanged since the brief was written."""
    kept: int = 0
    """Hand-edited briefs left as they were."""
    failed: int = 0
    errors: list[BriefingError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        return (f"{self.read} articles read, {self.extracted} extracted, {self.written} briefs written, "
                f"{self.unchanged} unchanged, {self.skipped} up to date, {self.kept} hand edits kept, "
                f"{self.failed} failed in {self.seconds:.1f}s")


class ProgressBar:
    """The interface the spine needs from a progress bar (tqdm fits it)."""

    def update(self, n: int = 1) -> None: ...
    def close(self) -> None: ...


def update_briefs(settings: Settings, paths: Optional[list[Path]] = None, force: bool = False,
                  progress: bool = False, out_dir: Optional[Path] = None) -> RunReport:
    """Extract a brief for every new or changed article; keep the rest."""
    started = time.perf_counter()
    report = RunReport()
    rules = load_rules(settings.rule_files, settings.default_rules)
    briefs_dir = out_dir or settings.briefs_dir
    pending = list(_pending_articles(settings, paths, briefs_dir, rules, force, report))
    if pending and not _can_write(briefs_dir, report, len(pending)):
        pending = []
    if pending:
        bar = _progress(len(pending), progress)
        for article, result in extract_articles(settings, rules, pending):
            _store(result, article, briefs_dir, force, report)
            bar.update(1)
        bar.close()
    report.seconds = time.perf_counter() - started
    return report


def _pending_articles(settings: Settings, paths, briefs_dir: Path, rules: RuleSet, force: bool,
                      report: RunReport) -> Iterator[Article]:
    for result in read_articles(paths or [settings.articles_dir]):
        if isinstance(result, BriefingError):
            report.failed += 1
            report.errors.append(result)
            continue
        report.read += 1
        warning = unknown_fields_warning(result)
        if warning:
            report.warnings.append(warning)
        if not force and _is_up_to_date(brief_path(briefs_dir, result.id), result, rules):
            report.skipped += 1
            continue
        yield result


def _is_up_to_date(path: Path, article: Article, rules: RuleSet) -> bool:
    if not path.exists():
        return False
    try:
        provenance = load_brief_data(path).get("provenance") or {}
    except BriefingError:
        return False
    return (provenance.get("article_hash") == article.content_hash()
            and provenance.get("rules_hash") == rules.digest)


def extract_articles(settings: Settings, rules: RuleSet,
                     articles: list[Article]) -> Iterator[tuple[Article, object]]:
    """Yield (article, Brief or ExtractError); one failing article never stops the others."""
    from .extract import extract_brief
    from .nlp import build_pipeline

    nlp = build_pipeline(settings.model, settings.rule_files, settings.default_rules)
    for article in articles:
        try:
            yield article, extract_brief(nlp, rules, article, settings.root)
        except Exception as exc:  # noqa: BLE001 - any failure is reported against its file
            yield article, ExtractError(article.path, f"extraction failed: {exc}", article.line)


def _store(result, article: Article, briefs_dir: Path, force: bool, report: RunReport) -> None:
    if isinstance(result, BriefingError):
        report.failed += 1
        report.errors.append(result)
        return
    report.extracted += 1
    try:
        outcome = save_brief(briefs_dir, result, force=force)
    except BriefingError as exc:
        report.failed += 1
        report.errors.append(exc)
        return
    if outcome.action == "written":
        report.written += 1
    elif outcome.action == "unchanged":
        report.unchanged += 1
    else:
        report.kept += 1
        if outcome.message:
            report.warnings.append(outcome.message)


def _can_write(briefs_dir: Path, report: RunReport, count: int) -> bool:
    """One error for an unwritable briefs folder, not one per article (and no wasted extraction)."""
    try:
        check_writable(briefs_dir)
    except BriefingError as exc:
        report.failed += count
        report.errors.append(exc)
        return False
    return True


def _progress(total: int, enabled: bool) -> ProgressBar:
    if not enabled:
        return ProgressBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="article", desc="Extracting", leave=False)


def load_briefs(settings: Settings) -> tuple[list[Brief], list[BriefingError]]:
    """Every brief in the briefs folder; a broken one is reported, not fatal."""
    briefs: list[Brief] = []
    errors: list[BriefingError] = []
    for path in iter_brief_files(settings.briefs_dir):
        try:
            briefs.append(read_brief(path))
        except BriefingError as exc:
            errors.append(exc)
    return briefs, errors


def load_taxonomy(settings: Settings) -> dict[str, dict]:
    """Topic slug → label and description, from the same rule files extraction uses."""
    return taxonomy(load_rules(settings.rule_files, settings.default_rules))
