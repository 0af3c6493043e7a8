"""The site as a reader uses it: a site built by the real ``mkdocs build`` from real articles of
the shared world corpus, served on localhost and driven in Debian's chromium with Playwright.

Needs ``../shared/corpus/world.jsonl`` (not shipped: licence) and, for the tests that drive the
browser, ``/usr/bin/chromium``; without them the tests are skipped. Screenshots go to
``screenshots/`` (git-ignored); set ``BRIEFING_UPDATE_SCREENSHOT=1`` to refresh the README's
``docs/screenshot-brief.png`` as well.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from browser_support import launch_chromium, local_only, serve_site
from conftest import ROOT, WORLD

pytestmark = pytest.mark.browser


ARTICLES = 30
"""Enough articles for topics, actors and figures to recur across briefs; ~15 s to extract."""
SEARCH_BYTES_PER_BRIEF = 5 * 1024
SCREENSHOTS = ROOT / "screenshots"
README_SCREENSHOT = ROOT / "docs" / "screenshot-brief.png"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


@pytest.fixture(scope="module")
def world_site(tmp_path_factory) -> Path:
    """The example project with the first ARTICLES articles of the world corpus, built by ``mkdocs build``."""
    if not WORLD.exists():
        pytest.skip(f"{WORLD} not present")
    project = tmp_path_factory.mktemp("world")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    (project / "content" / "articles").mkdir(parents=True)
    lines = [line for line in WORLD.read_text(encoding="utf-8").splitlines() if line.strip()][:ARTICLES]
    (project / "content" / "articles" / "world.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict"], cwd=project,
                          env=ENV, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return project / "site"


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("assets/"))


# --- the built site, read from disk -------------------------------------------------------

class _Anchors(HTMLParser):
    """Links (href, src) and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            elif name == "id" and value:
                self.ids.add(value)


