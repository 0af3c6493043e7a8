"""Escaping for Markdown pages: article text is data, shown literally, never markup.

Every ``{{ }}`` in a template goes through ``finalize`` (see render.py), which calls
``md_escape`` here; links and URLs are built as ``Markup`` only by these functions.
"""
from __future__ import annotations

import functools
import html
import json
import re
from typing import Any, Optional
from urllib.parse import quote, urlsplit

from markupsafe import Markup

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


def md_escape(value: Any) -> Markup:
    """Text that shows literally in Markdown: one line, HTML-escaped, syntax escaped."""
    if isinstance(value, Markup):
        return value
    return _escaped(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> Markup:
    """Cached: a site repeats the same names, labels and counts on thousands of pages."""
    return Markup(" ".join(_UNPRINTABLE.sub("", text).split()).translate(_MD_ESCAPES))


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


def inline_escape(text: str) -> Markup:
    """Like md_escape, but keeps a segment's edge spaces: segments are joined into a line."""
    return Markup(re.sub(r"\s+", " ", _UNPRINTABLE.sub("", text)).translate(_MD_ESCAPES))
