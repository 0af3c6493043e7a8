"""Rendering: article text shows literally, templates override one by one, errors name the file."""
from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator.brief import Actor, Brief, Evidence, Figure, Question, Risk, Source
from generator.errors import ConfigError, RenderError
from generator.index import build_index
from generator.render import (TOPIC_PAGE_SIZE, article_paragraphs, locate_evidence, make_environment,
                              md_escape, render_actor, render_article, render_brief, render_briefs_json,
                              render_feed, render_home, render_site, render_topic, safe_url,
                              shipped_templates_dir, stylesheet)

HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "[x](javascript:alert(1))",
    "| pipe |",
    "`tick` *star* _under_ # hash",
    "</title><img src=x onerror=alert(1)>",
    "&amp; \\| back\\slash",
]
EXTENSIONS = ["tables", "admonition", "attr_list", "toc"]


def make_brief(brief_id: str = "b1", text: str = "Plain", **fields) -> Brief:
    """A brief whose every free-text field carries ``text``."""
    evidence = Evidence(sentence=f"Evidence: {text}", start=0, end=1)
    defaults = dict(
        title=f"Title {text}", summary=f"Summary {text}", topics=["war"],
        source=Source(outlet=f"Outlet {text}", url="https://example.com/a", published="2024-08-15"),
        actors=[Actor(f"Actor {text}", "person", f"Role {text}", [f"Alias {text}"], 2)],
        figures=[Figure(f"Figure {text}", 1000, "at_least", unit=None, counts=f"Counts {text}",
                        claimed_by=f"Actor {text}", evidence=evidence)],
        risks=[Risk(f"Risk {text}", stated_by=f"Actor {text}", evidence=evidence)],
        questions=[Question(f"Question {text}", evidence=evidence)],
    )
    defaults.update(fields)
    return Brief(id=brief_id, **defaults)


class _Page(HTMLParser):
    """Visible text and tags of converted Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]

    def handle_data(self, data):
        self.text.append(data)


def to_html(page: str) -> tuple[str, _Page]:
    """Convert like MkDocs: front matter off, the site's Markdown extensions on."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.S)
    converted = markdown.markdown(body, extensions=EXTENSIONS)
    parsed = _Page()
    parsed.feed(converted)
    return converted, parsed


def visible(parsed: _Page) -> str:
    return " ".join("".join(parsed.text).split())


@pytest.fixture
def env():
    return make_environment()


@pytest.mark.parametrize("text", HOSTILE)
def test_render_brief_shows_article_text_literally(env, text):
    brief = make_brief(text=text)
    converted, parsed = to_html(render_brief(env, build_index([brief], {}), brief))
    shown = visible(parsed)
    for field in ("Title", "Summary", "Outlet", "Actor", "Role", "Figure", "Counts", "Risk",
                  "Question", "Evidence:"):
        assert f"{field} {text}" in shown, field
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(h.startswith("javascript") for h in parsed.hrefs)


def test_render_does_not_evaluate_template_syntax_from_articles(env):
    brief = make_brief(text="{{ 7*7 }} {% if true %}yes{% endif %}")
    _, parsed = to_html(render_brief(env, build_index([brief], {}), brief))
    assert "Title {{ 7*7 }} {% if true %}yes{% endif %}" in visible(parsed)
    assert "49" not in visible(parsed)


def test_render_keeps_table_cells_intact(env):
    brief = make_brief(text="a | b [c] d")
    converted, _ = to_html(render_brief(env, build_index([brief], {}), brief))
    rows = re.findall(r"<tr>(.*?)</tr>", converted, flags=re.S)
    figure_row = next(r for r in rows if "Figure a" in r)
    assert figure_row.count("<td") == 3
    actor_row = next(r for r in rows if "Role a" in r)
    assert actor_row.count("<td") == 4 and "Role a | b [c] d" in html.unescape(re.sub("<[^>]+>", "", actor_row))


def test_render_multiline_text_cannot_start_blocks(env):
    brief = make_brief(summary="one\n\n# heading\n\n    code\n===\n- item")
    converted, _ = to_html(render_brief(env, build_index([brief], {}), brief))
    assert "<h1" in converted and converted.count("<h1") == 1
    for tag in ("<pre", "<h2>heading", "<li>item"):
        assert tag not in converted


