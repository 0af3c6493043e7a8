"""The spine shared by the CLI and the MkDocs plugin: read → extract → store.

Rendering happens in the plugin (``plugin.py``), so ``mkdocs build`` and
``briefing build`` run the same code.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import yaml

from .article import Article
from .brief import Brief
from .config import Settings
from .errors import BriefingError, ExtractError
from .parallel import PipelineSpec, relative_source, run_extraction
from .provenance import ParsedBriefCache, ProvenanceCache, load_rules_cached
from .readers import read_articles, unknown_fields_warning
from .rules import RuleSet
from .store import SafeLoader, check_writable, iter_brief_files, load_brief_data, read_brief, save_brief
from .topics import taxonomy


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
        if self.read and not self.extracted and not self.failed:
            return f"nothing to extract: {self.skipped} briefs up to date ({self.seconds:.1f}s)"
        return (f"{self.read} articles read, {self.extracted} extracted, {self.written} briefs written, "
                f"{self.unchanged} unchanged, {self.skipped} up to date, {self.kept} hand edits kept, "
                f"{self.failed} failed in {self.seconds:.1f}s")


class ProgressBar:
    """The interface the spine needs from a progress bar (tqdm fits it)."""

    def update(self, n: int = 1) -> None: ...
    def close(self) -> None: ...


def update_briefs(settings: Settings, paths: Optional[list[Path]] = None, force: bool = False,
                  progress: bool = False, out_dir: Optional[Path] = None, workers: Optional[int] = None,
                  scheduler=None) -> RunReport:
    """Extract a brief for every new or changed article; keep the rest.

    ``workers`` overrides the setting (0: one process per core, 1: this process);
    ``scheduler``, a Dask scheduler address or client, sends extraction to a cluster.
    """
    started = time.perf_counter()
    report = RunReport()
    rules = site_rules(settings)
    briefs_dir = out_dir or settings.briefs_dir
    cache = ProvenanceCache(briefs_dir)
    # Articles are small; a list lets the bar show a total. Parsed Docs are never kept.
    pending = list(_pending_articles(settings, paths, cache, rules, force, report))
    if pending and not _can_write(briefs_dir, report, len(pending)):
        pending = []
    if pending:
        bar = _progress(len(pending), progress)
        for article, result in extract_articles(settings, rules, pending, workers, scheduler):
            _store(result, article, briefs_dir, force, report, cache)
            bar.update(1)
        bar.close()
    cache.save()
    report.seconds = time.perf_counter() - started
    return report


def _pending_articles(settings: Settings, paths, cache: ProvenanceCache, rules: RuleSet, force: bool,
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
        if not force and cache.is_up_to_date(result.id, result.content_hash(), rules.digest):
            report.skipped += 1
            continue
        yield result


def extract_articles(settings: Settings, rules: RuleSet, articles: list[Article],
                     workers: Optional[int] = None, scheduler=None) -> Iterator[tuple[Article, object]]:
    """Yield (article, Brief or ExtractError) in input order; one failing article never stops the others."""
    spec = PipelineSpec(settings.model, tuple(str(p) for p in settings.rule_files), settings.default_rules,
                        rules.digest)
    # Source paths are made relative here, not in the workers, so a remote worker writes the same.
    local = [relative_source(a, settings.root) for a in articles]
    count = settings.workers if workers is None else workers
    results = run_extraction(spec, local, count, scheduler, settings.resident)
    for article, (_, result) in zip(articles, results):
        if isinstance(result, ExtractError):
            result = ExtractError(article.path, result.message, article.line)
        yield article, result


def _store(result, article: Article, briefs_dir: Path, force: bool, report: RunReport,
           cache: ProvenanceCache) -> None:
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
        cache.forget(result.id)
        return
    if outcome.action in ("written", "unchanged"):
        cache.record(result.id, result.provenance.article_hash, result.provenance.rules_hash)
    else:
        cache.forget(result.id)  # the hand-edited file keeps its own provenance: read it next time
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

    # delay: a run of a few seconds finishes without drawing a bar at all.
    return tqdm(total=total, unit="article", desc="Extracting", leave=False, delay=2.0)


def load_briefs(settings: Settings) -> tuple[list[Brief], list[BriefingError]]:
    """Every brief in the briefs folder; a broken one is reported, not fatal.

    At 10,000 briefs parsing the YAML costs as much as the rest of a warm build's own work,
    so data parsed before comes from one JSON cache while the file is unchanged, and a file
    briefing wrote itself (schema-checked on write) is not checked again.
    """
    briefs: list[Brief] = []
    errors: list[BriefingError] = []
    provenance = ProvenanceCache(settings.briefs_dir)
    parsed = ParsedBriefCache(settings.briefs_dir)
    for path in iter_brief_files(settings.briefs_dir):
        signature = parsed.signature(path)  # before reading: a later edit shows as a new signature
        brief = _from_data(parsed.get(path, signature))
        if brief is None:
            try:
                data = (provenance.written_by_briefing(path) and _parse_unchecked(path)) or load_brief_data(path)
            except BriefingError as exc:
                errors.append(exc)
                continue
            brief = _from_data(data)
            if brief is None:  # parsed but not a brief: the checked read names the problem
                try:
                    brief = read_brief(path)
                except BriefingError as exc:
                    errors.append(exc)
                    continue
            parsed.put(path, signature, data)
        briefs.append(brief)
    parsed.save()
    return briefs, errors


def _from_data(data: Optional[dict]) -> Optional[Brief]:
    if not isinstance(data, dict):
        return None
    try:
        return Brief.from_dict(data)
    except Exception:  # noqa: BLE001 - the caller reads the file the long way, with its errors
        return None


def _parse_unchecked(path: Path) -> Optional[dict]:
    """A brief's data without the schema check; None sends it the long way."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except Exception:  # noqa: BLE001 - load_brief_data reports whatever this was, naming the file
        return None
    return data if isinstance(data, dict) else None


def site_rules(settings: Settings) -> RuleSet:
    """The project's rules, read and checked once per content of the rule files (see
    ``load_rules_cached``); the cache sits beside the briefs' other caches."""
    return load_rules_cached(settings.rule_files, settings.default_rules, settings.briefs_dir)


def load_taxonomy(settings: Settings) -> dict[str, dict]:
    """Topic slug → label and description, from the same rule files extraction uses."""
    return taxonomy(site_rules(settings))
