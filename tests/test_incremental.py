"""Incremental builds: only new or changed articles are extracted, and the check reads no brief it need not."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import provenance
from generator.build import update_briefs
from generator.config import Settings
from generator.errors import RuleError
from generator.provenance import CACHE_NAME

ARTICLES = {
    "troops": "Officials said at least 1,000 troops moved to the border on Monday. The minister warned of escalation.",
    "tariffs": "China said it would raise tariffs on steel. Analysts warned the move could hurt exports.",
    "talks": "The talks ended without a deal, a senior diplomat told reporters. Both sides said they would meet again.",
}


def write_article(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.md").write_text(f"---\ntitle: {name.title()}\n---\n{text}\n", encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    for name, text in ARTICLES.items():
        write_article(articles, name, text)
    settings = Settings.defaults(tmp_path)
    settings.workers = 1
    return settings


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Brief files whose provenance block the up-to-date check had to read."""
    seen: list[Path] = []
    real = provenance.read_provenance

    def counting(path: Path):
        seen.append(path)
        return real(path)

    monkeypatch.setattr(provenance, "read_provenance", counting)
    return seen


def test_incremental_second_run_extracts_nothing(settings, reads):
    first = update_briefs(settings)
    assert (first.read, first.extracted, first.written, first.failed) == (3, 3, 3, 0)
    second = update_briefs(settings)
    assert (second.read, second.extracted, second.skipped, second.failed) == (3, 0, 3, 0)
    assert second.summary().startswith("nothing to extract: 3 briefs up to date")
    assert reads == [], "a warm run answers from the cache, without reading briefs"


def test_incremental_one_changed_article_is_the_only_one_extracted(settings):
    update_briefs(settings)
    before = {p.name: p.read_bytes() for p in settings.briefs_dir.glob("*.yaml")}
    write_article(settings.articles_dir, "tariffs", ARTICLES["tariffs"] + " Markets fell sharply across Asia.")
    report = update_briefs(settings)
    assert (report.extracted, report.written, report.skipped) == (1, 1, 2)
    after = {p.name: p.read_bytes() for p in settings.briefs_dir.glob("*.yaml")}
    assert [name for name in before if before[name] != after[name]] == ["tariffs.yaml"]


def test_incremental_rule_file_change_extracts_everything(settings):
    rule_file = settings.root / "my-rules.yaml"
    rule_file.write_text("# my rules, none yet\n", encoding="utf-8")
    settings.rule_files = [rule_file]
    update_briefs(settings)
    rule_file.write_text("# my rules, none yet (edited)\n", encoding="utf-8")
    report = update_briefs(settings)
    assert (report.extracted, report.skipped) == (3, 0)
    assert update_briefs(settings).extracted == 0


def test_incremental_deleted_brief_is_extracted_again(settings):
    update_briefs(settings)
    (settings.briefs_dir / "talks.yaml").unlink()
    report = update_briefs(settings)
    assert (report.extracted, report.written, report.skipped) == (1, 1, 2)
    assert (settings.briefs_dir / "talks.yaml").exists()


def test_incremental_without_cache_reads_only_provenance_and_agrees(settings, reads):
    update_briefs(settings)
    (settings.briefs_dir / CACHE_NAME).unlink()
    report = update_briefs(settings)
    assert (report.extracted, report.skipped) == (0, 3)
    assert sorted(p.name for p in reads) == ["talks.yaml", "tariffs.yaml", "troops.yaml"]
    reads.clear()
    assert update_briefs(settings).skipped == 3 and reads == [], "the cache was written again"


def test_incremental_corrupt_cache_is_ignored(settings):
    update_briefs(settings)
    (settings.briefs_dir / CACHE_NAME).write_text("{not json", encoding="utf-8")
    report = update_briefs(settings)
    assert (report.extracted, report.skipped) == (0, 3)


def test_incremental_brief_replaced_by_an_older_one_is_noticed(settings, tmp_path):
    """A brief restored from a backup (or git) has another provenance: the cache must not hide it."""
    update_briefs(settings)
    old = tmp_path / "troops-old.yaml"
    shutil.copy(settings.briefs_dir / "troops.yaml", old)
    write_article(settings.articles_dir, "troops", ARTICLES["troops"] + " More troops followed them later that week.")
    assert update_briefs(settings).extracted == 1
    shutil.copy(old, settings.briefs_dir / "troops.yaml")
    report = update_briefs(settings)
    assert (report.extracted, report.skipped) == (1, 2)
    assert "More troops followed" in (settings.briefs_dir / "troops.yaml").read_text(encoding="utf-8")


