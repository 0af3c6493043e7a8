"""``briefing diff``: changes in briefs since a git revision, in the brief's own terms."""
from __future__ import annotations

import copy
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.diff import briefs_at, diff_brief, diff_brief_sets, diff_since
from generator.errors import BriefingError

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BRIEF = {
    "schema": 1, "id": "demo", "title": "Demo", "summary": "Troops moved.",
    "source": {"outlet": "CNN", "url": None, "published": None, "path": "a.md"},
    "topics": ["russia-ukraine-war"],
    "actors": [{"name": "officials", "kind": "anonymous_source", "role": None, "aliases": [], "mentions": 2},
               {"name": "Russia", "kind": "country", "role": None, "aliases": [], "mentions": 3}],
    "figures": [{"text": "at least 1,000 troops", "value": 1000.0, "qualifier": "at_least", "low": None,
                 "high": None, "unit": None, "counts": "troops", "claimed_by": "officials", "evidence": None}],
    "risks": [{"text": "It weakens the war effort.", "stated_by": None, "evidence": None}],
    "questions": [{"text": "Will Russia retake Kursk?", "raised_by": None, "evidence": None}],
}


def edited(**changes):
    brief = copy.deepcopy(BRIEF)
    brief.update(changes)
    return brief


def lines(old, new) -> list[str]:
    return [str(c) for c in diff_brief(old, new).changes]


def test_diff_unchanged_brief_is_not_listed():
    assert diff_brief(BRIEF, copy.deepcopy(BRIEF)) is None


def test_diff_actor_renamed_is_removed_and_added():
    new = edited()
    new["actors"][0]["name"] = "US officials"
    assert lines(BRIEF, new) == ["- actor: officials (anonymous source)", "+ actor: US officials (anonymous source)"]


def test_diff_actor_role_changed():
    new = edited()
    new["actors"][1]["role"] = "the state"
    assert lines(BRIEF, new) == ["~ actor: Russia (role: none → the state)"]


@pytest.mark.parametrize("field, value, expected", [
    ("value", 2000.0, "~ figure: at least 1,000 troops (value: 1,000 → 2,000)"),
    ("claimed_by", "Russia", "~ figure: at least 1,000 troops (claimed by: officials → Russia)"),
    ("qualifier", "exact", "~ figure: at least 1,000 troops (qualifier: at_least → exact)"),
])
def test_diff_figure_changed(field, value, expected):
    new = edited()
    new["figures"][0][field] = value
    assert lines(BRIEF, new) == [expected]


def test_diff_figure_added_and_removed():
    new = edited(figures=[dict(BRIEF["figures"][0], text="10 tanks", value=10.0, claimed_by=None)])
    assert lines(BRIEF, new) == ["- figure: at least 1,000 troops, claimed by officials", "+ figure: 10 tanks"]


def test_diff_risks_questions_topics_added_and_removed():
    new = edited(risks=[{"text": "Supply lines break.", "stated_by": None, "evidence": None}],
                 questions=[], topics=["russia-ukraine-war", "military"])
    assert lines(BRIEF, new) == ["+ topic: military", "- risk: It weakens the war effort.",
                                 "+ risk: Supply lines break.", "- question: Will Russia retake Kursk?"]


def test_diff_briefs_added_and_deleted():
    diffs = diff_brief_sets({"demo": BRIEF}, {"other": edited(id="other", title="Other")})
    assert [(d.id, d.status) for d in diffs] == [("demo", "deleted"), ("other", "added")]
    assert str(diffs[1].changes[0]) == "+ brief: 2 actors, 1 figure, 1 risk, 1 question"


