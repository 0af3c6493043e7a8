"""Readers: one class per input format, each turning a file into Articles.

Readers are listed explicitly in ``READERS`` (keyed by file extension), so what
reads what can be traced from this file alone.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Iterator, Optional, Union

import yaml

from .article import Article
from .errors import ReadError

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
"""Larger files are refused: no news article is this long, and parsing it would stall a build."""

KNOWN_FIELDS = ("id", "title", "url", "published", "outlet", "date", "publisher")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)

ReadResult = Union[Article, ReadError]
"""A reader yields an Article, or a ReadError for a record it could not read, and goes on."""


def slugify(text: str) -> str:
    """A file-name-safe id: lower case, ASCII letters, digits and dashes."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:120] or "article"


def check_id(value: Any, path: Path, line: Optional[int] = None) -> str:
    """An id becomes a file name: refuse anything that could escape the folder."""
    text = str(value).strip()
    if not SAFE_ID.match(text) or ".." in text:
        raise ReadError(path, f"id {text!r} is not allowed: use letters, digits, '.', '_' and '-' "
                              f"(no '/', '\\' or '..')", line)
    return text


def normalize_date(value: Any) -> Optional[str]:
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    match = re.match(r"\d{4}-\d{2}-\d{2}", str(value).strip())
    return match.group(0) if match else None


