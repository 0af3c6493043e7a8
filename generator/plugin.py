"""The MkDocs plugin: extract briefs if asked, then add one generated page per brief,
topic and actor, plus the home page and three indexes.

Only the home page and the indexes are in the navigation: a nav listing every brief
would be rendered into every page, making the build quadratic in the number of briefs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import build
from .changes import CHANGES_URI, brief_history, has_history, render_changes
from .config import BriefingConfig, Settings
from .errors import BriefingError
from .index import build_index
from .render import (ACTORS_INDEX_URI, BRIEFS_INDEX_URI, HOME_URI, TOPICS_INDEX_URI,
                     make_environment, render_site)

log = get_plugin_logger(__name__)

ABOUT_URI = "about.md"
IN_NAV = (HOME_URI, BRIEFS_INDEX_URI, TOPICS_INDEX_URI, ACTORS_INDEX_URI)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Turns the briefs folder into pages of the MkDocs site."""

    settings: Optional[Settings] = None
    env: Optional[jinja2.Environment] = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = Settings.from_plugin_config(self.config, config.config_file_path)
        try:
            # Built here so a wrong templates_dir fails before any extraction runs.
            self.env = make_environment(self.settings.templates_dir)
        except BriefingError as exc:
            raise PluginError(str(exc)) from exc
        if config.nav is None:
            config.nav = site_nav(Path(config.docs_dir), changes=has_history(self.settings.briefs_dir))
        else:
            log.debug("keeping the nav from mkdocs.yml; briefing pages are linked from its indexes")
        return config

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        """Rebuild when articles, briefs or templates change, not only docs_dir."""
        settings = self.settings
        for folder in (settings.articles_dir, settings.briefs_dir, settings.templates_dir):
            if folder is not None and folder.is_dir():
                server.watch(str(folder))
        return server

    # Late, so pages other plugins add are already there to be protected from replacement.
    @event_priority(-50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = self.settings
        try:
            if settings.extract:
                run_extraction(settings)
            pages = generate_pages(settings, self.env)
        except BriefingError as exc:
            raise PluginError(str(exc)) from exc
        add_pages(files, config, pages)
        return files


def site_nav(docs_dir: Path, changes: bool = False) -> list[dict[str, str]]:
    """The small fixed navigation; Changes only when the briefs have git history, About only
    when the site has an about page."""
    nav = [{"Home": HOME_URI}, {"Briefs": BRIEFS_INDEX_URI},
           {"Topics": TOPICS_INDEX_URI}, {"Actors": ACTORS_INDEX_URI}]
    if changes:
        nav.append({"Changes": CHANGES_URI})
    if (docs_dir / ABOUT_URI).is_file():
        nav.append({"About": ABOUT_URI})
    return nav


def run_extraction(settings: Settings) -> None:
    """Brief new or changed articles; one bad article is a warning, not a failed build."""
    report = build.update_briefs(settings)
    for error in report.errors:
        log.warning(str(error))
    for warning in getattr(report, "warnings", []):
        log.warning(warning)
    log.info(f"briefs: {report.read} read, {report.written} written, "
             f"{report.skipped} skipped, {report.failed} failed")


def generate_pages(settings: Settings, env: jinja2.Environment) -> dict[str, str]:
    """Every generated page as src_uri → Markdown."""
    briefs, errors = build.load_briefs(settings)
    for error in errors:
        log.warning(str(error))
    index = build_index(briefs, build.load_taxonomy(settings))
    for warning in index.warnings:
        log.warning(warning)
    pages = render_site(env, index)
    pages[CHANGES_URI] = render_changes(env, index, brief_history(settings.briefs_dir))
    return pages


def add_pages(files: Files, config: MkDocsConfig, pages: dict[str, str]) -> None:
    """Add generated pages; a page the site already has is kept, with a warning."""
    for src_uri, content in pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            origin = existing.generated_by or "docs_dir"
            log.warning(f"'{src_uri}' from {origin} is kept; briefing did not generate its own")
            continue
        inclusion = InclusionLevel.INCLUDED if src_uri in IN_NAV else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