# --- against a real git history --------------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV)
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project in git with two committed briefs."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "content" / "pages" / "about.md").write_text("# About\n", encoding="utf-8")
    briefs = tmp_path / "content" / "briefs"
    briefs.mkdir()
    write(briefs / "demo.yaml", BRIEF)
    write(briefs / "gone.yaml", edited(id="gone", title="Gone"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first briefs")
    return tmp_path


def test_diff_since_head_reads_git_and_disk(repo):
    briefs = repo / "content" / "briefs"
    assert set(briefs_at(repo, "HEAD", "content/briefs")) == {"demo", "gone"}
    new = edited()
    new["actors"][0]["name"] = "US officials"
    write(briefs / "demo.yaml", new)
    (briefs / "gone.yaml").unlink()
    write(briefs / "fresh.yaml", edited(id="fresh", title="Fresh"))
    (briefs / ".demo.yaml.x.tmp").write_text("half", encoding="utf-8")  # a killed write's leftover
    diffs = diff_since(briefs)
    assert [(d.id, d.status) for d in diffs] == [("demo", "changed"), ("fresh", "added"), ("gone", "deleted")]


def test_diff_broken_hand_edit_is_unreadable_not_deleted(repo):
    briefs = repo / "content" / "briefs"
    (briefs / "demo.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (diff,) = diff_since(briefs)
    assert (diff.id, diff.status, diff.title) == ("demo", "unreadable", "Demo")
    assert "git checkout" in diff.lines()[1]


def test_diff_cli_default_head_and_older_revision(repo):
    briefs = repo / "content" / "briefs"
    new = edited()
    new["figures"][0]["claimed_by"] = "Russia"
    write(briefs / "demo.yaml", new)
    git(repo, "commit", "-q", "-am", "claimant fixed")
    runner = CliRunner()
    result = runner.invoke(main, ["-f", str(repo / "mkdocs.yml"), "diff"])
    assert result.exit_code == 0 and result.output.strip() == "no changes in briefs"
    result = runner.invoke(main, ["-f", str(repo / "mkdocs.yml"), "diff", "HEAD~1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "changed demo: Demo", "  ~ figure: at least 1,000 troops (claimed by: officials → Russia)"]


@pytest.mark.parametrize("rev", ["no-such-rev", "--upload-pack=x"])
def test_diff_cli_unknown_revision_is_one_line_error(repo, rev):
    result = CliRunner().invoke(main, ["-f", str(repo / "mkdocs.yml"), "diff", "--", rev])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {repo}: unknown git revision {rev!r}"]


def test_diff_outside_git_is_a_clear_error(tmp_path):
    (tmp_path / "briefs").mkdir()
    with pytest.raises(BriefingError, match="not inside a git repository"):
        diff_since(tmp_path / "briefs")


# --- the Changes page -------------------------------------------------------------------

def test_changes_history_newest_first(repo):
    from generator.changes import brief_history, latest_commit

    briefs = repo / "content" / "briefs"
    new = edited()
    new["actors"][0]["name"] = "US officials"
    write(briefs / "demo.yaml", new)
    git(repo, "commit", "-q", "-am", "analyst: officials are US officials")
    git(repo, "rm", "-q", "content/briefs/gone.yaml")
    git(repo, "commit", "-q", "-m", "drop gone")
    history = brief_history(briefs)
    assert [c.subject for c in history] == ["drop gone", "analyst: officials are US officials", "first briefs"]
    assert [(d.id, d.status) for d in history[0].briefs] == [("gone", "deleted")]
    assert [str(c) for c in history[1].briefs[0].changes] == [
        "- actor: officials (anonymous source)", "+ actor: US officials (anonymous source)"]
    assert [(d.id, d.status) for d in history[2].briefs] == [("demo", "added"), ("gone", "added")]
    assert latest_commit(briefs) == git(repo, "rev-parse", "HEAD").strip()  # the commit that dropped gone


def test_changes_no_history_outside_git(tmp_path):
    from generator.changes import brief_history, latest_commit

    assert brief_history(tmp_path) == [] and latest_commit(tmp_path) == ""


def test_changes_page_on_the_built_site_escapes_commit_text(repo):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    briefs = repo / "content" / "briefs"
    new = edited()
    new["figures"][0]["value"] = 2000.0
    write(briefs / "demo.yaml", new)
    git(repo, "commit", "-q", "-am", "<script>window.__pwned=1</script> {{ 7*7 }} **fix**")
    build(load_config(str(repo / "mkdocs.yml"), plugins={"briefing": {"extract": False}}))
    page = (repo / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page and "<strong>fix" not in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "changed figure: at least 1,000 troops (value: 1,000 → 2,000)" in text
    assert "<script>window.__pwned=1</script> {{ 7*7 }} **fix**" in text
    home = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="changes/"' in home


def test_changes_bulk_commit_lists_some_and_counts_the_rest(repo, monkeypatch):
    from generator import changes

    monkeypatch.setattr(changes, "MAX_BRIEFS_PER_COMMIT", 2)
    briefs = repo / "content" / "briefs"
    for i in range(5):
        write(briefs / f"bulk-{i}.yaml", edited(id=f"bulk-{i}", title=f"Bulk {i}"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "bulk import")
    latest = changes.brief_history(briefs)[0]
    assert latest.subject == "bulk import" and len(latest.briefs) == 2 and latest.more == 3
