"""Parallel and distributed extraction write the same bytes as a run in one process."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from generator import extract, resident
from generator.build import update_briefs
from generator.config import Settings
from generator.errors import ConfigError
from generator.parallel import worker_count

TEXTS = [
    "Officials said at least 1,000 troops moved to the border on Monday. The minister warned of escalation.",
    "China said it would raise tariffs on steel by 25%. Analysts warned the move could hurt exports.",
    "The talks ended without a deal, a senior diplomat told reporters. Both sides said they would meet again.",
    "Oil prices rose above $80 a barrel, traders said. OPEC is expected to meet next week.",
    "Protesters gathered outside parliament on Friday. Police said about 200 people were arrested.",
    "The central bank left rates unchanged at 5.25%. Its governor warned that inflation could rise again.",
    "A ceasefire took hold in the north, the United Nations said. Aid convoys were waiting at the border.",
    "Shares in the carmaker fell 7% after it cut its forecast. Sales in Europe dropped by about a tenth.",
    "The storm killed at least 12 people, officials said. Thousands of homes were left without power.",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    lines = [json.dumps({"id": f"story-{i}", "title": f"Story {i}", "text": text, "outlet": "Wire"})
             for i, text in enumerate(TEXTS)]
    (articles / "bundle.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = Settings.defaults(tmp_path)
    settings.workers = 1
    return settings


def briefs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


@pytest.fixture
def local_briefs(settings: Settings, tmp_path: Path) -> dict[str, bytes]:
    report = update_briefs(settings, out_dir=tmp_path / "one", workers=1)
    assert (report.extracted, report.failed) == (len(TEXTS), 0)
    return briefs(tmp_path / "one")


def test_parallel_worker_count():
    assert worker_count(3) == 3
    assert worker_count(0) >= 1


def test_parallel_pool_writes_the_same_bytes(settings, local_briefs, tmp_path):
    report = update_briefs(settings, out_dir=tmp_path / "two", workers=2)
    assert (report.extracted, report.failed) == (len(TEXTS), 0)
    assert briefs(tmp_path / "two") == local_briefs


def test_parallel_dask_local_cluster_writes_the_same_bytes(settings, local_briefs, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        report = update_briefs(settings, out_dir=tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert (report.extracted, report.failed) == (len(TEXTS), 0)
    assert briefs(tmp_path / "dask") == local_briefs


def test_parallel_one_failing_article_does_not_stop_the_others(settings, tmp_path, monkeypatch):
    real = extract.brief_from_doc

    def flaky(doc, rules, article, root=None):
        if article.id == "story-4":
            raise ValueError("boom")
        return real(doc, rules, article, root)

    monkeypatch.setattr(extract, "brief_from_doc", flaky)
    report = update_briefs(settings, out_dir=tmp_path / "out", workers=1)
    assert (report.extracted, report.failed) == (len(TEXTS) - 1, 1)
    assert "boom" in str(report.errors[0]) and "bundle.jsonl" in str(report.errors[0])
    assert len(briefs(tmp_path / "out")) == len(TEXTS) - 1


def test_parallel_missing_model_stops_the_run_with_one_error(settings, tmp_path):
    settings.model = "no_such_model_installed"
    with pytest.raises(ConfigError, match="not installed"):
        update_briefs(settings, out_dir=tmp_path / "out", workers=1)


def test_parallel_cli_extract_with_scheduler(settings, local_briefs, tmp_path):
    distributed = pytest.importorskip("distributed")
    from click.testing import CliRunner

    from generator.cli import main

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["-f", str(settings.root / "mkdocs.yml"), "extract",
                                           "--out", str(tmp_path / "cli"),
                                           "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert f"{len(TEXTS)} extracted" in result.output
    assert briefs(tmp_path / "cli") == local_briefs


@pytest.fixture
def runtime(monkeypatch):
    """A private runtime folder for the resident extractor, stopped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="br-"))  # short: a socket's path is limited to ~100 bytes
    monkeypatch.setenv(resident.RUNTIME_ENV, str(folder))
    yield folder
    resident.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _wait_for(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_resident_extractor_serves_later_runs_the_same_bytes(settings, local_briefs, tmp_path, runtime,
                                                            monkeypatch):
    settings.resident = True
    starts = []
    real_start = resident.start
    monkeypatch.setattr(resident, "start", lambda spec: starts.append(spec) or real_start(spec))
    update_briefs(settings, out_dir=tmp_path / "first", workers=1)  # none answers: extracts here, starts one
    assert briefs(tmp_path / "first") == local_briefs
    assert len(starts) == 1  # not one per chunk while it loads
    started = _wait_for(resident.status, 120)
    assert started is not None
    # The first run's second chunk reaches it too when it was quick to load.
    served_first = started["calls"]
    assert served_first in (0, 1)
    update_briefs(settings, out_dir=tmp_path / "second", workers=1)
    assert briefs(tmp_path / "second") == local_briefs
    assert resident.status()["calls"] == served_first + 2  # both chunks of nine articles went there
    from click.testing import CliRunner
    from generator.cli import main

    shown = CliRunner().invoke(main, ["resident"])
    assert f"pid {started['pid']}" in shown.output and f"{served_first + 2} extractions served" in shown.output
    stopped = CliRunner().invoke(main, ["resident", "--stop"])
    assert stopped.exit_code == 0 and f"Stopped the resident extractor (pid {started['pid']})" in stopped.output
    assert _wait_for(lambda: not list(runtime.glob("*/*.sock")), 10)
    assert "No resident extractor is running" in CliRunner().invoke(main, ["resident"]).output


def test_resident_extractor_needs_a_folder_only_its_user_can_open(tmp_path, monkeypatch):
    monkeypatch.setenv(resident.RUNTIME_ENV, str(tmp_path))
    shared = tmp_path / f"briefing-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o755)
    assert resident.runtime_dir() is None
    shared.chmod(0o700)
    assert resident.runtime_dir() == shared
