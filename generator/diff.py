"""Changes between two versions of the briefs, in the brief's own terms.

``diff_brief(old, new)`` compares two brief dicts: actors added or removed, figures
added, removed or changed (value, qualifier, claimant), risks, questions and topics
added or removed. ``briefs_at(repo, rev, folder)`` reads every brief of a git revision
with one ``git cat-file --batch``, so a history of thousands of briefs stays quick.
Git is only read, never written.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Optional

import yaml

from .errors import BriefingError
from .store import BRIEF_SUFFIX, SafeLoader, iter_brief_files

FIGURE_FIELDS = ("value", "low", "high", "qualifier", "unit", "counts", "claimed_by", "source")
"""What makes a figure "changed" when its text as written stays the same."""


class DiffError(BriefingError):
    """Git could not be read, or the revision does not exist."""


@dataclass
class Change:
    """One difference inside a brief, e.g. ``+ actor``, ``~ figure``."""

    op: str
    """``+`` added, ``-`` removed, ``~`` changed."""
    part: str
    """``actor``, ``figure``, ``risk``, ``question``, ``topic``, ``title`` or ``summary``."""
    text: str
    """What was added, removed or changed, as the brief says it."""
    detail: str = ""
    """For ``~``: what changed, e.g. ``claimed by: officials → US officials``."""

    def __str__(self) -> str:
        return f"{self.op} {self.part}: {self.text}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class BriefDiff:
    """What happened to one brief between two versions."""

    id: str
    status: str
    """``added``, ``deleted`` or ``changed``."""
    title: str
    changes: list[Change] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"{self.status} {self.id}: {self.title}"] + [f"  {c}" for c in self.changes]


# --- comparing two briefs ---------------------------------------------------------------

def diff_brief(old: Optional[dict], new: Optional[dict]) -> Optional[BriefDiff]:
    """The difference between two versions of one brief; None when nothing a reader sees changed."""
    if old is None and new is None:
        return None
    if old is None:
        return BriefDiff(str(new.get("id")), "added", str(new.get("title") or ""), _summarise(new))
    if new is None:
        return BriefDiff(str(old.get("id")), "deleted", str(old.get("title") or ""))
    changes: list[Change] = []
    for part in ("title", "summary"):
        if (old.get(part) or "") != (new.get(part) or ""):
            changes.append(Change("~", part, _short(new.get(part) or ""), f"was: {_short(old.get(part) or '')}"))
    changes += _set_changes("topic", _items(old, "topics", str), _items(new, "topics", str))
    changes += _actor_changes(old, new)
    changes += _figure_changes(old, new)
    changes += _set_changes("risk", _items(old, "risks", _text), _items(new, "risks", _text))
    changes += _set_changes("question", _items(old, "questions", _text), _items(new, "questions", _text))
    if not changes:
        return None
    return BriefDiff(str(new.get("id")), "changed", str(new.get("title") or ""), changes)


def _summarise(brief: dict) -> list[Change]:
    """An added brief is described by counts, not by every item."""
    counts = [(len(brief.get(k) or []), k) for k in ("actors", "figures", "risks", "questions")]
    text = ", ".join(f"{n} {k if n != 1 else k[:-1]}" for n, k in counts)
    return [Change("+", "brief", text)]


def _items(brief: dict, key: str, label) -> list[str]:
    return [label(item) for item in brief.get(key) or [] if label(item)]


def _text(item: Any) -> str:
    return str(item.get("text") or "") if isinstance(item, dict) else str(item)


def _set_changes(part: str, old: list[str], new: list[str]) -> list[Change]:
    """Added and removed items, keeping the brief's own order."""
    before, after = set(old), set(new)
    removed = [Change("-", part, t) for t in dict.fromkeys(old) if t not in after]
    added = [Change("+", part, t) for t in dict.fromkeys(new) if t not in before]
    return removed + added


def _actor_label(actor: dict) -> str:
    return f"{actor.get('name')} ({str(actor.get('kind') or '').replace('_', ' ')})"


def _actor_changes(old: dict, new: dict) -> list[Change]:
    before = {a.get("name"): a for a in old.get("actors") or [] if isinstance(a, dict)}
    after = {a.get("name"): a for a in new.get("actors") or [] if isinstance(a, dict)}
    changes = [Change("-", "actor", _actor_label(a)) for n, a in before.items() if n not in after]
    changes += [Change("+", "actor", _actor_label(a)) for n, a in after.items() if n not in before]
    for name, actor in after.items():
        if name in before:
            detail = _field_changes(before[name], actor, ("kind", "role"))
            if detail:
                changes.append(Change("~", "actor", str(name), detail))
    return changes


def _figure_changes(old: dict, new: dict) -> list[Change]:
    """Figures are matched by their text as written; a figure's text appearing twice is matched in order."""
    before = _figures_by_text(old)
    after = _figures_by_text(new)
    changes: list[Change] = []
    for key, figure in before.items():
        if key not in after:
            changes.append(Change("-", "figure", _figure_label(figure)))
    for key, figure in after.items():
        if key not in before:
            changes.append(Change("+", "figure", _figure_label(figure)))
        else:
            detail = _field_changes(before[key], figure, FIGURE_FIELDS)
            if detail:
                changes.append(Change("~", "figure", str(figure.get("text")), detail))
    return changes


def _figures_by_text(brief: dict) -> dict[tuple[str, int], dict]:
    seen: dict[str, int] = {}
    result: dict[tuple[str, int], dict] = {}
    for figure in brief.get("figures") or []:
        if isinstance(figure, dict):
            text = str(figure.get("text"))
            seen[text] = seen.get(text, 0) + 1
            result[(text, seen[text])] = figure
    return result