def test_render_front_matter_title_is_html_escaped(env):
    # mkdocs-material puts a heading title through striptags (which unescapes) into <title>.
    brief = make_brief(title="</title><script>alert(1)</script>")
    page = render_brief(env, build_index([brief], {}), brief)
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == html.escape("</title><script>alert(1)</script>")


@pytest.mark.parametrize("url, expected", [
    ("https://example.com/a b(c)", "https://example.com/a%20b%28c%29"),
    ("javascript:alert(1)", ""),
    ("JaVaScRiPt:alert(1)", ""),
    ("data:text/html,<script>", ""),
    ("//example.com/x", ""),
    ("http://[::1", ""),
    (None, ""),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_render_links_original_article_only_when_safe(env):
    unsafe = make_brief(source=Source(outlet="X", url="javascript:alert(1)"))
    _, parsed = to_html(render_brief(env, build_index([unsafe], {}), unsafe))
    assert "Original article" not in visible(parsed)
    safe = make_brief()
    _, parsed = to_html(render_brief(env, build_index([safe], {}), safe))
    assert "https://example.com/a" in parsed.hrefs


def test_md_escape_is_idempotent_on_markup():
    once = md_escape("*x* <y>")
    assert md_escape(once) == once


def test_render_site_links_resolve_to_generated_pages(env):
    briefs = [make_brief("a"), make_brief("index", title="Reserved id", topics=["index"],
                                          actors=[Actor("Index", "person", mentions=2)])]
    pages = render_site(env, build_index(briefs, {}), {"a": "Evidence: Plain. More text.", "index": "Text."})
    assert {"index.md", "briefs/index.md", "briefs/_index.md", "topics/_index.md", "actors/_index.md",
            "articles/a.md", "articles/_index.md", "months/2024-08.md",
            "actors/by-kind/person.md"} <= set(pages)
    for src_uri, page in pages.items():
        for target in re.findall(r"\]\(([^)]+\.md)(?:#[^)]*)?\)", page):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))
            assert resolved in pages, f"{src_uri} links to missing {target}"


def test_render_topic_and_actor_pages(env):
    briefs = [make_brief("a"), make_brief("b")]
    index = build_index(briefs, {"war": {"label": "The war", "description": "About war."}})
    topic = render_topic(env, index, index.topics["war"])
    assert topic.count("](../briefs/") >= 2 and "# The war" in topic and "Counts Plain" in topic
    assert "Summary Plain" in topic and "Question Plain" in topic and "Actor Plain" in topic
    actor = render_actor(env, index, index.actors["actor-plain"])
    assert "# Actor Plain" in actor and "Role Plain" in actor and "Figure Plain" in actor


def test_a_figures_unnamed_source_shows_where_its_claimant_would(env):
    unnamed = Figure("9.9%", 9.9, "exact", unit="percent", source="Official figures")
    brief = make_brief(figures=[unnamed])
    converted, parsed = to_html(render_brief(env, build_index([brief], {}), brief))
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", converted, flags=re.S) if "9.9%" in r)
    assert '<span class="bf-unnamed"' in row and "Official figures" in row and "<a " not in row


def test_shipped_templates_are_all_there():
    names = {p.name for p in shipped_templates_dir().glob("*.md.j2")}
    assert {"home.md.j2", "brief.md.j2", "topic.md.j2", "actor.md.j2", "topics_index.md.j2",
            "actors_index.md.j2", "briefs_index.md.j2"} <= names


def test_user_template_overrides_only_that_template(tmp_path: Path):
    (tmp_path / "brief.md.j2").write_text("# Custom {{ brief.title }}\n", encoding="utf-8")
    env = make_environment(tmp_path)
    brief = make_brief(title="<b>T</b>")
    index = build_index([brief], {})
    page = render_brief(env, index, brief)
    assert "# Custom &lt;b&gt;T&lt;/b&gt;" in page
    assert "## Briefs" in render_topic(env, index, index.topics["war"])


def test_missing_templates_dir_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="templates_dir"):
        make_environment(tmp_path / "nope")


@pytest.mark.parametrize("source, line, message", [
    ("# ok\n\n{% if brief.title %}\nunclosed\n", 4, "TemplateSyntaxError"),
    ("# ok\n\n{{ brief.no_such_field }}\n", 3, "UndefinedError"),
    ("# ok\n{{ brief.title + 1 }}\n", 2, "TypeError"),
])
def test_broken_template_names_file_and_line(tmp_path: Path, source, line, message):
    (tmp_path / "brief.md.j2").write_text(source, encoding="utf-8")
    brief = make_brief()
    with pytest.raises(RenderError) as caught:
        render_brief(make_environment(tmp_path), build_index([brief], {}), brief)
    error = caught.value
    assert error.path == str(tmp_path / "brief.md.j2")
    assert error.line == line
    assert message in error.message
    assert str(error).startswith(f"{tmp_path / 'brief.md.j2'}:{line}: ")