def read_text_file(path: Path) -> str:
    """File text as UTF-8, with errors a person can act on."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ReadError(path, f"file is {size // (1024 * 1024)} MB; articles over "
                                  f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MB are refused")
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if b"\x00" in raw[:8192]:
        raise ReadError(path, "binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReadError(path, f"not UTF-8 text (byte {exc.start}); save it as UTF-8", line) from exc
    if not text.strip():
        raise ReadError(path, "empty file")
    return text.replace("\r\n", "\n")


def _metadata_article(meta: dict, text: str, path: Path, line: Optional[int] = None,
                      fallback_title: Optional[str] = None) -> Article:
    unknown = sorted(k for k in meta if k not in KNOWN_FIELDS and k != "text")
    title = meta.get("title") or fallback_title or path.stem
    return Article(
        id=check_id(meta.get("id") or slugify(path.stem), path, line),
        title=str(title).strip(),
        text=text,
        path=str(path),
        url=_optional_str(meta.get("url")),
        published=normalize_date(meta.get("published") or meta.get("date")),
        outlet=_optional_str(meta.get("outlet") or meta.get("publisher")),
        line=line,
        extra={k: meta[k] for k in unknown},
    )


def _optional_str(value: Any) -> Optional[str]:
    return None if value in (None, "") else str(value)


class SingleArticleReader:
    """A format with one article per file: ``read_one`` does the work, errors are yielded."""

    file_extensions: tuple[str, ...] = ()

    def read(self, path: Path) -> Iterator[ReadResult]:
        try:
            yield self.read_one(path)
        except ReadError as exc:
            yield exc

    def read_one(self, path: Path) -> Article:
        raise NotImplementedError


class MarkdownReader(SingleArticleReader):
    """Markdown or plain text, with optional YAML front matter."""

    file_extensions = ("md", "markdown", "txt")

    def read_one(self, path: Path) -> Article:
        text = read_text_file(path)
        meta, body, body_line = self._split_front_matter(text, path)
        body = body.strip("\n")
        title = meta.get("title")
        if not title:
            title, body = _title_from_body(body)
        if not body.strip():
            raise ReadError(path, "article has no text after its front matter")
        try:
            return _metadata_article(meta, body, path, fallback_title=title)
        except ReadError as exc:
            if exc.line is None and "id" in meta:  # a refused id: point at its front-matter line
                exc.line = _field_line(text, "id")
            raise

    @staticmethod
    def _split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
        match = FRONT_MATTER.match(text)
        if not match:
            return {}, text, 1
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ReadError(path, f"malformed front matter: {problem}", line) from exc
        except (ValueError, RecursionError) as exc:  # a date such as 2024-02-30; nesting too deep
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            raise ReadError(path, f"malformed front matter: {reason}") from exc
        if not isinstance(meta, dict):
            raise ReadError(path, "front matter must be a mapping of fields (key: value)", 2)
        return meta, text[match.end():], text[: match.end()].count("\n") + 1


def _field_line(text: str, name: str) -> Optional[int]:
    """Line of a top-level front-matter field, for error messages."""
    match = re.search(rf"^{re.escape(name)}[ \t]*:", text, re.M)
    return text[: match.start()].count("\n") + 1 if match else None


def _title_from_body(body: str) -> tuple[str, str]:
    """The first heading (or first line) is the title; it is not part of the text."""
    first, _, rest = body.lstrip("\n").partition("\n")
    return first.lstrip("#").strip(), rest


class HtmlReader(SingleArticleReader):
    """An HTML page saved from a browser: trafilatura takes out main text, title and date."""

    file_extensions = ("html", "htm")

    def read_one(self, path: Path) -> Article:
        import trafilatura  # imported here: HTML input is optional and trafilatura is slow to load

        html = read_text_file(path)
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
        doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
        text = (doc or {}).get("text") or ""
        if not text.strip():
            raise ReadError(path, "no article text found in this HTML page")
        meta = {"title": doc.get("title"), "published": doc.get("date"), "url": doc.get("url"),
                "outlet": doc.get("sitename")}
        return _metadata_article({k: v for k, v in meta.items() if v}, text.strip(), path)


class JsonlReader:
    """A bundle of articles, one JSON object per line; a bad line is reported and skipped."""

    file_extensions = ("jsonl",)

    def read(self, path: Path) -> Iterator[ReadResult]:
        try:
            handle = path.open("r", encoding="utf-8")
        except OSError as exc:
            yield ReadError(path, f"cannot read file: {exc.strerror or exc}")
            return
        with handle:
            try:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield self._record(path, number, line)
            except UnicodeDecodeError as exc:
                yield ReadError(path, f"not UTF-8 text: {exc.reason}")

    def _record(self, path: Path, number: int, line: str) -> ReadResult:
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            return ReadError(path, f"not valid JSON: {exc.msg}", number)
        except RecursionError:
            return ReadError(path, "not valid JSON: nested too deeply", number)
        if not isinstance(data, dict):
            return ReadError(path, "each line must be a JSON object", number)
        missing = [k for k in ("id", "title", "text") if not data.get(k)]
        if missing:
            return ReadError(path, f"record lacks {', '.join(missing)}", number)
        if not isinstance(data["text"], str) or not data["text"].strip():
            return ReadError(path, "record's text is empty", number)
        try:
            return _metadata_article(data, data["text"], path, line=number)
        except ReadError as exc:
            return exc


READERS = {ext: reader for reader in (MarkdownReader(), HtmlReader(), JsonlReader())
           for ext in reader.file_extensions}
"""File extension → reader. Add a reader here to support a new format."""


def reader_for(path: Path):
    return READERS.get(path.suffix.lower().lstrip("."))


def unknown_fields_warning(article: Article) -> Optional[str]:
    """One line naming front-matter fields briefing does not know (often a typo: ``titel``).

    They are kept in ``Article.extra`` for templates. JSONL bundles are not warned about:
    their records routinely carry extra keys (category, source) on every line.
    """
    if not article.extra or not isinstance(reader_for(Path(article.path)), MarkdownReader):
        return None
    names = ", ".join(repr(str(k)) for k in article.extra)
    return (f"{article.path}: unknown front-matter field{'s' if len(article.extra) > 1 else ''} {names} "
            f"not used (known: {', '.join(KNOWN_FIELDS)})")


def find_article_files(paths: list[Path]) -> tuple[list[Path], list[ReadError]]:
    """Every readable article file below ``paths``, in a stable order."""
    found: list[Path] = []
    errors: list[ReadError] = []
    for root in paths:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(p for p in sorted(root.rglob("*"))
                         if p.is_file() and reader_for(p) and not p.name.startswith("."))
        else:
            errors.append(ReadError(root, "no such file or folder"))
    return found, errors


def read_articles(paths: list[Path]) -> Iterator[ReadResult]:
    """Stream Articles (or ReadErrors) from files and folders; duplicate ids are errors."""
    files, errors = find_article_files(paths)
    yield from errors
    seen: dict[str, str] = {}
    for path in files:
        reader = reader_for(path)
        if reader is None:
            yield ReadError(path, f"unsupported file type {path.suffix!r}; use one of: "
                                  f"{', '.join('.' + e for e in sorted(READERS))}")
            continue
        for result in reader.read(path):
            if isinstance(result, Article):
                where = result.path + (f":{result.line}" if result.line else "")
                if result.id in seen:
                    result = ReadError(result.path, f"duplicate id {result.id!r}, "
                                                    f"already used by {seen[result.id]}", result.line)
                else:
                    seen[result.id] = where
            yield result
