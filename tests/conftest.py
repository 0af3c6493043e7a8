"""Shared fixtures: the real spaCy pipeline (loaded once), the example article, the corpus."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "content" / "articles" / "kursk-troops.md"
WORLD = SHARED / "corpus" / "world.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from generator.nlp import build_pipeline
    from generator.config import DEFAULT_MODEL

    return build_pipeline(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def rules():
    from generator.nlp import cached_rules

    return cached_rules((), True)


@pytest.fixture(scope="session")
def example_article():
    from generator.readers import MarkdownReader

    return MarkdownReader().read_one(EXAMPLE)


def world_records(limit: int | None = None) -> list[dict]:
    """Articles of the shared world corpus; the test is skipped when it is absent."""
    if not WORLD.exists():
        pytest.skip(f"{WORLD} not present")
    records = [json.loads(line) for line in WORLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records[:limit] if limit else records


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the example project: mkdocs.yml, content and templates."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "content" / "articles", tmp_path / "content" / "articles")
    shutil.copytree(ROOT / "content" / "pages", tmp_path / "content" / "pages")
    (tmp_path / "content" / "briefs").mkdir()
    return tmp_path