# --- article text pages and evidence links ------------------------------------------------

ARTICLE = "Troops moved. Officials said at least 1,000 troops left.\n\nNobody knows why <b>now</b>. {{ 7*7 }}"


def article_brief() -> Brief:
    first = ARTICLE.index("Officials")
    said = Evidence("Officials said at least 1,000 troops left.", first, ARTICLE.index("\n"))
    moved = Evidence("Nobody knows why <b>now</b>.", 0, 5)  # stale offsets: found by searching
    return make_brief("k", figures=[Figure("at least 1,000 troops", 1000, "at_least", counts="troops",
                                            evidence=said)],
                      risks=[Risk("Officials said at least 1,000 troops left.", evidence=said)],
                      questions=[Question("Why now?", evidence=moved),
                                 Question("Lost?", evidence=Evidence("Not in the text.", 0, 3))])


def test_locate_evidence_trusts_offsets_then_searches():
    brief = article_brief()
    located = locate_evidence(brief, ARTICLE)
    assert located[(14, 56)] == (14, 56)
    assert located[(0, 5)] == (ARTICLE.index("Nobody"), ARTICLE.index(" {{"))
    assert (0, 3) not in located


def test_article_paragraphs_anchor_escape_and_split_sentences():
    text = "One two. Three\nfour.\n\nFive <i>six</i> [x](y)."
    spans = [(9, 30), (9, 30), (0, 3)]  # "Three four. Five <i>six</i>..." runs over the break
    paragraphs = article_paragraphs(text, spans)
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith('<span class="bf-sentence" id="s-0">One</span> two\\. ')
    assert '<span class="bf-sentence" id="s-9">Three four\\.</span>' in paragraphs[0]
    assert paragraphs[1].startswith('<span class="bf-sentence">Five &lt;i&gt;') and "id=" not in paragraphs[1]
    _, parsed = to_html("\n\n".join(paragraphs))
    assert "Five <i>six</i> [x](y)." in visible(parsed) and "i" not in parsed.tags


def test_render_article_page_and_brief_links_its_sentences(env):
    brief = article_brief()
    index = build_index([brief], {})
    article = render_article(env, index, brief, ARTICLE)
    assert "search:\n  exclude: true" in article
    converted, parsed = to_html(article)
    assert 'id="s-14"' in converted and f'id="s-{ARTICLE.index("Nobody")}"' in converted
    assert "Nobody knows why <b>now</b>. {{ 7*7 }}" in visible(parsed) and "b" not in parsed.tags
    page = render_brief(env, index, brief)
    converted, parsed = to_html(page)
    assert "../articles/k.md#s-14" in parsed.hrefs
    assert f"../articles/k.md#s-{ARTICLE.index('Nobody')}" in parsed.hrefs
    assert "Not in the text." in visible(parsed) and not any(h.endswith("#s-0") for h in parsed.hrefs)
    assert "data-search-exclude" in converted


def test_render_brief_without_article_shows_evidence_unlinked(env):
    brief = article_brief()
    _, parsed = to_html(render_brief(env, build_index([brief], {}), brief))
    assert not any("articles/" in h for h in parsed.hrefs)
    assert "Officials said at least 1,000 troops left." in visible(parsed)


# --- pages that stay the same size however many briefs there are -------------------------

def dated_briefs(count: int) -> list[Brief]:
    return [make_brief(f"b{i:04}", source=Source(published=f"20{10 + i % 12}-{i % 12 + 1:02}-01"),
                       actors=[Actor("Vladimir Putin", "person", None, [], 2)])
            for i in range(count)]


def test_render_topic_is_paginated(env):
    index = build_index(dated_briefs(TOPIC_PAGE_SIZE + 3), {})
    first = render_topic(env, index, index.topics["war"], 1)
    second = render_topic(env, index, index.topics["war"], 2)
    assert first.count("](../briefs/b") >= TOPIC_PAGE_SIZE and "Page 1 of 2" in first and "(war/2.md)" in first
    assert "Page 2 of 2" in second and "(../war.md)" in second and "search:\n  exclude: true" in second
    assert second.count("](../../briefs/b") == 3


