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
from typing import Optional

import jinja2

from .diff import BriefDiff, DiffError, cat_objects, diff_brief, git, parse_brief, repo_location
from .store import BRIEF_SUFFIX

CHANGES_URI = "changes.md"
MAX_COMMITS = 50
"""Commits shown on the page, newest first."""
MAX_BRIEFS_PER_COMMIT = 100
"""A bulk import or re-extraction lists this many briefs, then a count of the rest."""
MAX_BRIEFS_COMPARED = 1000
"""Briefs compared for the whole page; older commits beyond it show only their counts."""
OP_WORDS = {"+": "added", "-": "removed", "~": "changed", "!": "unreadable"}
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
    """Briefs changed in this commit but not compared (over ``MAX_BRIEFS_PER_COMMIT`` or the page budget)."""


@dataclass
class _Commit:
    sha: str
    parent: str
    date: str
    subject: str
    paths: list[str]


def brief_history(briefs_dir: Path, limit: int = MAX_COMMITS) -> list[ChangeSet]:
    """Changes to the briefs in the last ``limit`` commits touching them, newest first.

    At most ``MAX_BRIEFS_PER_COMMIT`` briefs of a commit and ``MAX_BRIEFS_COMPARED`` in all
    are compared (the rest are counted), and each version is parsed once, however many
    commits share it, so a bulk re-extraction in the history keeps the build quick.
    """
    try:
        repo, folder = repo_location(briefs_dir)
        commits = _commits(repo, folder, limit)
    except DiffError:
        return []
    budget = MAX_BRIEFS_COMPARED
    listed: list[list[str]] = []
    for commit in commits:
        listed.append(commit.paths[:max(0, min(MAX_BRIEFS_PER_COMMIT, budget))])
        budget -= len(listed[-1])
    specs = [spec for commit, paths in zip(commits, listed) for path in paths
             for spec in (f"{commit.parent}:{path}" if commit.parent else "-", f"{commit.sha}:{path}")]
    objects = iter(cat_objects(repo, specs))
    parsed: dict[str, Optional[dict]] = {}
    history = []
    for commit, paths in zip(commits, listed):
        diffs = []
        for path in paths:
            old, new = _parse(next(objects), path, parsed), _parse(next(objects), path, parsed)
            diff = diff_brief(old, new)
            if diff is not None:
                diff.id = Path(path).name[: -len(BRIEF_SUFFIX)]
                diffs.append(diff)
        more = len(commit.paths) - len(paths)
        if diffs or more:
            history.append(ChangeSet(commit.sha[:10], commit.date, commit.subject, diffs, more))
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


def _parse(found: Optional[tuple[str, bytes]], path: str, parsed: dict[str, Optional[dict]]) -> Optional[dict]:
    """The brief in a git object, parsed once per object id."""
    if found is None:
        return None
    object_id, blob = found
    if object_id not in parsed:
        parsed[object_id] = parse_brief(blob, path)
    return parsed[object_id]


def render_changes(env: jinja2.Environment, index, history: list[ChangeSet]) -> str:
    """The Changes page as Markdown, through the site's template environment."""
    from .render import _render  # the shared page renderer: title front matter, errors naming the template

    return _render(env, "changes.md.j2", CHANGES_URI, "Changes", index=index, history=history,
                   ops=OP_WORDS, MAX_COMMITS=MAX_COMMITS)


def latest_commit(briefs_dir: Path) -> str:
    """The last commit that touched the briefs folder; empty when there is none (or no git)."""
    try:
        repo, folder = repo_location(briefs_dir)
        return git(repo, "log", "-n1", "--format=%H", "--", f"{folder}/" if folder else ".").decode("ascii").strip()
    except DiffError:
        return ""
