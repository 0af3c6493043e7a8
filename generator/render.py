"""Render briefs and the site index to Markdown pages with Jinja templates.

Article text is data, never template code: templates come only from files, and every
``{{ }}`` output is escaped for Markdown and HTML by the environment's ``finalize``
unless it is ``Markup`` built here (links, URLs). Jinja's own HTML autoescape stays
off on purpose: it marks ``join`` and ``~`` results as safe after HTML-escaping only,
which would let Markdown syntax from an article through.
"""
from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

import generator

from .brief import Brief, Figure
from .errors import ConfigError, RenderError
from .index import UNLINKED_KINDS, ActorEntry, SiteIndex, TopicEntry

HOME_URI = "index.md"
BRIEFS_INDEX_URI = "briefs/index.md"
TOPICS_INDEX_URI = "topics/index.md"
ACTORS_INDEX_URI = "actors/index.md"
RESERVED_STEMS = ("index", "readme")
"""Page names MkDocs treats as a folder's index; a slug with one of them gets a prefix."""
HOME_LATEST = 10
HOME_TOP = 10

_MD_ESCAPES = str.maketrans({
    **{c: "\\" + c for c in "\\`*_{}[]()#+-.!"},
    **{c: f"&#{ord(c)};" for c in "|~^=:$@"},
    **{"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"},
})
"""One pass, so no escape is escaped again: backslashes for what Python-Markdown un-escapes
(its ESCAPED_CHARS); entities for HTML and for syntax of tables and common extensions
(tilde, caret, mark, emoji, arithmatex, magiclink), which have no backslash escape."""
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters: Python-Markdown uses \\x02/\\x03 as placeholders, YAML rejects others."""
_SAFE_URL_CHARS = "/:?#@!$&*+,;=%~-._"
QUALIFIER_WORDS = {"at_least": "at least", "over": "over", "about": "about", "up_to": "up to",
                   "under": "under", "exact": "", "range": "", "vague": ""}
UNIT_SYMBOLS = {"percent": "%"}
KIND_LABELS = {"person": "People", "organization": "Organizations", "country": "Countries",
               "group": "Groups", "anonymous_source": "Anonymous sources"}


# --- escaping --------------------------------------------------------------------------

def md_escape(value: Any) -> Markup:
    """Text that shows literally in Markdown: one line, HTML-escaped, syntax escaped."""
    if isinstance(value, Markup):
        return value
    text = " ".join(_UNPRINTABLE.sub("", str(value)).split())
    return Markup(text.translate(_MD_ESCAPES))


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` output goes through here: None prints nothing, text is escaped."""
    if value is None:
        return ""
    return md_escape(value)


def safe_url(value: Optional[str]) -> Markup:
    """An http(s) URL usable as a Markdown link target, or empty for anything else."""
    url = _UNPRINTABLE.sub("", (value or "").strip())
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return Markup("")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return Markup("")
    # Parentheses, quotes, brackets and spaces would end the link or the attribute.
    return Markup(quote(url, safe=_SAFE_URL_CHARS))


def md_join(items: Any, separator: str = ", ") -> Markup:
    """Join items, escaping each unless it is a prebuilt link (Jinja's join would escape links)."""
    # md_escape trims, so put back the separator's own spaces.
    lead = " " if separator[:1].isspace() else ""
    trail = " " if separator[-1:].isspace() else ""
    return Markup(lead + md_escape(separator) + trail).join(md_escape(item) for item in items)


