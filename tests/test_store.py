import dataclasses

import yaml

from generator.brief import Actor, Brief, Evidence, Figure, Provenance, Source
from generator.store import brief_path, dump_brief, is_hand_edited, read_brief, save_brief


def make_brief(article_hash: str = "a" * 64, figure_text: str = "at least 1,000 troops") -> Brief:
    evidence = Evidence(sentence="At least 1,000 troops moved, officials said.", start=0, end=44)
    return Brief(
        id="demo", title="Demo", source=Source(outlet="CNN"), summary="At least 1,000 troops moved.",
        topics=["russia-ukraine-war"],
        actors=[Actor(name="officials", kind="anonymous_source", mentions=1)],
        figures=[Figure(text=figure_text, value=1000.0, qualifier="at_least", counts="troops",
                        claimed_by="officials", evidence=evidence)],
        provenance=Provenance(article_hash=article_hash, rules_hash="r" * 64, extractor="0.1.0"),
    )


def test_store_roundtrip_is_byte_identical(tmp_path):
    save_brief(tmp_path, make_brief())
    first = brief_path(tmp_path, "demo").read_bytes()
    assert read_brief(brief_path(tmp_path, "demo")) == dataclasses.replace(
        make_brief(), provenance=read_brief(brief_path(tmp_path, "demo")).provenance)
    assert save_brief(tmp_path, make_brief()).action == "unchanged"
    assert brief_path(tmp_path, "demo").read_bytes() == first
    assert list(yaml.safe_load(first))[:4] == ["schema", "id", "title", "source"]


def test_store_hand_edit_is_kept_when_article_unchanged(tmp_path):
    save_brief(tmp_path, make_brief())
    path = brief_path(tmp_path, "demo")
    edited = path.read_text(encoding="utf-8").replace("name: officials", "name: US officials")
    path.write_text(edited, encoding="utf-8")
    assert is_hand_edited(yaml.safe_load(edited))
    assert save_brief(tmp_path, make_brief()).action == "kept_hand_edit"
    assert path.read_text(encoding="utf-8") == edited


def test_store_hand_edit_with_changed_article_writes_beside(tmp_path):
    save_brief(tmp_path, make_brief())
    path = brief_path(tmp_path, "demo")
    edited = path.read_text(encoding="utf-8").replace("name: officials", "name: US officials")
    path.write_text(edited, encoding="utf-8")
    outcome = save_brief(tmp_path, make_brief(article_hash="b" * 64))
    assert outcome.action == "pending_beside_hand_edit" and "demo.yaml.new" in outcome.message
    assert path.read_text(encoding="utf-8") == edited
    assert (tmp_path / "demo.yaml.new").exists()


def test_store_force_overwrites_hand_edit(tmp_path):
    save_brief(tmp_path, make_brief())
    path = brief_path(tmp_path, "demo")
    path.write_text(path.read_text(encoding="utf-8").replace("officials", "someone"), encoding="utf-8")
    assert save_brief(tmp_path, make_brief(), force=True).action == "written"
    assert "name: officials" in path.read_text(encoding="utf-8")


def test_store_dump_keeps_unicode_and_quotes_hostile_text():
    text = dump_brief({"title": "“Quoted” — {{ 7*7 }} <script>", "n": None})
    assert "“Quoted” — {{ 7*7 }} <script>" in text
    assert yaml.safe_load(text)["title"] == "“Quoted” — {{ 7*7 }} <script>"


def test_written_briefs_keep_the_usual_file_mode(tmp_path):
    """Written through a temp file, a brief still gets the mode any new file gets (umask), and a
    rewritten one keeps the mode its owner gave it."""
    import os
    import stat

    from generator.store import brief_path, save_brief

    umask = os.umask(0o022)
    try:
        save_brief(tmp_path, make_brief())
        path = brief_path(tmp_path, "demo")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)
        save_brief(tmp_path, make_brief(figure_text="at least 2,000 troops"), force=True)
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
    finally:
        os.umask(umask)
