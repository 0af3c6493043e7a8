"""Render briefs and the site index to Markdown pages with Jinja templates.

Article text is data, never template code: templates come only from files, and every
``{{ }}`` output is escaped for Markdown and HTML by the environment's ``finalize``
unless it is ``Markup`` built here (links, URLs). Jinja's own HTML autoescape stays
off on purpose: it marks ``join`` and ``~`` results as safe after HTML-escaping only,
which would let Markdown syntax from an article through.
"""
from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from xml.sax.saxutils import escape as xml_escape, quoteattr
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

import jinja2
from markupsafe import Markup

import generator

from .article_text import article_paragraphs, locate_evidence, sentence_anchor
from .brief import SCHEMA_VERSION, Brief, Evidence, Figure
from .errors import ConfigError, RenderError
from .escape import _UNPRINTABLE, _finalize, external_link, md_escape, md_join, safe_url, yaml_string
from .index import UNDATED, UNLINKED_KINDS, ActorEntry, SiteIndex, TopicEntry, month_of

HOME_URI = "index.md"
BRIEFS_INDEX_URI = "briefs/index.md"
TOPICS_INDEX_URI = "topics/index.md"
ACTORS_INDEX_URI = "actors/index.md"
STYLESHEET_URI = "assets/briefing.css"
FEED_URI = "feed.xml"
JSON_URI = "briefs.json"
RESERVED_STEMS = ("index", "readme")
"""Page names MkDocs treats as a folder's index; a slug with one of them gets a prefix."""
HOME_LATEST = 8
HOME_TOP = 10
HOME_MONTHS = 12
BRIEFS_INDEX_LATEST = 30
TOPIC_PAGE_SIZE = 20
"""Briefs, with summaries, per topic page: a big topic gets more pages, not a longer one."""
MONTH_PAGE_SIZE = 50
ACTOR_PAGE_SIZE = 50
"""Briefs per actor page: the United States may be in half of all briefs."""
ACTOR_CLAIMS = 30
"""Figures, risks and questions of each kind on an actor page, newest first; every one is on its brief."""
KIND_PAGE_SIZE = 200
"""Actors per page of the full list of one kind."""
ACTORS_INDEX_TOP = 25
"""Most active actors of each kind on the actors index; the rest are on the per-kind pages."""
FEED_SIZE = 20
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

QUALIFIER_WORDS = {"at_least": "at least", "over": "over", "about": "about", "up_to": "up to",
                   "under": "under", "exact": "", "range": "", "vague": ""}
UNIT_SYMBOLS = {"percent": "%"}
KIND_LABELS = {"person": "People", "organization": "Organizations", "country": "Countries",
               "group": "Groups", "anonymous_source": "Anonymous sources"}


# --- pages and links -------------------------------------------------------------------

def page_stem(slug: str) -> str:
    """File name stem for a slug; `_` never starts a valid slug, so prefixing cannot collide."""
    return f"_{slug}" if slug.lower() in RESERVED_STEMS else slug


def brief_uri(brief_id: str) -> str:
    return f"briefs/{page_stem(brief_id)}.md"


def topic_uri(slug: str) -> str:
    return f"topics/{page_stem(slug)}.md"


def actor_uri(slug: str) -> str:
    return f"actors/{page_stem(slug)}.md"


def article_uri(brief_id: str) -> str:
    """The page with the article's text, its evidence sentences anchored."""
    return f"articles/{page_stem(brief_id)}.md"


def month_uri(month: str) -> str:
    return f"months/{month}.md"


def kind_uri(kind: str) -> str:
    return f"actors/by-kind/{page_stem(kind)}.md"


def paged_uri(uri: str, number: int) -> str:
    """Page ``number`` of a listing: the first is ``uri``, then ``topics/x/2.md`` and so on.

    A sub-folder cannot collide with another slug's page, which is a sibling file.
    """
    return uri if number <= 1 else f"{uri[:-3]}/{number}.md"


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))


