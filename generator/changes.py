"""The site's Changes page: what changed in the briefs, commit by commit, from git.

``brief_history`` reads the last commits that touched the briefs folder (one ``git log``
and one ``git cat-file --batch``) and compares each brief with its first parent's
version through ``diff.diff_brief``. Git is only read. A briefs folder outside git gives
an empty history, and the page says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .diff import BriefDiff, DiffError, cat_files, diff_brief, git, parse_brief, repo_location
from .store import BRIEF_SUFFIX

CHANGES_URI = "changes.md"
MAX_COMMITS = 50
"""Commits shown on the page, newest first."""
MAX_BRIEFS_PER_COMMIT = 200
"""A bulk import lists this many briefs, then a count of the rest."""
OP_WORDS = {"+": "added", "-": "removed", "~": "changed"}
_BRIEF_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$")


@dataclass
class ChangeSet:
    """One commit's changes to briefs."""

    commit: str
    """Abbreviated commit id."""
    date: str
    """Commit date, ``YYYY-MM-DD``."""
    subject: str
    """First line of the commit message."""
    briefs: list[BriefDiff] = field(default_factory=list)
    more: int = 0
    """Briefs changed in this commit but not listed (over ``MAX_BRIEFS_PER_COMMIT``)."""


@dataclass
class _Commit:
    sha: str
    parent: str
    date: str
    subject: str
    paths: list[str]


def brief_history(briefs_dir: Path, limit: int = MAX_COMMITS) -> list[ChangeSet]:
    """Changes to the briefs in the last ``limit`` commits touching them, newest first."""
    try:
        repo, folder = repo_location(briefs_dir)
        commits = _commits(repo, folder, limit)
    except DiffError:
        return []
    specs: list[str] = []
    for commit in commits:
        for path in commit.paths:
            specs.append(f"{commit.parent}:{path}" if commit.parent else "")
            specs.append(f"{commit.sha}:{path}")
    blobs = iter(cat_files(repo, [s or "0" * 40 for s in specs]))
    history = []
    for commit in commits:
        diffs = []
        for path in commit.paths:
            old, new = next(blobs), next(blobs)
            diff = diff_brief(_parse(old, path), _parse(new, path))
            if diff is not None:
                diff.id = Path(path).name[: -len(BRIEF_SUFFIX)]
                diffs.append(diff)
        if diffs:
            shown = diffs[:MAX_BRIEFS_PER_COMMIT]
            history.append(ChangeSet(commit.sha[:10], commit.date, commit.subject, shown, len(diffs) - len(shown)))
    return history


def _commits(repo: Path, folder: str, limit: int) -> list[_Commit]:
    """Commits touching brief files in ``folder`` (first-parent history), with the files each changed."""
    prefix = f"{folder}/" if folder else ""
    out = git(repo, "-c", "core.quotePath=true", "log", f"-n{limit}", "--first-parent", "-m", "--no-renames",
              "--name-only", "--format=%x1e%H%x1f%P%x1f%cs%x1f%s", "--", prefix or ".").decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        sha, parents, date, subject = (header.split("\x1f") + ["", "", "", ""])[:4]
        paths = sorted({n for n in names.splitlines()
                        if n.startswith(prefix) and _BRIEF_FILE.match(n[len(prefix):])})
        if paths:
            commits.append(_Commit(sha, parents.split(" ")[0] if parents else "", date, subject, paths))
    return commits


def _parse(blob, path: str):
    return parse_brief(blob, path) if blob is not None else None


def render_changes(env: jinja2.Environment, index, history: list[ChangeSet]) -> str:
    """The Changes page as Markdown, through the site's template environment."""
    from .render import _render  # the shared page renderer: title front matter, errors naming the template

    return _render(env, "changes.md.j2", CHANGES_URI, "Changes", index=index, history=history,
                   ops=OP_WORDS, MAX_COMMITS=MAX_COMMITS)


def has_history(briefs_dir: Path) -> bool:
    """True when some commit touched the briefs folder: the Changes page then goes in the nav."""
    try:
        repo, folder = repo_location(briefs_dir)
        return bool(git(repo, "log", "-n1", "--format=%H", "--", f"{folder}/" if folder else ".").strip())
    except DiffError:
        return False