@functools.lru_cache(maxsize=None)
def parse(page: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def resolve(site: Path, page: Path, link: str) -> Path:
    path = unquote(urldefrag(link)[0])
    if path.startswith("/"):  # 404.html links from the site root
        target = site / path.lstrip("/")
    else:
        target = (page.parent / path) if path else page
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def test_browser_site_every_internal_link_and_anchor_resolves(world_site):
    broken, checked = [], 0
    for page in html_files(world_site):
        for link in parse(page).links:
            if urlparse(link).scheme or link.startswith(("//", "mailto:")):
                continue
            target = resolve(world_site, page, link)
            checked += 1
            fragment = urldefrag(link)[1]
            if not target.exists():
                broken.append(f"{page.relative_to(world_site)} -> {link}")
            # Evidence links must land on their sentence, not just on the article page.
            elif fragment.startswith("s-") and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{page.relative_to(world_site)} -> {link} (no such sentence)")
    assert checked > 1000
    assert not broken, broken[:20]


def test_browser_site_search_index_small_and_without_article_text(world_site):
    briefs = json.loads((world_site / "briefs.json").read_text(encoding="utf-8"))["briefs"]
    assert len(briefs) == ARTICLES
    index_bytes = (world_site / "search" / "search_index.json").stat().st_size
    per_brief = index_bytes / len(briefs)
    site_bytes = sum(p.stat().st_size for p in world_site.rglob("*") if p.is_file())
    print(f"\nsearch index: {per_brief:.0f} bytes per brief; site: {site_bytes / len(briefs) / 1024:.0f} KB per brief")
    assert per_brief <= SEARCH_BYTES_PER_BRIEF
    docs = json.loads((world_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not any(d["location"].startswith("articles/") for d in docs)
    # What search covers: titles, summaries, actors (their pages), figures, risks and questions.
    brief = next(b for b in briefs if b["figures"] and b["risks"] and b["questions"])
    text = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith(f"briefs/{brief['id']}/"))
    for value in (brief["title"], brief["figures"][0]["text"], brief["risks"][0]["text"][:40],
                  brief["questions"][0]["text"][:40]):
        assert value.replace("&", "&amp;")[:40] in text or value[:40] in text, value
    actor = next(a for a in brief["actors"] if a["mentions"] > 1 and a["kind"] != "anonymous_source")
    assert any(d["title"] == actor["name"] and d["location"].startswith("actors/") for d in docs)


def test_browser_site_feed_and_json(world_site):
    root = ET.fromstring((world_site / "feed.xml").read_text(encoding="utf-8"))
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert 0 < len(entries) <= 20
    for entry in entries:
        href = entry.find("{http://www.w3.org/2005/Atom}link").get("href")
        assert (world_site / href / "index.html").exists(), href
    data = json.loads((world_site / "briefs.json").read_text(encoding="utf-8"))
    assert set(data["pages"]) == {b["id"] for b in data["briefs"]}


# --- in the browser -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(world_site):
    with serve_site(world_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    with launch_chromium() as chromium:
        yield chromium


def new_page(browser, server, width: str = "desktop", scheme: str = "light"):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
    local_only(context, server)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def click_link(page, selector: str, avoid: str = "") -> str:
    """Click the first link matching ``selector`` (not pointing at ``avoid``); return its href."""
    links = page.locator(selector)
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        if avoid and avoid in href:
            continue
        with page.expect_navigation():
            links.nth(i).click()
        return href
    raise AssertionError(f"no link {selector} on {page.url}")


def h1(page) -> str:
    return page.inner_text("article h1").strip().rstrip("¶").strip()


def test_browser_click_from_home_to_brief_topic_brief_actor(browser, server):
    page = new_page(browser, server)
    page.goto(server, wait_until="load")
    assert h1(page) == "Briefing"
    first = click_link(page, "article li a[href*='briefs/']")
    assert "/briefs/" in page.url
    first_title = h1(page)
    click_link(page, "article p:has-text('Topics:') a")
    assert "/topics/" in page.url
    assert page.locator("#figures-ledger, #briefs").count() >= 1
    brief_id = first.rstrip("/").split("/")[-1]
    click_link(page, "article li a[href*='briefs/']", avoid=brief_id)
    assert "/briefs/" in page.url and h1(page) != first_title
    click_link(page, "article p:has-text('Main actors:') a[href*='actors/']")
    assert "/actors/" in page.url
    assert page.locator("article a[href*='briefs/']").count() >= 1  # the actor's briefs
    assert page.errors == []


def test_browser_evidence_link_highlights_its_sentence(browser, server, world_site):
    data = json.loads((world_site / "briefs.json").read_text(encoding="utf-8"))
    brief = next(b for b in data["briefs"] if b["figures"])
    page = new_page(browser, server)
    page.goto(server + data["pages"][brief["id"]], wait_until="load")
    href = click_link(page, "article .bf-quote a, article a.bf-ev")
    assert "/articles/" in page.url and "#s-" in href
    target = page.evaluate("() => { const t = document.querySelector(':target');"
                           " return t && [t.className, t.textContent, getComputedStyle(t).backgroundColor]; }")
    assert target and target[0] == "bf-sentence" and len(target[1]) > 10
    assert target[2] not in ("rgba(0, 0, 0, 0)", "transparent")


def test_browser_search_finds_an_actor_and_reaches_their_page(browser, server, world_site):
    docs = json.loads((world_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    briefs = json.loads((world_site / "briefs.json").read_text(encoding="utf-8"))["briefs"]
    # The person named in most briefs, whose page search must reach.
    counts: dict[str, int] = {}
    for brief in briefs:
        for actor in brief["actors"]:
            if actor["kind"] == "person":
                counts[actor["name"]] = counts.get(actor["name"], 0) + 1
    name = max(sorted(counts), key=counts.get)
    location = next(d["location"] for d in docs if d["title"] == name and d["location"].startswith("actors/"))
    page = new_page(browser, server)
    page.goto(server, wait_until="load")
    search = page.locator("input.md-search__input")
    search.click()
    # Material builds the index in a web worker: type again until it answers.
    for _ in range(20):
        search.fill("")
        search.type(name, delay=20)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1000)
            break
        except Exception:
            continue
    # Results link with ?h=<query> for highlighting.
    result = page.locator(f".md-search-result__item a[href*='/{location}?']").first
    result.wait_for(timeout=5000)
    with page.expect_navigation():
        result.click()
    assert urlparse(page.url).path.endswith("/" + location) and h1(page) == name


def test_browser_screenshots_light_and_dark_desktop_and_phone(browser, server, world_site):
    SCREENSHOTS.mkdir(exist_ok=True)
    briefs = json.loads((world_site / "briefs.json").read_text(encoding="utf-8"))
    # A brief with something in every section shows the page best.
    brief = max(briefs["briefs"], key=lambda b: (bool(b["figures"]) and bool(b["risks"]) and bool(b["questions"]),
                                                  min(len(b["figures"]), 4), b["id"]))
    actor = max((p for p in (world_site / "actors").glob("*/index.html") if p.parent.name != "by-kind"),
                key=lambda p: (p.stat().st_size, p.parent.name))
    topic = max((p for p in (world_site / "topics").glob("*/index.html")),
                key=lambda p: (p.stat().st_size, p.parent.name))
    pages = {"home": "", "brief": briefs["pages"][brief["id"]],
             "topic": f"topics/{topic.parent.name}/", "actor": f"actors/{actor.parent.name}/",
             "article": f"articles/{brief['id']}/"}
    for width in WIDTHS:
        for scheme in ("light", "dark"):
            page = new_page(browser, server, width, scheme)
            for name, url in pages.items():
                page.goto(server + url, wait_until="load")
                page.wait_for_timeout(100)
                assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS[width][0] + 1, \
                    f"{name} scrolls sideways at {width}"
                page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{scheme}.png"))
            page.context.close()
    shots = sorted(SCREENSHOTS.glob("*.png"))
    assert len([s for s in shots if s.stat().st_mtime > 0]) >= len(pages) * 4
    if os.environ.get("BRIEFING_UPDATE_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(SCREENSHOTS / "brief-desktop-light.png", README_SCREENSHOT)