def month_label(month: str) -> str:
    """"2024-08" → "August 2024"."""
    if month == UNDATED:
        return "Undated"
    year, _, number = month.partition("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}" if number.isdigit() and 1 <= int(number) <= 12 else month


def relative_url(target: str, page: str) -> Markup:
    """Link from one page's src_uri to another's, as MkDocs resolves and validates it."""
    folder, _, name = target.rpartition("/")
    return Markup(_folder_prefix(page.rpartition("/")[0], folder) + quote(name, safe="._-~"))


@functools.lru_cache(maxsize=256)
def _folder_prefix(page_folder: str, target_folder: str) -> str:
    """"../actors/" from "briefs" to "actors"; cached as a site has only a few folders."""
    rel = posixpath.relpath(target_folder or ".", page_folder or ".")
    return "" if rel == "." else quote(rel, safe="/._-~") + "/"


def _link(text: Any, target: str, page: str) -> Markup:
    return Markup(f"[{md_escape(text)}]({relative_url(target, page)})")


@jinja2.pass_context
def _page_url(ctx, target: str) -> Markup:
    return relative_url(target, ctx["page"])


@jinja2.pass_context
def _link_to(ctx, target: str, text: str) -> Markup:
    """A link with fixed text to a generated page, from the page being rendered."""
    return _link(text, target, ctx["page"])


@jinja2.pass_context
def _brief_link(ctx, brief_id: str) -> Markup:
    brief = ctx["index"].by_id.get(brief_id)
    return _link(brief.title, brief_uri(brief.id), ctx["page"]) if brief else md_escape(brief_id)


@jinja2.pass_context
def _topic_link(ctx, slug: str) -> Markup:
    topic = ctx["index"].topics.get(slug)
    return _link(topic.label, topic_uri(slug), ctx["page"]) if topic else md_escape(slug)


@jinja2.pass_context
def _month_link(ctx, month: str) -> Markup:
    return _link(month_label(month), month_uri(month), ctx["page"])


@jinja2.pass_context
def _evidence_link(ctx, evidence: Optional[Evidence], brief_id: str, text: Optional[str] = None,
                   quiet: bool = False) -> Markup:
    """The text (the evidence sentence by default) linked to that sentence on the article page.

    Plain text when the brief has no article page or the sentence is not found in it.
    ``quiet`` links look like text with a dotted underline (class ``bf-ev``), for running text.
    """
    if evidence is None:
        return md_escape(text or "")
    label = md_escape(text if text is not None else evidence.sentence)
    anchor = ctx["anchors"].get(brief_id, {}).get((evidence.start, evidence.end))
    if not anchor:
        return label
    style = "{ .bf-ev }" if quiet else ""
    return Markup(f"[{label}]({relative_url(article_uri(brief_id), ctx['page'])}#{anchor}){style}")


@jinja2.pass_context
def _actor_link(ctx, actor: Any) -> Markup:
    """A link to the actor page, from a canonical name or an ActorEntry; plain text if none."""
    if isinstance(actor, ActorEntry):
        return _link(actor.name, actor_uri(actor.slug), ctx["page"]) if actor.paged else md_escape(actor.name)
    slug = ctx["index"].actor_slug(actor)
    return _link(actor, actor_uri(slug), ctx["page"]) if slug else md_escape(actor or "")


# --- formatting ------------------------------------------------------------------------

def format_number(value: Optional[float]) -> str:
    """1000.0 → "1,000"; 2.50 → "2.5"."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_amount(figure: Figure) -> str:
    """The figure's value in words: "at least 1,000", "1,000–2,000 USD", "8%"."""
    if figure.low is not None and figure.high is not None and figure.value is None:
        number = f"{format_number(figure.low)}–{format_number(figure.high)}"
    elif figure.value is not None:
        number = format_number(figure.value)
    else:
        return figure.qualifier.replace("_", " ")
    unit = figure.unit or ""
    number = number + UNIT_SYMBOLS[unit] if unit in UNIT_SYMBOLS else f"{number} {unit}".strip()
    return f"{QUALIFIER_WORDS.get(figure.qualifier, '')} {number}".strip()


def format_date(value: Optional[str]) -> str:
    return (value or "")[:10]


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


def upper_first(text: Optional[str]) -> str:
    """"troops" → "Troops", leaving "US troops" alone (Jinja's capitalize lowercases the rest)."""
    return text[:1].upper() + text[1:] if text else ""


def format_amounts(amounts: list) -> str:
    """The spread of a ledger group's values: "1,000 to 12,000"."""
    numbers = [n for pair in amounts for n in pair if n is not None]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    return format_number(low) if low == high else f"{format_number(low)} to {format_number(high)}"


def plural(count: int, singular: str, plural_form: Optional[str] = None) -> str:
    """"1 brief", "3 briefs"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


# --- environment -----------------------------------------------------------------------

def shipped_templates_dir() -> Path:
    """The default templates: inside the package (wheel) or beside it (source checkout)."""
    package = Path(generator.__file__).parent
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise RenderError(package / "templates", "shipped templates are missing; reinstall briefing")


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates, in its per-user temporary folder.

    Compiling the templates costs about 0.1 s of every build; a template is compiled again
    when its path or source changes (Jinja's key) or this module does (the file name
    pattern: the environment's options live here). A cache that cannot be written only
    costs speed.
    """

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> Optional[jinja2.BytecodeCache]:
    try:
        key = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
        return _BytecodeCache(pattern=f"__briefing_{generator.__version__}_{key}_%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder: compile every time
        return None


def make_environment(templates_dir: Optional[Path] = None) -> jinja2.Environment:
    """Jinja environment: the site's templates first, the shipped ones second."""
    loaders = []
    if templates_dir is not None:
        if not Path(templates_dir).is_dir():
            raise ConfigError(templates_dir, "Config value 'templates_dir': folder not found")
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(shipped_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        finalize=_finalize, autoescape=False, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False, bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(
        md=md_escape, e=md_escape, escape=md_escape, mdjoin=md_join, url=safe_url,
        external_link=external_link, number=format_number,
        amount=format_amount, date=format_date, kind=kind_label, upper_first=upper_first,
        plural=plural, page_url=_page_url, amounts=format_amounts, month=month_label,
        brief_link=_brief_link, topic_link=_topic_link, actor_link=_actor_link,
        month_link=_month_link, evidence_link=_evidence_link, link_to=_link_to,
    )
    env.globals.update(KIND_LABELS=KIND_LABELS, HOME_URI=HOME_URI, BRIEFS_INDEX_URI=BRIEFS_INDEX_URI,
                       TOPICS_INDEX_URI=TOPICS_INDEX_URI, ACTORS_INDEX_URI=ACTORS_INDEX_URI,
                       article_uri=article_uri, month_uri=month_uri, kind_uri=kind_uri,
                       paged_uri=paged_uri, topic_uri=topic_uri, brief_uri=brief_uri,
                       actor_uri=actor_uri, month_of=month_of)
    return env


def _render(env: jinja2.Environment, name: str, page: str, title: str, **context: Any) -> str:
    """Render one template to a Markdown page; any template failure names file and line.

    ``anchors`` (brief id → evidence (start, end) → sentence anchor) defaults to the index's.
    """
    context.setdefault("anchors", getattr(context.get("index"), "anchors", None) or {})
    try:
        text = env.get_template(name).render(page=page, **context)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(exc.name, f"template not found (needed for {page})") from exc
    except Exception as exc:  # a template can fail in any way; all of them are the template's
        path, line = _template_location(exc)
        raise RenderError(path or name, f"{_describe(exc)} (rendering {page})", line) from exc
    return _with_title(re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", title)


def _template_location(exc: BaseException) -> tuple[Optional[str], Optional[int]]:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name, exc.lineno
    where: tuple[Optional[str], Optional[int]] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        # Jinja rewrites tracebacks so template frames carry the template's file and line.
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def _describe(exc: BaseException) -> str:
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return f"{type(exc).__name__}: {message}"


def _with_title(markdown: str, title: str) -> str:
    """Set the page title in front matter, HTML-escaped, and hide material's left sidebar.

    MkDocs would take it from the first heading as HTML, and mkdocs-material puts that
    through ``striptags`` (which unescapes) into ``<title>`` unescaped: a title such as
    ``</title><script>`` would run. A front matter title is used verbatim instead.
    The sidebar would only repeat the small nav of the header tabs; without it the
    content gets the width.
    """
    line = f"title: {yaml_string(title)}\nhide:\n  - navigation\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]  # the template's own keys come later and win
    return f"---\n{line}---\n\n{markdown}"


# --- one function per page kind --------------------------------------------------------

def _pager(uri: str, number: int, count: int, page: str) -> dict[str, Any]:
    """Links of one page of a listing: first, previous, next, last (never all pages: quadratic)."""
    def url(n: int) -> Optional[Markup]:
        return relative_url(paged_uri(uri, n), page) if 1 <= n <= count else None
    return {"number": number, "count": count, "first": url(1) if number > 2 else None,
            "previous": url(number - 1), "next": url(number + 1),
            "last": url(count) if number < count - 1 else None}


def site_counts(index: SiteIndex) -> dict[str, int]:
    return {"briefs": len(index.briefs), "topics": len(index.topics), "actors": len(index.actors),
            "figures": sum(len(b.figures) for b in index.briefs),
            "risks": sum(len(b.risks) for b in index.briefs),
            "questions": sum(len(b.questions) for b in index.briefs)}


def _main_actors(index: SiteIndex, limit: int) -> list[ActorEntry]:
    actors = [a for a in index.actors.values() if a.kind not in UNLINKED_KINDS and a.paged]
    return sorted(actors, key=lambda a: (-len(a.brief_ids), a.name.lower()))[:limit]


def render_home(env: jinja2.Environment, index: SiteIndex) -> str:
    topics = sorted(index.topics.values(), key=lambda t: (-len(t.brief_ids), t.label.lower()))[:HOME_TOP]
    months = list(index.months.items())
    return _render(env, "home.md.j2", HOME_URI, "Briefing", index=index,
                   latest=index.briefs[:HOME_LATEST], top_topics=topics,
                   top_actors=_main_actors(index, HOME_TOP), counts=site_counts(index),
                   months=months[:HOME_MONTHS], more_months=len(months) > HOME_MONTHS)


def render_brief(env: jinja2.Environment, index: SiteIndex, brief: Brief) -> str:
    """A brief; its evidence links to its article page when ``index.anchors`` has the brief."""
    return _render(env, "brief.md.j2", brief_uri(brief.id), brief.title, index=index,
                   brief=brief, links=index.links[brief.id], has_article=brief.id in index.anchors,
                   topics=index.brief_topics.get(brief.id, brief.topics))


def render_article(env: jinja2.Environment, index: SiteIndex, brief: Brief, text: str) -> str:
    """The article text page of a brief; records the anchors of its evidence in ``index.anchors``."""
    located = locate_evidence(brief, text)
    index.anchors[brief.id] = {key: sentence_anchor(span[0]) for key, span in located.items()}
    return _render(env, "article.md.j2", article_uri(brief.id), f"Article: {brief.title}", index=index,
                   brief=brief, paragraphs=article_paragraphs(text, list(located.values())),
                   sentences=len(set(located.values())))


def topic_pages(topic: TopicEntry) -> int:
    return page_count(len(topic.brief_ids), TOPIC_PAGE_SIZE)


def render_topic(env: jinja2.Environment, index: SiteIndex, topic: TopicEntry, number: int = 1) -> str:
    """Page ``number`` of a topic: the first has its actors, ledger and questions; all list briefs."""
    count = topic_pages(topic)
    uri = paged_uri(topic_uri(topic.slug), number)
    ids = topic.brief_ids[(number - 1) * TOPIC_PAGE_SIZE:number * TOPIC_PAGE_SIZE]
    title = topic.label if number == 1 else f"{topic.label} (page {number})"
    return _render(env, "topic.md.j2", uri, title, index=index, topic=topic,
                   briefs=[index.by_id[i] for i in ids],
                   pager=_pager(topic_uri(topic.slug), number, count, uri))


def actor_pages(actor: ActorEntry) -> int:
    return page_count(len(actor.brief_ids), ACTOR_PAGE_SIZE)


def render_actor(env: jinja2.Environment, index: SiteIndex, actor: ActorEntry, number: int = 1) -> str:
    """Page ``number`` of an actor: the first has their claims and company; all list briefs."""
    uri = paged_uri(actor_uri(actor.slug), number)
    ids = actor.brief_ids[(number - 1) * ACTOR_PAGE_SIZE:number * ACTOR_PAGE_SIZE]
    title = actor.name if number == 1 else f"{actor.name} (page {number})"
    return _render(env, "actor.md.j2", uri, title, index=index, actor=actor,
                   briefs=[index.by_id[i] for i in ids], claims_limit=ACTOR_CLAIMS,
                   pager=_pager(actor_uri(actor.slug), number, actor_pages(actor), uri))


def render_month(env: jinja2.Environment, index: SiteIndex, month: str) -> dict[str, str]:
    ids = index.months[month]
    count = page_count(len(ids), MONTH_PAGE_SIZE)
    months = list(index.months)
    at = months.index(month)
    newer = months[at - 1] if at > 0 else None
    older = months[at + 1] if at + 1 < len(months) else None
    pages = {}
    for number in range(1, count + 1):
        uri = paged_uri(month_uri(month), number)
        chunk = ids[(number - 1) * MONTH_PAGE_SIZE:number * MONTH_PAGE_SIZE]
        title = month_label(month) + ("" if number == 1 else f" (page {number})")
        pages[uri] = _render(env, "month.md.j2", uri, title, index=index, month=month, total=len(ids),
                             briefs=[index.by_id[i] for i in chunk], newer=newer, older=older,
                             pager=_pager(month_uri(month), number, count, uri))
    return pages


def render_topics_index(env: jinja2.Environment, index: SiteIndex) -> str:
    by_kind: dict[str, list[TopicEntry]] = {"taxonomy": [], "place": [], "actor": []}
    for topic in index.topics.values():
        by_kind.setdefault(topic.kind, []).append(topic)
    for kind in ("place", "actor"):  # the most followed first; taxonomy topics stay by label
        by_kind[kind].sort(key=lambda t: (-len(t.brief_ids), t.label.lower()))
    return _render(env, "topics_index.md.j2", TOPICS_INDEX_URI, "Topics", index=index, by_kind=by_kind)


def _actors_by_kind(index: SiteIndex) -> dict[str, list[ActorEntry]]:
    by_kind: dict[str, list[ActorEntry]] = {kind: [] for kind in KIND_LABELS}
    for actor in index.actors.values():  # sorted by name
        if actor.paged:
            by_kind.setdefault(actor.kind, []).append(actor)
    return {k: v for k, v in by_kind.items() if v}


def render_actors_index(env: jinja2.Environment, index: SiteIndex) -> str:
    by_kind = _actors_by_kind(index)
    top = {kind: sorted(actors, key=lambda a: (-len(a.brief_ids), a.name.lower()))[:ACTORS_INDEX_TOP]
           for kind, actors in by_kind.items()}
    totals = {kind: len(actors) for kind, actors in by_kind.items()}
    return _render(env, "actors_index.md.j2", ACTORS_INDEX_URI, "Actors", index=index,
                   by_kind=top, totals=totals)


def render_actor_kinds(env: jinja2.Environment, index: SiteIndex) -> dict[str, str]:
    """Every actor of each kind, alphabetically, KIND_PAGE_SIZE a page."""
    pages = {}
    for kind, actors in _actors_by_kind(index).items():
        count = page_count(len(actors), KIND_PAGE_SIZE)
        for number in range(1, count + 1):
            uri = paged_uri(kind_uri(kind), number)
            label = KIND_LABELS.get(kind, kind_label(kind))
            pages[uri] = _render(env, "actor_kind.md.j2", uri,
                                 label + ("" if number == 1 else f" (page {number})"), index=index,
                                 kind=kind, label=label, total=len(actors),
                                 actors=actors[(number - 1) * KIND_PAGE_SIZE:number * KIND_PAGE_SIZE],
                                 pager=_pager(kind_uri(kind), number, count, uri))
    return pages


def render_briefs_index(env: jinja2.Environment, index: SiteIndex) -> str:
    years: dict[str, list[tuple[str, int]]] = {}
    for month, ids in index.months.items():
        years.setdefault(month[:4] if month != UNDATED else UNDATED, []).append((month, len(ids)))
    return _render(env, "briefs_index.md.j2", BRIEFS_INDEX_URI, "Briefs", index=index,
                   latest=index.briefs[:BRIEFS_INDEX_LATEST], years=years)


def render_site(env: jinja2.Environment, index: SiteIndex,
                articles: Optional[dict[str, str]] = None) -> dict[str, str]:
    """Every generated page: src_uri → Markdown, in a stable order.

    ``articles`` maps a brief id to its article's text; a brief with one gets an article
    page, and its evidence sentences link to their place in it.
    """
    articles = articles or {}
    # Article pages first: they give the anchors every evidence link of the site points to.
    texts = {article_uri(b.id): render_article(env, index, b, articles[b.id])
             for b in index.briefs if b.id in articles}
    pages = {
        HOME_URI: render_home(env, index),
        BRIEFS_INDEX_URI: render_briefs_index(env, index),
        TOPICS_INDEX_URI: render_topics_index(env, index),
        ACTORS_INDEX_URI: render_actors_index(env, index),
    }
    for brief in index.briefs:
        pages[brief_uri(brief.id)] = render_brief(env, index, brief)
    for topic in index.topics.values():
        pages.update((paged_uri(topic_uri(topic.slug), n), render_topic(env, index, topic, n))
                     for n in range(1, topic_pages(topic) + 1))
    for actor in index.actors.values():
        if actor.paged:
            pages.update((paged_uri(actor_uri(actor.slug), n), render_actor(env, index, actor, n))
                         for n in range(1, actor_pages(actor) + 1))
    pages.update(render_actor_kinds(env, index))
    for month in index.months:
        pages.update(render_month(env, index, month))
    pages.update(texts)
    return pages


# --- beside the HTML: stylesheet, JSON and feed --------------------------------------

def stylesheet(env: jinja2.Environment) -> str:
    """The site's CSS (``briefing.css``), overridable in the templates folder like a template."""
    try:
        source, _, _ = env.loader.get_source(env, "briefing.css")
    except jinja2.TemplateNotFound as exc:
        raise RenderError("briefing.css", "stylesheet not found in the templates folders") from exc
    return source


def render_briefs_json(index: SiteIndex, urls: dict[str, str]) -> str:
    """Every brief, newest first, as in its YAML file, with the site URL of its page."""
    data = {"schema": SCHEMA_VERSION, "generator": f"briefing {generator.__version__}",
            "count": len(index.briefs), "pages": {b.id: urls.get(b.id) for b in index.briefs},
            "briefs": [b.to_dict() for b in index.briefs]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _absolute(url: str, site_url: Optional[str]) -> str:
    return (site_url.rstrip("/") + "/" + url) if site_url else url


def render_feed(index: SiteIndex, urls: dict[str, str], site_name: str, site_url: Optional[str]) -> str:
    """An Atom feed of the FEED_SIZE newest briefs; links are absolute when site_url is set."""
    def stamp(date: Optional[str]) -> str:
        return f"{format_date(date)}T00:00:00Z" if date and re.match(r"\d{4}-\d{2}-\d{2}$", format_date(date)) \
            else "1970-01-01T00:00:00Z"

    latest = index.briefs[:FEED_SIZE]
    updated = max((stamp(b.source.published) for b in latest), default=stamp(None))
    feed_id = site_url or "urn:briefing:site"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{xml_escape(site_name or 'Briefing')}</title>",
             f"  <id>{xml_escape(feed_id)}</id>", f"  <updated>{updated}</updated>",
             f"  <link rel=\"self\" href={quoteattr(_absolute(FEED_URI, site_url))}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(_absolute('', site_url) or './')}/>",
             f"  <generator>briefing {generator.__version__}</generator>"]
    for brief in latest:
        url = _absolute(urls.get(brief.id, ""), site_url)
        lines += ["  <entry>", f"    <title>{xml_escape(_clean(brief.title))}</title>",
                  f"    <id>{xml_escape(url if site_url else 'urn:briefing:brief:' + brief.id)}</id>",
                  f"    <updated>{stamp(brief.source.published)}</updated>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>"]
        if brief.source.outlet:
            lines.append(f"    <author><name>{xml_escape(_clean(brief.source.outlet))}</name></author>")
        lines += [f"    <category term={quoteattr(_clean(t))}/>" for t in index.brief_topics.get(brief.id, [])]
        lines += [f"    <summary>{xml_escape(_clean(brief.summary))}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _clean(text: Optional[str]) -> str:
    """One line without control characters, which XML 1.0 forbids."""
    return " ".join(_UNPRINTABLE.sub("", text or "").split())