def external_link(url: Optional[str], text: str) -> Markup:
    """A Markdown link to an http(s) URL, or empty when the URL is missing or unsafe."""
    target = safe_url(url)
    return Markup(f"[{md_escape(text)}]({target})") if target else Markup("")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON is valid YAML here) of HTML-escaped text."""
    clean = " ".join(_UNPRINTABLE.sub("", text).split())
    return json.dumps(html.escape(clean, quote=True), ensure_ascii=False)


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
def _brief_link(ctx, brief_id: str) -> Markup:
    brief = ctx["index"].by_id.get(brief_id)
    return _link(brief.title, brief_uri(brief.id), ctx["page"]) if brief else md_escape(brief_id)


@jinja2.pass_context
def _topic_link(ctx, slug: str) -> Markup:
    topic = ctx["index"].topics.get(slug)
    return _link(topic.label, topic_uri(slug), ctx["page"]) if topic else md_escape(slug)


@jinja2.pass_context
def _actor_link(ctx, actor: Any) -> Markup:
    """A link to the actor page, from a canonical name or an ActorEntry; plain text if none."""
    if isinstance(actor, ActorEntry):
        return _link(actor.name, actor_uri(actor.slug), ctx["page"])
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
        keep_trailing_newline=True, auto_reload=False,
    )
    env.filters.update(
        md=md_escape, e=md_escape, escape=md_escape, mdjoin=md_join, url=safe_url,
        external_link=external_link, number=format_number,
        amount=format_amount, date=format_date, kind=kind_label, upper_first=upper_first,
        plural=plural, page_url=_page_url,
        brief_link=_brief_link, topic_link=_topic_link, actor_link=_actor_link,
    )
    env.globals.update(KIND_LABELS=KIND_LABELS, HOME_URI=HOME_URI, BRIEFS_INDEX_URI=BRIEFS_INDEX_URI,
                       TOPICS_INDEX_URI=TOPICS_INDEX_URI, ACTORS_INDEX_URI=ACTORS_INDEX_URI)
    return env


def _render(env: jinja2.Environment, name: str, page: str, title: str, **context: Any) -> str:
    """Render one template to a Markdown page; any template failure names file and line."""
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
    """Set the page title in front matter, HTML-escaped.

    MkDocs would take it from the first heading as HTML, and mkdocs-material puts that
    through ``striptags`` (which unescapes) into ``<title>`` unescaped: a title such as
    ``</title><script>`` would run. A front matter title is used verbatim instead.
    """
    line = f"title: {yaml_string(title)}\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]  # the template's own keys come later and win
    return f"---\n{line}---\n\n{markdown}"


# --- one function per page kind --------------------------------------------------------

def render_home(env: jinja2.Environment, index: SiteIndex) -> str:
    topics = sorted(index.topics.values(), key=lambda t: -len(t.brief_ids))[:HOME_TOP]
    actors = [a for a in index.actors.values() if a.kind not in UNLINKED_KINDS]
    actors = sorted(actors, key=lambda a: -len(a.brief_ids))[:HOME_TOP]
    return _render(env, "home.md.j2", HOME_URI, "Briefing", index=index,
                   latest=index.briefs[:HOME_LATEST], top_topics=topics, top_actors=actors)


def render_brief(env: jinja2.Environment, index: SiteIndex, brief: Brief) -> str:
    return _render(env, "brief.md.j2", brief_uri(brief.id), brief.title, index=index,
                   brief=brief, links=index.links[brief.id])


def render_topic(env: jinja2.Environment, index: SiteIndex, topic: TopicEntry) -> str:
    briefs = [index.by_id[i] for i in topic.brief_ids]
    return _render(env, "topic.md.j2", topic_uri(topic.slug), topic.label, index=index,
                   topic=topic, briefs=briefs)


def render_actor(env: jinja2.Environment, index: SiteIndex, actor: ActorEntry) -> str:
    briefs = [index.by_id[i] for i in actor.brief_ids]
    return _render(env, "actor.md.j2", actor_uri(actor.slug), actor.name, index=index,
                   actor=actor, briefs=briefs)


def render_topics_index(env: jinja2.Environment, index: SiteIndex) -> str:
    return _render(env, "topics_index.md.j2", TOPICS_INDEX_URI, "Topics", index=index)


def render_actors_index(env: jinja2.Environment, index: SiteIndex) -> str:
    by_kind: dict[str, list[ActorEntry]] = {kind: [] for kind in KIND_LABELS}
    for actor in index.actors.values():
        by_kind.setdefault(actor.kind, []).append(actor)
    return _render(env, "actors_index.md.j2", ACTORS_INDEX_URI, "Actors", index=index,
                   by_kind={k: v for k, v in by_kind.items() if v})


def render_briefs_index(env: jinja2.Environment, index: SiteIndex) -> str:
    return _render(env, "briefs_index.md.j2", BRIEFS_INDEX_URI, "Briefs", index=index)


def render_site(env: jinja2.Environment, index: SiteIndex) -> dict[str, str]:
    """Every generated page: src_uri → Markdown, in a stable order."""
    pages = {
        HOME_URI: render_home(env, index),
        BRIEFS_INDEX_URI: render_briefs_index(env, index),
        TOPICS_INDEX_URI: render_topics_index(env, index),
        ACTORS_INDEX_URI: render_actors_index(env, index),
    }
    pages.update((brief_uri(b.id), render_brief(env, index, b)) for b in index.briefs)
    pages.update((topic_uri(t.slug), render_topic(env, index, t)) for t in index.topics.values())
    pages.update((actor_uri(a.slug), render_actor(env, index, a)) for a in index.actors.values())
    return pages
