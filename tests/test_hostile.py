"""Hostile content never runs: a site built by the real ``mkdocs build`` from an article full of
scripts, event handlers, ``javascript:`` links, raw HTML, Jinja and Markdown syntax (and from a
hand-edited brief carrying the same in every field), loaded in Debian's chromium.

Every payload would set ``window.__pwned`` (or the document title) if it ran.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.brief import Actor, Brief, Evidence, Figure, Question, Risk, Source
from generator.store import dump_brief, seal

from browser_support import launch_chromium, local_only, serve_site
from conftest import ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

SCRIPT = "<script>window.__pwned='{0}';document.title='PWNED'</script>"
IMG = "<img src=x onerror=\"window.__pwned='{0}'\">"
SVG = "<svg onload=\"window.__pwned='{0}'\"></svg>"
JS_LINK = "[click](javascript:window.__pwned='{0}')"
ANCHOR = "<a href=\"javascript:window.__pwned='{0}'\">a</a>"
ATTR_BREAK = "\" onmouseover=\"window.__pwned='{0}'\" x=\""
ATTR_LIST = "x {{: onclick=\"window.__pwned='{0}'\" }} y {{ .c onmouseover=\"window.__pwned='{0}'\" }}"
JINJA = "{{{{ 7*7 }}}} {{% if true %}}JINJA-RAN{{% endif %}}"
MARKDOWN = "**BOLDMARK** | a | b | # Heading"


def payload(where: str) -> str:
    """Every kind of attack at once, labelled with where it was put."""
    return " ".join(p.format(where) for p in (SCRIPT, IMG, SVG, JS_LINK, ANCHOR, ATTR_BREAK, ATTR_LIST, JINJA, MARKDOWN))


def hand_edited_brief(brief_id: str = "hand-edited") -> str:
    """A brief as an analyst might (mis)edit it: hostile text in every free-text field."""
    evidence = Evidence(sentence=payload("evidence"), start=0, end=10)
    brief = Brief(
        id=brief_id, title=payload("brief-title"),
        source=Source(outlet=payload("brief-outlet"), url="javascript:window.__pwned='brief-url'",
                      published="2024-08-21", path="content/articles/none.md"),
        summary=payload("summary"), topics=["nato-europe"],
        actors=[Actor(name="<script>window.__pwned='actor'</script> Evil", kind="person",
                      role=payload("role"), aliases=[payload("alias")], mentions=2),
                Actor(name="Jane Doe", kind="person", role="NATO spokesperson", mentions=1)],
        figures=[Figure(text=payload("figure"), value=5.0, qualifier="exact", unit=payload("unit"),
                        counts=payload("counts"), claimed_by="<script>window.__pwned='actor'</script> Evil",
                        evidence=evidence)],
        risks=[Risk(text=payload("risk"), stated_by="Jane Doe", evidence=evidence)],
        questions=[Question(text=payload("question"), raised_by=payload("raised-by"), evidence=evidence)],
    )
    return dump_brief(seal(brief))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A project with the hostile article and the hostile hand-edited brief, built by ``mkdocs build``."""
    project = tmp_path_factory.mktemp("hostile")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    (project / "content" / "articles").mkdir(parents=True)
    shutil.copy(HOSTILE / "hostile.md", project / "content" / "articles" / "hostile.md")
    (project / "content" / "briefs").mkdir()
    # Two of them: an actor in several briefs also gets topic, ledger and co-actor entries.
    for brief_id in ("hand-edited", "hand-edited-2"):
        (project / "content" / "briefs" / f"{brief_id}.yaml").write_text(hand_edited_brief(brief_id), encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build"], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert (project / "content" / "briefs" / "hostile.yaml").exists()
    return project / "site"


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith(("assets/", "search/")))


# --- the built HTML, read as text -------------------------------------------------------

UNSAFE = [
    re.compile(r"<script>window\.__pwned", re.I),
    re.compile(r"<(img|svg|iframe|a|style)\b[^>]*(on\w+|href|src)\s*=\s*[\"']?\s*(javascript:|window\.__pwned)", re.I),
    re.compile(r"\son\w+\s*=\s*[\"']?window\.__pwned", re.I),
    re.compile(r"(href|src)\s*=\s*[\"']?\s*javascript:", re.I),
    re.compile(r"<style>body\{display:none\}", re.I),
]


def test_hostile_html_has_no_live_markup(hostile_site):
    pages = html_pages(hostile_site)
    assert "briefs/hostile/index.html" in pages and "briefs/hand-edited/index.html" in pages
    for name in pages:
        text = (hostile_site / name).read_text(encoding="utf-8")
        for pattern in UNSAFE:
            match = pattern.search(text)
            assert match is None, f"{name}: {match.group(0)!r}"


