"""Safe to version, edit and feed anything: determinism, hand edits kept, atomic writes, bad input.

Everything here runs through the ``briefing`` command line (click's CliRunner in this
process, or a real subprocess where a process has to die or the exit status of the real
script matters), on a throwaway copy of the example project.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.schema import validate_brief
from generator.store import content_hash, dump_brief, is_hand_edited

from conftest import ROOT

BRIEFING = Path(sys.executable).with_name("briefing")
FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")


def cli(project: Path, *args: str):
    """``briefing -f project/mkdocs.yml ARGS`` in this process (the spaCy model stays loaded)."""
    return CliRunner().invoke(main, ["-f", str(project / "mkdocs.yml"), *args], env={"NO_MKDOCS_2_WARNING": "1"})


def run(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real ``briefing`` script in a subprocess."""
    return subprocess.run([str(BRIEFING), "-f", str(project / "mkdocs.yml"), *args], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=timeout)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def brief_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml")) if not p.name.startswith(".")}


def set_option(project: Path, line: str) -> None:
    """Add ``line`` to the briefing block of the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      extract: true\n", f"      extract: true\n      {line}\n"), encoding="utf-8")


# --- determinism ------------------------------------------------------------------------

def test_safety_same_input_gives_byte_identical_briefs(project):
    shutil.copy(BAD / "good.md", project / "content" / "articles" / "good.md")
    first, second = project / "out-1", project / "out-2"
    assert cli(project, "extract", "--out", str(first)).exit_code == 0
    assert cli(project, "extract", "--out", str(second)).exit_code == 0
    assert brief_files(first) == brief_files(second) and len(brief_files(first)) == 2
    before = brief_files(first)
    result = cli(project, "extract", "--force", "--out", str(first))
    assert result.exit_code == 0 and "2 unchanged" in result.output
    assert brief_files(first) == before


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; sitemap dates (the build's own timestamps) blanked."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.name == "sitemap.xml.gz":
            data = gzip.decompress(data)
        if path.name.startswith("sitemap.xml"):
            data = re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", data)
        files[path.relative_to(site).as_posix()] = data
    return files


def test_safety_same_input_gives_identical_site(project, tmp_path_factory):
    """Two real ``mkdocs build`` runs (extraction included), in two folders and two processes with
    different hash seeds, so set or dict order leaking into output would show: the same files,
    byte for byte, but sitemap dates."""
    for name in ("good.md", "dup-a.md"):  # three briefs: cross-links, topics and actor pages to order
        shutil.copy(BAD / name, project / "content" / "articles" / name)
    other = tmp_path_factory.mktemp("other") / "project"
    shutil.copytree(project, other)
    builds = [subprocess.Popen([str(Path(sys.executable).with_name("mkdocs")), "build", "-q"], cwd=folder,
                               env=dict(ENV, PYTHONHASHSEED=seed), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
              for folder, seed in ((project, "1"), (other, "2"))]
    for build in builds:
        output, _ = build.communicate(timeout=120)
        assert build.returncode == 0, output
    assert brief_files(project / "content" / "briefs") == brief_files(other / "content" / "briefs")
    first, second = _site_files(project / "site"), _site_files(other / "site")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert {"briefs/kursk-troops/index.html", "briefs/good/index.html", "briefs/same-id/index.html"} <= set(first)


# --- hand edits -------------------------------------------------------------------------

BRIEF = Path("content") / "briefs" / "kursk-troops.yaml"


def rename_actor(data: dict) -> str:
    data["actors"][0]["name"] = "Ukrainian armed forces"
    return "Ukrainian armed forces"


def delete_figure(data: dict) -> str:
    gone = data["figures"].pop(0)
    return gone["text"]


def add_risk(data: dict) -> str:
    data["risks"].append({"text": "Winter could stall the offensive.", "stated_by": None, "evidence": None})
    return "Winter could stall the offensive."


@pytest.fixture
def extracted(project: Path) -> Path:
    result = cli(project, "extract")
    assert result.exit_code == 0, result.output
    return project


def hand_edit(project: Path, edit) -> tuple[str, str]:
    """Edit the brief as an analyst would (then saved by a YAML-aware editor); return (marker, text)."""
    data = load(project / BRIEF)
    marker = edit(data)
    text = dump_brief(data)
    (project / BRIEF).write_text(text, encoding="utf-8")
    assert is_hand_edited(data)
    return marker, text


@pytest.mark.parametrize("edit", [rename_actor, delete_figure, add_risk])
def test_safety_hand_edit_kept_by_extract_and_build(extracted, edit):
    project = extracted
    marker, text = hand_edit(project, edit)
    result = cli(project, "extract")
    assert result.exit_code == 0, result.output
    assert (project / BRIEF).read_text(encoding="utf-8") == text
    result = cli(project, "build")
    assert result.exit_code == 0, result.output
    assert (project / BRIEF).read_text(encoding="utf-8") == text
    page = (project / "site" / "briefs" / "kursk-troops" / "index.html").read_text(encoding="utf-8")
    figures = page.split('id="figures"', 1)[1].split("<h2", 1)[0]
    assert figures.count("<tr>") - 1 == len(load(project / BRIEF)["figures"])
    if edit is not delete_figure:
        assert marker in page


def test_safety_hand_edit_in_raw_text_is_kept(extracted):
    """An edit in a plain text editor, not through YAML: detected by the content hash all the same."""
    path = extracted / BRIEF
    text = path.read_text(encoding="utf-8").replace("- name: Vladimir Putin\n", "- name: President Putin\n")
    assert "President Putin" in text
    path.write_text(text, encoding="utf-8")
    assert cli(extracted, "extract").exit_code == 0
    assert path.read_text(encoding="utf-8") == text


def change_article(project: Path) -> None:
    article = project / "content" / "articles" / "kursk-troops.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOfficials said 500 more tanks were sent.\n",
                       encoding="utf-8")


@pytest.mark.parametrize("command", ["extract", "build"])
def test_safety_changed_article_keeps_hand_edit_and_writes_beside(extracted, command):
    project = extracted
    _, text = hand_edit(project, rename_actor)
    change_article(project)
    result = cli(project, command)
    assert result.exit_code == 0, result.output
    assert (project / BRIEF).read_text(encoding="utf-8") == text
    pending = project / "content" / "briefs" / "kursk-troops.yaml.new"
    fresh = load(pending)
    validate_brief(fresh, str(pending))
    assert not is_hand_edited(fresh) and "500 more tanks" in pending.read_text(encoding="utf-8")
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "kursk-troops.yaml.new" in warnings[0] and "--force" in warnings[0]


def test_safety_force_overrides_hand_edit(extracted):
    project = extracted
    hand_edit(project, add_risk)
    change_article(project)
    assert cli(project, "extract").exit_code == 0
    pending = project / "content" / "briefs" / "kursk-troops.yaml.new"
    result = cli(project, "extract", "--force")
    assert result.exit_code == 0, result.output
    data = load(project / BRIEF)
    assert not is_hand_edited(data) and "Winter could stall" not in (project / BRIEF).read_text(encoding="utf-8")
    assert "500 more tanks" in (project / BRIEF).read_text(encoding="utf-8")
    assert not pending.exists()


# --- atomic writes under kill -9 --------------------------------------------------------

ARTICLES = 80


def write_bundle(path: Path, version: int) -> None:
    lines = []
    for i in range(ARTICLES):
        text = (f"Officials said at least {i + 1000 * version} troops moved near the border on Monday. "
                f"The minister warned that the move could escalate the conflict. Version {version}.")
        lines.append(json.dumps({"id": f"story-{i:04d}", "title": f"Story {i} v{version}", "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PAUSE_IN_WRITE = """
