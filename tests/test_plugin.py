"""The MkDocs plugin: small nav, generated pages, user pages kept, a strict build end to end."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files

from generator.brief import Actor, Brief, Figure, Source
from generator.plugin import BriefingPlugin, add_pages, site_nav
from generator.store import save_brief

SITE_YML = """\
site_name: Test
docs_dir: content/pages
site_dir: site
theme: material
plugins: [search]
markdown_extensions: [tables, attr_list, admonition, {toc: {permalink: true}}]
"""


def sample_briefs() -> list[Brief]:
    hostile = "</title><script>alert(1)</script> {{ 7*7 }}"
    return [
        Brief(id="kursk", title="Troops move to Kursk", summary="Russia moves troops.",
              source=Source(outlet="CNN", url="https://example.com/kursk", published="2024-08-15"),
              topics=["russia-ukraine-war"],
              actors=[Actor("Vladimir Putin", "person", "President", ["Putin"], 2)],
              figures=[Figure("1,000 troops", 1000, "exact", counts="troops", claimed_by="Vladimir Putin")]),
        Brief(id="index", title=hostile, summary=hostile, source=Source(published="2024-08-16"),
              topics=["index"], actors=[Actor("Vladimir Putin", "person"), Actor(hostile, "group")]),
    ]


def load_site(project: Path, **options):
    """Config of a site at ``project`` with the plugin added by hand (no entry point needed)."""
    (project / "mkdocs.yml").write_text(SITE_YML, encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    plugin = BriefingPlugin()
    errors, warnings = plugin.load_config({"extract": False, **options}, str(project / "mkdocs.yml"))
    assert not errors and not warnings
    config.plugins["briefing"] = plugin
    return config


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content" / "pages").mkdir(parents=True)
    for brief in sample_briefs():
        save_brief(tmp_path / "content" / "briefs", brief)
    return tmp_path


def test_plugin_nav_lists_about_only_when_present(tmp_path: Path):
    assert [next(iter(item)) for item in site_nav(tmp_path)] == ["Home", "Briefs", "Topics", "Actors"]
    (tmp_path / "about.md").write_text("# About\n", encoding="utf-8")
    assert next(iter(site_nav(tmp_path)[-1])) == "About"


def test_plugin_builds_strict_site_with_brief_pages_outside_nav(site: Path):
    config = load_site(site)
    build(config)
    out = site / "site"
    for page in ("index.html", "briefs/index.html", "briefs/kursk/index.html", "briefs/_index/index.html",
                 "topics/russia-ukraine-war/index.html", "actors/vladimir-putin/index.html"):
        assert (out / page).is_file(), page
    assert [next(iter(item)) for item in config.nav] == ["Home", "Briefs", "Topics", "Actors"]
    hostile = (out / "briefs" / "_index" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in hostile and "{{ 7*7 }}" in hostile
    assert "<title>&lt;/title&gt;&lt;script&gt;" in hostile


def test_plugin_keeps_a_user_page_with_the_same_path(site: Path, caplog):
    config = load_site(site)
    config.plugins._current_plugin = "briefing"  # File.generated reads it; MkDocs sets it per event
    files = Files([File.generated(config, "index.md", content="# Mine\n")])
    with caplog.at_level(logging.WARNING):
        add_pages(files, config, {"index.md": "# Generated\n", "briefs/x.md": "# X\n"})
    assert files.get_file_from_path("index.md").content_string == "# Mine\n"
    assert files.get_file_from_path("briefs/x.md") is not None
    assert "'index.md'" in caplog.text and "kept" in caplog.text


def test_plugin_bad_templates_dir_is_a_plugin_error(site: Path):
    config = load_site(site, templates_dir="missing")
    with pytest.raises(PluginError, match="templates_dir"):
        config.plugins.on_config(config)


def test_plugin_broken_template_fails_the_build_naming_it(site: Path, caplog):
    (site / "tpl").mkdir()
    (site / "tpl" / "actor.md.j2").write_text("{{ actor.nope }}\n", encoding="utf-8")
    config = load_site(site, templates_dir="tpl")
    with pytest.raises(Abort):  # MkDocs logs a PluginError as one line, then aborts
        build(config)
    assert f"{site / 'tpl' / 'actor.md.j2'}:1: UndefinedError" in caplog.text


def test_plugin_logs_extraction_errors_and_goes_on(site: Path, monkeypatch, caplog):
    from generator import build as pipeline
    from generator.errors import ExtractError

    report = pipeline.RunReport(read=2, failed=1, errors=[ExtractError("content/articles/bad.md", "no text")])
    monkeypatch.setattr(pipeline, "update_briefs", lambda settings: report)
    config = load_site(site, extract=True)
    config["strict"] = False
    with caplog.at_level(logging.WARNING):
        build(config)
    assert "content/articles/bad.md: no text" in caplog.text
    assert (site / "site" / "briefs" / "kursk" / "index.html").is_file()


def test_plugin_rule_error_stops_the_build_with_one_line(site: Path, monkeypatch, caplog):
    from generator import build as pipeline
    from generator.errors import RuleError

    def broken_rules(settings):
        raise RuleError("rules/topics.yaml", "unknown key 'lable'", 12)

    monkeypatch.setattr(pipeline, "update_briefs", broken_rules)
    with pytest.raises(Abort):
        build(load_site(site, extract=True))
    assert "rules/topics.yaml:12: unknown key 'lable'" in caplog.text


def test_plugin_writes_article_pages_data_files_and_stylesheet(site: Path):
    import json

    articles = site / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "kursk.md").write_text("---\nid: kursk\ntitle: Troops move\n---\n\nRussia moves troops. <b>x</b>\n",
                                       encoding="utf-8")
    config = load_site(site)
    build(config)
    out = site / "site"
    article = (out / "articles" / "kursk" / "index.html").read_text(encoding="utf-8")
    assert "Russia moves troops. &lt;b&gt;x&lt;/b&gt;" in article
    assert not (out / "articles" / "_index").exists()  # the hostile brief has no article
    data = json.loads((out / "briefs.json").read_text(encoding="utf-8"))
    assert {b["id"] for b in data["briefs"]} == {"kursk", "index"}
    assert data["pages"]["kursk"] == "briefs/kursk/"
    assert "<feed" in (out / "feed.xml").read_text(encoding="utf-8")
    brief_page = (out / "briefs" / "kursk" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="Latest briefs" href="../../feed.xml"' in brief_page
    assert "assets/briefing.css" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "assets" / "briefing.css").is_file()
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "briefs/kursk/" in locations and not any(l.startswith(("articles/", "months/")) for l in locations)
    assert "" not in locations  # the home page only repeats: out of search


def test_plugin_renders_nothing_when_nothing_changed(site: Path, monkeypatch):
    """The second build takes its pages from the cache; a changed brief or template renders again,
    and the site is the same bytes either way."""
    from generator import plugin as plugin_module

    renders = []
    real = plugin_module.render_site
    monkeypatch.setattr(plugin_module, "render_site", lambda *a, **k: renders.append(1) or real(*a, **k))
    build(load_site(site))
    first = (site / "site" / "briefs" / "kursk" / "index.html").read_text(encoding="utf-8")
    build(load_site(site))
    assert len(renders) == 1
    assert (site / "site" / "briefs" / "kursk" / "index.html").read_text(encoding="utf-8") == first

    brief = sample_briefs()[0]
    brief.title = "Troops move to Kursk, officials say"
    save_brief(site / "content" / "briefs", brief)
    build(load_site(site))
    assert len(renders) == 2
    assert "officials say" in (site / "site" / "briefs" / "kursk" / "index.html").read_text(encoding="utf-8")

    templates = site / "overrides"
    templates.mkdir()
    (templates / "brief.md.j2").write_text("# {{ brief.title }}\n\nOverridden.\n", encoding="utf-8")
    build(load_site(site, templates_dir="overrides"))
    assert len(renders) == 3
    assert "Overridden." in (site / "site" / "briefs" / "kursk" / "index.html").read_text(encoding="utf-8")
