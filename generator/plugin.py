"""The MkDocs plugin: extract briefs if asked, then add one generated page per brief,
article text, topic, actor and month, the home page and the indexes, plus the site's
stylesheet, ``briefs.json`` and an Atom feed (``feed.xml``).

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
from mkdocs.utils import get_relative_url

from . import build, pagecache
from .changes import CHANGES_URI, brief_history, latest_commit, render_changes
from .config import BriefingConfig, Settings
from .errors import BriefingError
from .index import SiteIndex, build_index
from .readers import read_articles
from .render import (ACTORS_INDEX_URI, BRIEFS_INDEX_URI, FEED_URI, HOME_URI, JSON_URI, STYLESHEET_URI,
                     TOPICS_INDEX_URI, brief_uri, make_environment, render_briefs_json, render_feed,
                     render_site, stylesheet)

log = get_plugin_logger(__name__)

ABOUT_URI = "about.md"
IN_NAV = (HOME_URI, BRIEFS_INDEX_URI, TOPICS_INDEX_URI, ACTORS_INDEX_URI)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Turns the briefs folder into pages of the MkDocs site."""

    settings: Optional[Settings] = None
    env: Optional[jinja2.Environment] = None
    last_commit: str = ""
    """The last commit to the briefs, asked of git once a build: the nav and the page cache use it."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = Settings.from_plugin_config(self.config, config.config_file_path)
        try:
            # Built here so a wrong templates_dir fails before any extraction runs.
            self.env = make_environment(self.settings.templates_dir)
        except BriefingError as exc:
            raise PluginError(str(exc)) from exc
        self.last_commit = latest_commit(self.settings.briefs_dir)
        if config.nav is None:
            config.nav = site_nav(Path(config.docs_dir), changes=bool(self.last_commit))
        else:
            log.debug("keeping the nav from mkdocs.yml; briefing pages are linked from its indexes")
        if STYLESHEET_URI not in config.extra_css:
            config.extra_css.append(STYLESHEET_URI)
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
            key = pagecache.site_key(settings, build.site_rules(settings).digest, self.last_commit,
                                     (config.site_name, config.site_url, config.use_directory_urls))
            cached = pagecache.load(settings.briefs_dir, key)
            if cached is None:
                cached = self._render(settings, files, config)
                pagecache.save(settings.briefs_dir, key, **cached)
            else:
                add_pages(files, config, cached["pages"])
        except BriefingError as exc:
            raise PluginError(str(exc)) from exc
        for warning in cached["warnings"]:
            log.warning(warning)
        add_generated(files, config, cached["data"])
        return files

    def _render(self, settings: Settings, files: Files, config: MkDocsConfig) -> dict:
        pages, index, warnings = generate_pages(settings, self.env)
        pages[STYLESHEET_URI] = stylesheet(self.env)
        add_pages(files, config, pages)
        return {"pages": pages, "data": data_files(files, config, index), "warnings": warnings}


    def on_post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        """Let feed readers find the Atom feed from any page (one string replace per page)."""
        href = get_relative_url(FEED_URI, page.url or ".")
        link = f'<link rel="alternate" type="application/atom+xml" title="Latest briefs" href="{href}">'
        return output.replace("</head>", link + "</head>", 1)


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
    for warning in report.warnings:
        log.warning(warning)
    log.info(report.summary())  # the same closing line as `briefing extract`


def generate_pages(settings: Settings, env: jinja2.Environment) -> tuple[dict[str, str], SiteIndex, list[str]]:
    """Every generated page as src_uri → Markdown, the index they were made from, and the
    warnings about briefs that could not be read or indexed."""
    briefs, errors = build.load_briefs(settings)
    index = build_index(briefs, site_taxonomy(settings))
    pages = render_site(env, index, article_texts(settings, {b.id for b in index.briefs}))
    pages[CHANGES_URI] = render_changes(env, index, brief_history(settings.briefs_dir))
    return pages, index, [str(error) for error in errors] + list(index.warnings)


def site_taxonomy(settings: Settings) -> dict[str, dict]:
    """Topic slug → label, description and entities, from the rule files extraction uses."""
    rules = build.site_rules(settings)
    return {t["id"]: {"label": t["label"], "description": t.get("description", ""),
                      "entities": list(t.get("entities") or [])}
            for t in rules.data.get("topics", [])}


def article_texts(settings: Settings, brief_ids: set[str]) -> dict[str, str]:
    """Brief id → its article's text, for the article pages evidence links point to.

    Articles are read again here (extraction keeps no text); one that cannot be read
    was reported by extraction already, and its brief simply gets no article page.
    """
    if not brief_ids or not settings.articles_dir.is_dir():
        return {}
    texts: dict[str, str] = {}
    for article in read_articles([settings.articles_dir]):
        if not isinstance(article, BriefingError) and article.id in brief_ids:
            texts[article.id] = article.text
    return texts


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


def data_files(files: Files, config: MkDocsConfig, index: SiteIndex) -> dict[str, str]:
    """``briefs.json`` with every brief and ``feed.xml`` with the latest, beside the HTML."""
    urls = {}
    for brief in index.briefs:
        page = files.get_file_from_path(brief_uri(brief.id))
        if page is not None:
            urls[brief.id] = page.url
    return {JSON_URI: render_briefs_json(index, urls),
            FEED_URI: render_feed(index, urls, config.site_name, config.site_url)}


def add_generated(files: Files, config: MkDocsConfig, data: dict[str, str]) -> None:
    """Files that are not pages; one the site already has is kept."""
    for src_uri, content in data.items():
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=content))