import os, sys, time
from generator.cli import main
marker = sys.argv.pop(1)
real_fsync, calls = os.fsync, []
def fsync_then_hang(fd):
    # The temp file is written and synced, not yet renamed over the brief: hang right here.
    real_fsync(fd)
    calls.append(fd)
    if len(calls) == 3:
        open(marker, "w").close()
        time.sleep(120)
os.fsync = fsync_then_hang
sys.argv[0] = "briefing"
main()
"""


def check_briefs_whole(briefs: Path, old: dict[str, bytes]) -> int:
    """Every brief is complete, valid and exactly as the extractor wrote it (old or new); how many are new."""
    now = brief_files(briefs)
    assert sorted(now) == sorted(old)
    changed = 0
    for name, data in now.items():
        brief = yaml.safe_load(data)
        validate_brief(brief, name)
        assert brief["provenance"]["content_hash"] == content_hash(brief), f"{name} is not as written"
        changed += data != old[name]
        assert data == old[name] or brief["title"].endswith(" v2"), name
    leftovers = [p.name for p in briefs.iterdir() if p.name not in now]
    assert all(name.startswith(".") for name in leftovers), leftovers
    return changed


def kill_group(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group this test started: the run and any workers
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"


def test_safety_kill_9_leaves_every_brief_complete(project):
    """Kill real runs with SIGKILL, once at a random moment and once inside a brief's write:
    every brief is the old one or the new one, whole; temp files left are dot files; a rerun finishes."""
    articles = project / "content" / "articles"
    (articles / "kursk-troops.md").unlink()
    write_bundle(articles / "bundle.jsonl", 1)
    set_option(project, "workers: 1")
    done = cli(project, "extract")  # in this process, where the model is already loaded
    assert done.exit_code == 0, done.output
    briefs = project / "content" / "briefs"
    old = brief_files(briefs)
    assert len(old) == ARTICLES
    write_bundle(articles / "bundle.jsonl", 2)

    # 1. At whatever moment the run has rewritten a few briefs.
    proc = subprocess.Popen([str(BRIEFING), "-f", str(project / "mkdocs.yml"), "extract"], cwd=project, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            if sum(brief_files(briefs)[n] != old[n] for n in old) >= 5:
                break
            time.sleep(0.02)
    finally:
        kill_group(proc)
    first = check_briefs_whole(briefs, old)
    assert 0 < first < ARTICLES, first

    # 2. Inside a write: the temp file is synced but not yet renamed when the kill lands.
    marker = project / "hanging"
    proc = subprocess.Popen([sys.executable, "-c", PAUSE_IN_WRITE, str(marker), "-f", str(project / "mkdocs.yml"),
                             "extract"], cwd=project, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None and not marker.exists():
            time.sleep(0.02)
        assert marker.exists(), "the run never reached a write"
    finally:
        kill_group(proc)
    temps = [p.name for p in briefs.iterdir() if p.name.endswith(".tmp")]
    assert temps and all(name.startswith(".story-") for name in temps), temps
    second = check_briefs_whole(briefs, old)
    assert first < second < ARTICLES, (first, second)

    rerun = cli(project, "extract")
    assert rerun.exit_code == 0, rerun.output
    final = brief_files(briefs)
    assert len(final) == ARTICLES and all(yaml.safe_load(d)["title"].endswith(" v2") for d in final.values())


# --- bad input --------------------------------------------------------------------------

EXPECTED_ERRORS = [
    "/empty.md: empty file",
    "/binary.md: binary file",
    "/latin1.md:2: not UTF-8",
    "/huge.md: file is 50 MB",
    "/malformed.md:3: malformed front matter",
    "/python-tag.md:2: malformed front matter: could not determine a constructor",
    "/bad-date.md: malformed front matter: day is out of range for month",
    "/deep.md: malformed front matter: nested too deeply",
    "/dup-b.md: duplicate id 'same-id', already used by",
    "/id-slash.md:2: id 'a/b' is not allowed",
    "/id-backslash.md:2: id 'a\\\\b' is not allowed",
    "/id-dotdot.md:2: id '../../etc/escape' is not allowed",
    "/bundle.jsonl:2: not valid JSON",
    "/bundle.jsonl:3: id '../x' is not allowed",
]
"""One line each, naming the file (and the line where there is one)."""


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    shutil.copytree(BAD, folder)
    # 50 MB of real text, made here rather than kept in git.
    with (folder / "huge.md").open("w", encoding="utf-8") as handle:
        handle.write("---\ntitle: Huge\n---\n")
        line = "All work and no play makes the article very long indeed.\n"
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    (folder / "deep.md").write_text("---\ntitle: " + "[" * 50_000 + "\n---\nText.\n", encoding="utf-8")
    return folder


def test_safety_bad_input_one_line_each_rest_processed_exit_1(project, bad_folder):
    out = project / "out"
    result = run(project, "extract", str(bad_folder), "--out", str(out))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    for expected in EXPECTED_ERRORS:
        matching = [line for line in errors if expected in line]
        assert len(matching) == 1 and matching[0].startswith(f"error: {bad_folder}/"), (expected, errors)
    assert len(errors) == len(EXPECTED_ERRORS), errors
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "unknown-fields.md" in warnings[0] and "author" in warnings[0]
    written = brief_files(out)
    assert sorted(written) == ["bundled.yaml", "good.yaml", "same-id.yaml", "unknown-fields.yaml"]
    for name, data in written.items():
        validate_brief(yaml.safe_load(data), name)
    assert yaml.safe_load(written["same-id.yaml"])["title"] == "First of two"
    assert not list(project.rglob("PWNED_BY_YAML")) and not (project / "etc").exists()


def test_safety_invalid_rule_file_is_one_line_error(project):
    (project / "my-rules.yaml").write_text("risks:\n  cues:\n    - {id: x, words: oops}\n", encoding="utf-8")
    set_option(project, "rules: [my-rules.yaml]")
    result = cli(project, "extract")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "my-rules.yaml:3" in lines[0], lines
    assert not (project / BRIEF).exists()


def test_safety_rule_file_with_python_tag_is_refused(project):
    (project / "my-rules.yaml").write_text('risks: !!python/object/apply:os.system ["touch PWNED_BY_RULES"]\n',
                                           encoding="utf-8")
    set_option(project, "rules: [my-rules.yaml]")
    result = cli(project, "extract")
    assert result.exit_code == 1 and "my-rules.yaml" in result.output
    assert not list(project.rglob("PWNED_BY_RULES"))


def test_safety_broken_template_names_file_and_line(project):
    (project / "tpl").mkdir()
    (project / "tpl" / "brief.md.j2").write_text("# {{ brief.title }}\n{% for x in %}\n", encoding="utf-8")
    set_option(project, "templates_dir: tpl")
    result = run(project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "brief.md.j2" in line]
    assert len(errors) == 1 and "tpl/brief.md.j2:2: TemplateSyntaxError" in errors[0], result.stderr
    assert (project / BRIEF).exists()  # extraction ran before rendering failed


def test_safety_missing_output_folder_is_created(project):
    out = project / "not" / "there" / "yet"
    result = cli(project, "extract", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "kursk-troops.yaml").exists()


def test_safety_missing_articles_folder(project):
    result = cli(project, "extract", str(project / "nope"))
    assert result.exit_code == 1 and "nope: no such file or folder" in result.output


def _unwritable_folders(tmp_path: Path):
    """Folders no one can write to, root included: a path through a file; chattr +i where it works."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    yield "parent is a file", blocker / "briefs"
    immutable = tmp_path / "immutable"
    immutable.mkdir()
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(immutable)], capture_output=True).returncode == 0:
        try:
            yield "chattr +i", immutable
        finally:
            subprocess.run(["chattr", "-i", str(immutable)], check=True)
    if os.geteuid() != 0:
        readonly = tmp_path / "readonly"
        readonly.mkdir(mode=0o500)
        yield "chmod 500", readonly


def test_safety_unwritable_output_folder_is_an_error(project, tmp_path):
    cases = 0
    for how, folder in _unwritable_folders(tmp_path):
        cases += 1
        result = cli(project, "extract", "--out", str(folder))
        assert result.exit_code == 1, (how, result.output)
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and str(folder) in errors[0], (how, result.output)
        assert "Traceback" not in result.output
    assert cases >= 1


def test_safety_unwritable_site_folder_is_an_error(project):
    (project / "a-file").write_text("not a folder", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site", "site_dir: a-file/site"),
                      encoding="utf-8")
    result = cli(project, "build")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "a-file/site" in errors[0], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
