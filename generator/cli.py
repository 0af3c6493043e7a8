"""The ``briefing`` console script: arguments, progress, a closing summary, an exit code."""
from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__
from .build import RunReport, update_briefs
from .config import Settings
from .errors import BriefingError

log = logging.getLogger("briefing")


class ProjectConfig:
    """The project's mkdocs.yml, loaded once with MkDocs' own loader (plugins included)."""

    def __init__(self, config_file: Path):
        self.config_file = config_file
        self._mkdocs = None
        self._overrides: Optional[dict] = None

    def mkdocs(self, **overrides):
        """The loaded config; loaded again only for other overrides (loading it costs as much
        as a few dozen pages of the build)."""
        from mkdocs.config import load_config

        if not self.config_file.exists():
            raise BriefingError(self.config_file, "no such configuration file; run briefing in the "
                                                  "project folder or pass --config")
        if self._mkdocs is None or (overrides and overrides != self._overrides):
            self._mkdocs = load_config(str(self.config_file), **overrides)
            self._overrides = overrides
        return self._mkdocs

    def settings(self, **overrides) -> Settings:
        """The briefing settings; ``overrides`` go to the MkDocs config it is read from."""
        if not self.config_file.exists():
            return Settings.defaults(self.config_file.resolve().parent)
        config = self.mkdocs(**overrides)
        plugin = config.plugins.get("briefing")
        if plugin is None:
            return Settings.defaults(self.config_file.resolve().parent)
        return Settings.from_plugin_config(plugin.config, config.config_file_path)


@click.group()
@click.version_option(__version__, prog_name="briefing")
@click.option("--config", "-f", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The site's mkdocs.yml.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the summary.")
@click.pass_context
def main(ctx: click.Context, config_file: Path, quiet: bool) -> None:
    """Turn news articles into structured briefs and a browsable briefing site."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # material's banner is noise in our output
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING if quiet else logging.INFO)
    ctx.obj = ProjectConfig(config_file)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write briefs here instead of the configured briefs folder.")
@click.option("--force", is_flag=True, help="Re-extract everything and overwrite hand-edited briefs.")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=None,
              help="Extraction processes (0: one per core, 1: no pool). Default: the workers setting.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on a Dask cluster (e.g. tcp://10.0.0.5:8786); needs briefing[dask].")
@click.pass_obj
def extract(project: ProjectConfig, paths: tuple[Path, ...], out_dir: Optional[Path], force: bool,
            workers: Optional[int], scheduler: Optional[str]) -> None:
    """Write one brief per article (default: every article in the articles folder)."""
    report = _run(lambda: update_briefs(project.settings(), list(paths) or None, force=force,
                                        progress=True, out_dir=out_dir, workers=workers,
                                        scheduler=scheduler))
    _finish(report)


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings, as mkdocs build --strict.")
@click.option("--force", is_flag=True, help="Re-extract everything and overwrite hand-edited briefs.")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=None,
              help="Extraction processes (0: one per core, 1: no pool). Default: the workers setting.")
@click.pass_obj
def build(project: ProjectConfig, strict: bool, force: bool, workers: Optional[int]) -> None:
    """Extract new or changed articles, render the pages and build the site."""
    from mkdocs.commands.build import build as mkdocs_build

    # One config load serves the settings and the build.
    settings = _run(lambda: project.settings(strict=strict))
    report = _run(lambda: update_briefs(settings, force=force, progress=True, workers=workers))
    _print_summary(report)
    config = _run(lambda: project.mkdocs(strict=strict))
    config.plugins["briefing"].config.extract = False  # done above, with a progress bar
    # What is loaded by now (spaCy and its model, if anything was extracted) lives until the command
    # ends: frozen, the collector stops walking it again on every full pass of the page build.
    gc.freeze()
    _run(lambda: mkdocs_build(config))
    click.echo(f"Site written to {config.site_dir}")
    sys.exit(0 if report.ok else 1)


@main.command()
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.pass_obj
def serve(project: ProjectConfig, dev_addr: str) -> None:
    """Preview the site with live reload; edits to articles and briefs rebuild it."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    settings = _run(project.settings)
    _run(lambda: mkdocs_serve(str(project.config_file), dev_addr=dev_addr,
                              watch=[str(settings.articles_dir), str(settings.briefs_dir)]))


@main.command()
@click.argument("rev", default="HEAD")
@click.pass_obj
def diff(project: ProjectConfig, rev: str) -> None:
    """Changes in briefs since git revision REV (default HEAD): actors, figures, risks, questions."""
    from .diff import diff_since, format_diffs

    settings = _run(project.settings)
    click.echo(format_diffs(_run(lambda: diff_since(settings.briefs_dir, rev))))


@main.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON, as score.py --json.")
@click.option("--verbose", "-v", is_flag=True, help="Counts, extra and missed items per article.")
@click.pass_obj
def evaluate(project: ProjectConfig, gold_dir: Path, paths: tuple[Path, ...], as_json: bool, verbose: bool) -> None:
    """Extract the gold articles and score them against GOLD_DIR (default articles: the
    articles folder and ../shared/corpus/world.jsonl)."""
    import json

    from . import evaluate as ev

    settings = _run(project.settings)
    golds = _run(lambda: ev.load_gold(gold_dir))
    sources = list(paths) or ev.default_article_paths(settings.root)
    briefs = _run(lambda: ev.extract_gold_briefs([str(g["id"]) for g in golds], sources, settings.model,
                                                 settings.rule_files, settings.default_rules))
    evaluation = ev.evaluate_briefs(golds, briefs)
    click.echo(json.dumps(evaluation.result(), indent=1) if as_json else ev.format_report(evaluation, verbose))


@main.command()
@click.option("--stop", is_flag=True, help="Stop it now instead of when it has been idle a while.")
def resident(stop: bool) -> None:
    """Show (or stop) the resident extractor that keeps the model loaded between builds
    (`resident: true` in the briefing block of mkdocs.yml)."""
    from . import resident as resident_extractor

    info = resident_extractor.status()
    if info is None:
        click.echo("No resident extractor is running for this version of briefing.")
    elif stop:
        if resident_extractor.stop():
            click.echo(f"Stopped the resident extractor (pid {info['pid']}).")
        elif resident_extractor.status() is None:  # it exited on its own during the call
            click.echo(f"The resident extractor (pid {info['pid']}) has already exited.")
        else:
            raise click.ClickException(f"the resident extractor (pid {info['pid']}) did not answer; "
                                       f"stop it with: kill {info['pid']}")
    else:
        click.echo(f"Resident extractor: pid {info['pid']}, up {info['up_seconds']}s, "
                   f"{info['calls']} extractions served; it exits after "
                   f"{resident_extractor.IDLE_SECONDS // 60} idle minutes.")


def _run(step):
    """Run a step; a user error ends the program with one line, not a traceback."""
    from mkdocs.exceptions import MkDocsException

    try:
        return step()
    except BriefingError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except MkDocsException as exc:
        click.echo(f"error: {exc.format_message() if hasattr(exc, 'format_message') else exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # e.g. a site folder that cannot be written: one line, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)


def _print_summary(report: RunReport) -> None:
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(report.summary(), err=True)


def _finish(report: RunReport) -> None:
    _print_summary(report)
    sys.exit(0 if report.ok else 1)
