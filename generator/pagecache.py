"""Rendered pages kept between builds, so a build with nothing changed renders nothing.

Rendering every brief, article, topic and actor page is most of what the plugin adds to a
build. When every input is as it was (each brief and article file, the templates, the rule
files, the last commit to the briefs, briefing's own code, and the site settings the data
files use), the pages of the last build are taken from ``.pages-cache.json`` beside the briefs;
any change renders the whole site again. The file is only a shortcut: delete it and the next
build renders everything.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable, Optional

from .config import Settings
from .provenance import code_digest
from .render import shipped_templates_dir
from .store import write_atomic

PAGES_NAME = ".pages-cache.json"
VERSION = 1


def site_key(settings: Settings, rules_digest: str, last_commit: str, site_settings: Iterable) -> str:
    """A digest of everything the generated pages and data files are made from."""
    digest = hashlib.sha256(f"{VERSION} {code_digest()} {rules_digest} {list(site_settings)!r}\n".encode())
    folders = [settings.briefs_dir, settings.articles_dir, shipped_templates_dir(), settings.templates_dir]
    for folder in folders:
        digest.update(f"{folder}\n".encode())
        for line in _file_signatures(folder):
            digest.update(line.encode())
    digest.update(f"{last_commit}\n".encode())
    return digest.hexdigest()


def _file_signatures(folder: Optional[Path]) -> Iterable[str]:
    """Name, size, mtime and inode of each file below ``folder``; its hidden files (the caches) left out."""
    if folder is None or not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        info = path.stat()
        yield f"{relative} {info.st_size} {info.st_mtime_ns} {info.st_ino}\n"


def load(briefs_dir: Path, key: str) -> Optional[dict]:
    """The cached site (``pages``, ``data`` and ``warnings``) if it was made from ``key``."""
    try:
        cached = json.loads((briefs_dir / PAGES_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("key") != key:
        return None
    return cached


def save(briefs_dir: Path, key: str, pages: dict[str, str], data: dict[str, str], warnings: list[str]) -> None:
    """Best effort: a briefs folder that cannot be written only costs the next build a render."""
    cached = {"key": key, "pages": pages, "data": data, "warnings": warnings}
    try:
        # Streamed: the cache of 10,000 briefs is hundreds of megabytes as one string.
        write_atomic(briefs_dir / PAGES_NAME, lambda handle: json.dump(cached, handle, ensure_ascii=False))
    except OSError:
        pass