def test_incremental_hand_edit_is_kept_and_not_reextracted(settings, reads):
    update_briefs(settings)
    path = settings.briefs_dir / "talks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", "summary: EDITED ", 1), encoding="utf-8")
    report = update_briefs(settings)
    assert (report.extracted, report.skipped) == (0, 3)
    assert [p.name for p in reads] == ["talks.yaml"], "only the edited file is read again"
    assert "EDITED" in path.read_text(encoding="utf-8")


def test_incremental_force_extracts_everything(settings):
    update_briefs(settings)
    assert update_briefs(settings, force=True).extracted == 3


def test_incremental_load_briefs_checks_only_files_briefing_did_not_write(settings, monkeypatch):
    from generator import build

    update_briefs(settings)
    path = settings.briefs_dir / "talks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Talks", "title: [not, a, string]"),
                    encoding="utf-8")
    checked: list[str] = []
    real = build.load_brief_data
    monkeypatch.setattr(build, "load_brief_data", lambda p: checked.append(p.name) or real(p))
    briefs, errors = build.load_briefs(settings)
    assert sorted(b.id for b in briefs) == ["tariffs", "troops"]
    assert checked == ["talks.yaml"]
    assert len(errors) == 1 and "talks.yaml" in str(errors[0]) and "title" in str(errors[0])


def test_incremental_load_briefs_parses_only_changed_files_again(settings, monkeypatch):
    from generator import build

    update_briefs(settings)
    first, _ = build.load_briefs(settings)
    parsed: list[str] = []
    for name in ("_parse_unchecked", "load_brief_data"):
        real = getattr(build, name)
        monkeypatch.setattr(build, name, lambda p, real=real: parsed.append(p.name) or real(p))
    again, errors = build.load_briefs(settings)
    assert parsed == [] and errors == [] and again == first
    path = settings.briefs_dir / "troops.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Troops", "title: Troops moved"),
                    encoding="utf-8")
    (settings.briefs_dir / "talks.yaml").unlink()
    edited, _ = build.load_briefs(settings)
    assert parsed == ["troops.yaml"]
    assert {b.id: b.title for b in edited} == {"tariffs": "Tariffs", "troops": "Troops moved"}


def test_incremental_rules_are_parsed_once_per_content(settings, monkeypatch):
    """A build needs the rules three times (check, pipeline, topics); a second build none."""
    parsed: list[Path] = []
    real = provenance.load_rules

    def counting(*args, **kwargs):
        parsed.append(Path("rules"))
        return real(*args, **kwargs)

    monkeypatch.setattr(provenance, "load_rules", counting)
    monkeypatch.setattr(provenance, "_RULES_MEMO", {})
    settings.briefs_dir.mkdir(parents=True)
    first = provenance.load_rules_cached(settings.rule_files, settings.default_rules, settings.briefs_dir)
    assert len(parsed) == 1 and (settings.briefs_dir / provenance.RULES_NAME).is_file()
    assert provenance.load_rules_cached(settings.rule_files, settings.default_rules) is first
    provenance._RULES_MEMO.clear()  # a new process: the rules come from the cache file
    again = provenance.load_rules_cached(settings.rule_files, settings.default_rules, settings.briefs_dir)
    assert len(parsed) == 1 and (again.data, again.digest) == (first.data, first.digest)

    mine = settings.root / "my-rules.yaml"
    mine.write_text("topics:\n  - {id: ports, label: Ports, keywords: [harbour]}\n", encoding="utf-8")
    edited = provenance.load_rules_cached([mine], True, settings.briefs_dir)
    assert len(parsed) == 2 and edited.digest != first.digest
    mine.write_text("topics:\n  - {id: ports, label: Ports, keywords: [harbour, dock]}\n", encoding="utf-8")
    provenance._RULES_MEMO.clear()
    assert provenance.load_rules_cached([mine], True, settings.briefs_dir).digest != edited.digest
    assert len(parsed) == 3, "an edited rule file is read and checked again"


def test_incremental_broken_rule_file_is_never_cached(settings):
    settings.briefs_dir.mkdir(parents=True)
    mine = settings.root / "my-rules.yaml"
    mine.write_text("risks:\n  cues:\n    - {id: x, words: oops}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError, match="my-rules.yaml"):
            provenance.load_rules_cached([mine], True, settings.briefs_dir)
    assert not (settings.briefs_dir / provenance.RULES_NAME).exists()