def test_render_index_pages_do_not_grow_with_briefs(env):
    small = render_site(env, build_index(dated_briefs(30), {}))
    large = render_site(env, build_index(dated_briefs(600), {}))
    assert len(large) < len(small) * 30  # pages: linear
    for uri in ("index.md", "briefs/index.md", "topics/index.md", "actors/index.md"):
        assert len(large[uri]) < 2 * len(small[uri]) + 2000, uri
    assert max(len(page) for page in large.values()) < 40_000


def test_render_home_has_counts_months_and_data_links(env):
    index = build_index(dated_briefs(30), {})
    home = render_home(env, index)
    assert "30 briefs" in home and "(../months/" not in home and "(months/2021-12.md)" in home
    assert "(feed.xml)" in home and "(briefs.json)" in home and "search:\n  exclude: true" in home


def test_render_feed_is_atom_with_latest_briefs_escaped():
    import xml.etree.ElementTree as ET

    briefs = dated_briefs(25) + [make_brief("evil", text="<script>&\x01", source=Source(published="2030-01-01"))]
    index = build_index(briefs, {})
    feed = render_feed(index, {b.id: f"briefs/{b.id}/" for b in briefs}, "Site & co", "https://x.org/news/")
    root = ET.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 20
    assert entries[0].find("a:title", ns).text == "Title <script>&"
    assert entries[0].find("a:link", ns).get("href") == "https://x.org/news/briefs/evil/"
    assert root.find("a:title", ns).text == "Site & co"


def test_render_briefs_json_has_every_brief():
    briefs = dated_briefs(7)
    data = json.loads(render_briefs_json(build_index(briefs, {}), {"b0001": "briefs/b0001/"}))
    assert data["count"] == 7 and len(data["briefs"]) == 7 and data["pages"]["b0001"] == "briefs/b0001/"
    validate = pytest.importorskip("generator.schema").validate_brief
    for brief in data["briefs"]:
        validate(brief, brief["id"])


def test_stylesheet_is_overridable(tmp_path: Path):
    assert ".bf-sentence:target" in stylesheet(make_environment())
    (tmp_path / "briefing.css").write_text("/* mine */\n", encoding="utf-8")
    assert stylesheet(make_environment(tmp_path)) == "/* mine */\n"


def test_render_actor_is_paginated_and_claims_bounded(env):
    from generator.render import ACTOR_CLAIMS, ACTOR_PAGE_SIZE

    briefs = [make_brief(f"b{i:03}", actors=[Actor("Actor Plain", "person", None, [], 2)],
                         risks=[Risk(f"Risk {i}", stated_by="Actor Plain")]) for i in range(ACTOR_PAGE_SIZE + 1)]
    index = build_index(briefs, {})
    first = render_actor(env, index, index.actors["actor-plain"])
    assert "Page 1 of 2" in first and f"The newest {ACTOR_CLAIMS} of {ACTOR_PAGE_SIZE + 1}" in first
    assert first.count("- Risk ") == ACTOR_CLAIMS
    second = render_actor(env, index, index.actors["actor-plain"], 2)
    assert "search:\n  exclude: true" in second and second.count("](../../briefs/") == 1
    assert "actors/actor-plain/2.md" in render_site(env, index)


def test_render_topic_ledger_puts_disagreeing_values_side_by_side(env):
    def brief(brief_id, published, value, claimant):
        return make_brief(brief_id, source=Source(published=published), actors=[Actor(claimant, "person", None, [], 2)],
                          figures=[Figure(f"{value:,} troops", value, "exact", counts="troops", claimed_by=claimant)])
    index = build_index([brief("a", "2024-08-01", 1000, "Kirby"), brief("b", "2024-08-10", 12000, "Zelensky")], {})
    converted, parsed = to_html(render_topic(env, index, index.topics["war"]))
    assert "Sources disagree" in visible(parsed) and "1,000 to 12,000 overall" in visible(parsed)
    rows = [re.sub("<[^>]+>", " ", r) for r in re.findall(r"<tr>(.*?)</tr>", converted, flags=re.S) if "troops" in r]
    assert len(rows) == 2 and "12,000" in rows[0] and "Zelensky" in rows[0] and "2024-08-10" in rows[0]
    assert "1,000" in rows[1] and "Kirby" in rows[1]