def test_hostile_jinja_and_markdown_shown_literally_in_html(hostile_site):
    page = (hostile_site / "briefs" / "hand-edited" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in page and "{% if true %}JINJA-RAN{% endif %}" in page
    assert "<strong>BOLDMARK</strong>" not in page
    assert len(re.findall(r"<h1\b", page)) == 1


def test_hostile_feed_and_json_carry_text_not_markup(hostile_site):
    """The Atom feed is well-formed with the payloads as plain text; briefs.json is valid JSON."""
    import json
    import xml.etree.ElementTree as ET

    if not (hostile_site / "feed.xml").exists():
        pytest.skip("this site has no feed.xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    entries = {e.findtext(f"{atom}id"): e for e in feed.iter(f"{atom}entry")}
    entry = next(e for key, e in entries.items() if key.endswith("hand-edited"))
    assert entry.findtext(f"{atom}title") == " ".join(payload("brief-title").split())
    assert entry.find(f"{atom}summary").get("type", "text") == "text"
    for element in feed.iter():
        assert element.tag.startswith(atom), element.tag  # no element smuggled in from content
        for name, value in element.attrib.items():
            assert "javascript:" not in value.lower() and "__pwned" not in value, (element.tag, name, value)
    data = json.loads((hostile_site / "briefs.json").read_text(encoding="utf-8"))
    assert "hostile" in json.dumps(data)


# --- in the browser ---------------------------------------------------------------------

PROBE = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  title: document.title,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
      .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
  jsUrls: [...document.querySelectorAll('[href],[src],[action],[formaction]')]
      .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')
      .filter(v => v.replace(/\\s/g, '').toLowerCase().startsWith('javascript:')),
  injected: document.querySelectorAll('article iframe, article svg, article style, article img[src="x"]').length,
  text: document.body.innerText,
  h1: document.querySelectorAll('article h1').length,
  bold: [...document.querySelectorAll('strong, b')].filter(e => e.textContent.includes('BOLDMARK')).length,
})"""


@pytest.fixture(scope="module")
def server(hostile_site):
    with serve_site(hostile_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server):
    with launch_chromium() as browser:
        context = browser.new_context()
        local_only(context, server)
        page = context.new_page()
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        yield page


def visit(page, url: str) -> dict:
    page.goto(url, wait_until="load")
    page.wait_for_timeout(150)  # onerror/onload handlers of broken images fire right after load
    return page.evaluate(PROBE)


def assert_nothing_ran(state: dict, page, where: str) -> None:
    assert state["pwned"] is None, f"{where}: payload ran ({state['pwned']})"
    assert "PWNED" not in state["title"] or "<script>" in state["title"], f"{where}: title {state['title']!r}"
    assert state["scripts"] == 0 and state["handlers"] == [] and state["jsUrls"] == [], (where, state)
    assert state["injected"] == 0, where
    assert page.dialogs == [], where


@pytest.mark.browser
def test_hostile_no_script_runs_on_any_page(hostile_site, server, browser_page):
    """Home, briefs, actors, topics, indexes: load every page and check nothing from the content ran."""
    pages = html_pages(hostile_site)
    for name in ("index.html", "briefs/hostile/index.html", "briefs/hand-edited/index.html", "actors/index.html"):
        assert name in pages
    assert any(n.startswith("actors/") and "evil" in n for n in pages), pages
    for name in pages:
        url = server + (name[: -len("index.html")] if name.endswith("index.html") else name)
        assert_nothing_ran(visit(browser_page, url), browser_page, name)


@pytest.mark.browser
def test_hostile_text_shown_literally(server, browser_page):
    state = visit(browser_page, server + "briefs/hand-edited/")
    text = state["text"]
    for where in ("brief-title", "summary", "role", "figure", "risk", "question", "evidence"):
        assert SCRIPT.format(where) in text or f"window.__pwned='{where}'" in text, where
    for attack in (IMG, SVG, JS_LINK, ANCHOR, ATTR_BREAK, ATTR_LIST):
        assert attack.format("risk") in text, attack
    assert "{{ 7*7 }} {% if true %}JINJA-RAN{% endif %}" in text and "**BOLDMARK** | a | b | # Heading" in text
    assert state["h1"] == 1 and state["bold"] == 0
    assert state["title"].startswith(SCRIPT.format("brief-title")), state["title"]

    state = visit(browser_page, server + "briefs/hostile/")
    assert "<script>window.__pwned='text';document.title='PWNED'</script>" in state["text"]
    assert "<img src=x onerror=\\\"window.__pwned='quote'\\\">" in state["text"] or \
        "<img src=x onerror=\"window.__pwned='quote'\">" in state["text"]
    assert "{{ 7*7 }}" in state["text"] and state["h1"] == 1 and state["bold"] == 0


@pytest.mark.browser
def test_hostile_search_results_run_nothing(server, browser_page):
    """The search box shows page text from the search index: results must stay text too."""
    visit(browser_page, server)
    browser_page.click("input.md-search__input", force=True)
    browser_page.keyboard.type("conflict", delay=10)  # material searches on key events, not on fill()
    browser_page.wait_for_selector(".md-search-result__item", timeout=10000)
    browser_page.wait_for_timeout(300)
    state = browser_page.evaluate(PROBE)
    assert state["pwned"] is None and browser_page.dialogs == []
    found = browser_page.inner_text(".md-search-result")
    assert "<script>window.__pwned='text';document.title='PWNED'</script>" in found, found