def _figure_label(figure: dict) -> str:
    claimant = figure.get("claimed_by")
    return f"{figure.get('text')}" + (f", claimed by {claimant}" if claimant else "")


def _field_changes(old: dict, new: dict, names: Iterable[str]) -> str:
    parts = [f"{name.replace('_', ' ')}: {_show(old.get(name))} → {_show(new.get(name))}"
             for name in names if old.get(name) != new.get(name)]
    return "; ".join(parts)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff_brief_sets(old: dict[str, dict], new: dict[str, dict]) -> list[BriefDiff]:
    """Every brief that was added, deleted or changed, by id."""
    diffs = (diff_brief(old.get(i), new.get(i)) for i in sorted(set(old) | set(new)))
    return [d for d in diffs if d is not None]


# --- reading briefs from git and from disk ---------------------------------------------

def git(repo: Path, *args: str, stdin: Optional[bytes] = None) -> bytes:
    """Run a read-only git command in ``repo``; failures become DiffError."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise DiffError(repo, f"cannot run git: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(repo, f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def repo_location(folder: Path) -> tuple[Path, str]:
    """The git work tree holding ``folder`` and the folder's path inside it (posix)."""
    probe = folder if folder.is_dir() else folder.parent
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    try:
        top = Path(git(probe, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    except DiffError as exc:
        raise DiffError(folder, "not inside a git repository; commit the briefs to compare them") from exc
    try:
        inside = folder.resolve().relative_to(top.resolve())
    except ValueError as exc:
        raise DiffError(folder, f"not inside the git work tree {top}") from exc
    return top, PurePosixPath(*inside.parts).as_posix() if inside.parts else ""


def parse_brief(text: bytes, where: str) -> Optional[dict]:
    """A brief's dict, or None when it is not a readable YAML mapping (safe loading only)."""
    try:
        data = yaml.load(text.decode("utf-8"), Loader=SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def briefs_at(repo: Path, rev: str, folder: str) -> dict[str, dict]:
    """Every brief in ``folder`` at git revision ``rev``, keyed by file stem (the brief id)."""
    prefix = f"{folder}/" if folder else ""
    listing = git(repo, "ls-tree", "-z", "--full-tree", "--name-only", rev, "--", prefix or ".")
    paths = [p for p in listing.decode("utf-8").split("\0") if p.startswith(prefix)]
    names = [p[len(prefix):] for p in paths]
    names = [n for n in names if n.endswith(BRIEF_SUFFIX) and not n.startswith(".") and "/" not in n]
    blobs = cat_files(repo, [f"{rev}:{prefix}{name}" for name in names])
    result: dict[str, dict] = {}
    for name, blob in zip(names, blobs):
        data = parse_brief(blob, name) if blob is not None else None
        if data is not None:
            result[name[: -len(BRIEF_SUFFIX)]] = data
    return result


def cat_files(repo: Path, specs: list[str]) -> list[Optional[bytes]]:
    """Contents of ``rev:path`` objects through one ``git cat-file --batch``; None when missing."""
    return [found[1] if found else None for found in cat_objects(repo, specs)]


def cat_objects(repo: Path, specs: list[str]) -> list[Optional[tuple[str, bytes]]]:
    """(object id, contents) of each ``rev:path`` through one ``git cat-file --batch``; None when missing."""
    if not specs:
        return []
    out = git(repo, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in specs).encode("utf-8"))
    found: list[Optional[tuple[str, bytes]]] = []
    pos = 0
    for _ in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            found.append(None)
            continue
        size = int(header[2])
        found.append((header[0].decode("ascii"), out[pos:pos + size]))
        pos += size + 1
    return found


def briefs_on_disk(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """Every brief in the working folder keyed by file stem, and the stems of unreadable ones."""
    result: dict[str, dict] = {}
    unreadable: list[str] = []
    for path in iter_brief_files(folder):
        stem = path.name[: -len(BRIEF_SUFFIX)]
        try:
            data = parse_brief(path.read_bytes(), str(path))
        except OSError:
            data = None
        if data is None:
            unreadable.append(stem)
        else:
            result[stem] = data
    return result, unreadable


def diff_since(briefs_dir: Path, rev: str = "HEAD") -> list[BriefDiff]:
    """Changes in the briefs folder between git revision ``rev`` and the files on disk.

    A brief file that is no longer valid YAML (a hand edit gone wrong) is listed as
    ``unreadable``, not as deleted.
    """
    repo, folder = repo_location(briefs_dir)
    check_revision(repo, rev)
    before = briefs_at(repo, rev, folder)
    now, unreadable = briefs_on_disk(briefs_dir)
    diffs = diff_brief_sets({k: v for k, v in before.items() if k not in unreadable}, now)
    diffs += [BriefDiff(stem, "unreadable", str((before.get(stem) or {}).get("title") or ""),
                        [Change("!", "brief", "not a valid YAML brief: fix it, or restore it with git checkout")])
              for stem in unreadable]
    return sorted(diffs, key=lambda d: d.id)


def check_revision(repo: Path, rev: str) -> None:
    """Fail with one line when ``rev`` names no commit (``git`` itself would print usage)."""
    if rev.startswith("-"):
        raise DiffError(repo, f"unknown git revision {rev!r}")
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except DiffError as exc:
        raise DiffError(repo, f"unknown git revision {rev!r}") from exc


def format_diffs(diffs: list[BriefDiff]) -> str:
    """Plain text for the terminal: one block per brief, one line per change."""
    if not diffs:
        return "no changes in briefs"
    return "\n".join(line for d in diffs for line in d.lines())
