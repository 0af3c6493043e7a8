"""Read and write brief YAML files: atomically, deterministically, keeping hand edits."""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional, TextIO, Union

import yaml

from .brief import Brief
from .errors import SchemaError, StoreError
from .schema import validate_brief

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when present: the same safe subset, several times faster."""
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when present: six times faster than the pure-Python one, which cost a
fifth of extraction; both write the same data (they differ only in how a long quoted line folds)."""

BRIEF_SUFFIX = ".yaml"
PENDING_SUFFIX = ".yaml.new"
"""A fresh extraction written beside a hand-edited brief whose article changed."""


class _BriefDumper(_SafeDumper):
    """Block-style YAML with no aliases, so diffs stay line-by-line."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_brief(data: dict) -> str:
    """The brief as YAML text: fixed key order, unicode kept, stable line width."""
    return yaml.dump(data, Dumper=_BriefDumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)


def content_hash(data: dict) -> str:
    """sha256 of a brief's content, ignoring the stored hash itself."""
    body = {k: v for k, v in data.items() if k != "provenance"}
    prov = dict(data.get("provenance") or {})
    prov.pop("content_hash", None)
    body["provenance"] = prov
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(brief: Brief) -> dict:
    """The brief as a dict, with the hash that later reveals hand edits."""
    data = brief.to_dict()
    if "provenance" in data:
        data["provenance"]["content_hash"] = content_hash(data)
    return data


def is_hand_edited(data: dict) -> bool:
    """True when the file no longer matches what the extractor wrote."""
    stored = (data.get("provenance") or {}).get("content_hash")
    return bool(stored) and stored != content_hash(data)


def write_atomic(path: Path, text: Union[str, Callable[[TextIO], None]]) -> None:
    """Write via a temp file in the same folder and rename: never a half-written file.

    ``text`` is the content, or a function that writes it to the open file, so a large file
    (the page cache) is written in pieces instead of built in memory first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, mode)  # mkstemp makes files only their owner can read
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if callable(text):
                text(handle)
            else:
                handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The mode the file has, or the one a new file gets under the process's umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def check_writable(folder: Path) -> None:
    """Fail once, up front, when briefs cannot be written to ``folder``; a missing folder is made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".write-check.", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise StoreError(folder, f"cannot write briefs to this folder: {exc.strerror or exc}") from exc


def brief_path(briefs_dir: Path, brief_id: str) -> Path:
    return briefs_dir / f"{brief_id}{BRIEF_SUFFIX}"


def load_brief_data(path: Path) -> dict:
    """Read and validate one brief file; errors name the file (and line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(path, f"cannot read brief: {exc}") from exc
    return parse_brief_text(text, path)


def parse_brief_text(text: str, path: Path) -> dict:
    """Parse and validate a brief read from ``path``; errors name the file (and line)."""
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise StoreError(path, f"not valid YAML: {getattr(exc, 'problem', exc)}", line) from exc
    validate_brief(data, str(path))
    return data


def read_brief(path: Path) -> Brief:
    return Brief.from_dict(load_brief_data(path))


def iter_brief_files(briefs_dir: Path) -> Iterator[Path]:
    """Brief files in a stable order."""
    if briefs_dir.is_dir():
        yield from sorted(p for p in briefs_dir.glob(f"*{BRIEF_SUFFIX}") if not p.name.startswith("."))


@dataclass
class WriteOutcome:
    """What happened when a fresh brief met the file on disk."""

    path: Path
    action: str
    """``written``, ``unchanged``, ``kept_hand_edit`` or ``pending_beside_hand_edit``."""
    message: Optional[str] = None


def save_brief(briefs_dir: Path, brief: Brief, force: bool = False) -> WriteOutcome:
    """Write a freshly extracted brief, never silently overwriting a hand edit."""
    data = seal(brief)
    validate_brief(data, str(brief_path(briefs_dir, brief.id)))
    text = dump_brief(data)
    path = brief_path(briefs_dir, brief.id)
    current = _current_text(path)
    existing = None if force or current is None else _parsed(current, path)  # --force overwrites hand edits
    if existing is not None and is_hand_edited(existing):
        return _keep_hand_edit(path, existing, data, text)
    if current == text:
        return WriteOutcome(path, "unchanged")
    _write(path, text)
    path.with_name(path.stem + PENDING_SUFFIX).unlink(missing_ok=True)
    return WriteOutcome(path, "written")


def _keep_hand_edit(path: Path, existing: dict, data: dict, text: str) -> WriteOutcome:
    old_hash = (existing.get("provenance") or {}).get("article_hash")
    if old_hash == data["provenance"]["article_hash"]:
        return WriteOutcome(path, "kept_hand_edit")
    pending = path.with_name(path.stem + PENDING_SUFFIX)
    _write(pending, text)
    return WriteOutcome(path, "pending_beside_hand_edit",
                        f"{path}: hand-edited brief kept; its article changed, so the new extraction "
                        f"is in {pending.name} (merge it by hand, or rerun with --force)")


UNREADABLE = {"provenance": {"content_hash": "unreadable", "article_hash": ""}}
"""What an existing brief that cannot be read counts as: a hand edit that broke the file is still
a hand edit, never to be overwritten silently."""


def _current_text(path: Path) -> Optional[str]:
    """The brief file as it is on disk: None when there is none, "" when it cannot be read."""
    if not path.exists():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _parsed(current: str, path: Path) -> dict:
    try:
        return parse_brief_text(current, path) if current else UNREADABLE
    except (StoreError, SchemaError):
        return UNREADABLE


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise StoreError(path, f"cannot write brief: {exc.strerror or exc}") from exc
