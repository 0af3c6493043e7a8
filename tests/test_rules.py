import pytest

from generator.errors import RuleError
from generator.rules import load_rules


def test_rules_default_pack_loads_every_section():
    rules = load_rules()
    for section in ("aliases", "entity_patterns", "attribution", "figures", "risks", "questions", "topics"):
        assert rules.data.get(section), section
    assert len(rules.digest) == 64


def test_rules_user_file_overrides_entry_by_id_and_changes_digest(tmp_path):
    extra = tmp_path / "local.yaml"
    extra.write_text("aliases:\n  - {id: russia, name: Russian Federation, kind: country, aliases: [RF]}\n"
                     "attribution:\n  verbs: [blurt]\n", encoding="utf-8")
    base, merged = load_rules(), load_rules([extra])
    russia = next(a for a in merged.data["aliases"] if a["id"] == "russia")
    assert russia["name"] == "Russian Federation"
    assert len(merged.data["aliases"]) == len(base.data["aliases"])
    assert "blurt" in merged.words("attribution", "verbs") and "say" in merged.words("attribution", "verbs")
    assert merged.digest != base.digest


@pytest.mark.parametrize("text, line, fragment", [
    ("risks:\n  cues:\n    - {id: x, words: [a]}\n    - {id: y, wordz: [b]}\n", 4, "risks -> cues -> 1"),
    ("topics:\n  - id: t\n    label: [not, a, string]\n", 3, "topics -> 0 -> label"),
    ("aliases: [\n", 2, "not valid YAML"),
    ("colour: blue\n", 1, "'colour' was unexpected"),
    ("x: !!python/object/apply:os.system [ls]\n", 1, "not valid YAML"),
])
def test_rules_bad_file_error_names_file_and_line(tmp_path, text, line, fragment):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([bad])
    assert str(info.value).startswith(f"{bad}:{line}:"), str(info.value)
    assert fragment in str(info.value)


def test_rules_missing_file(tmp_path):
    with pytest.raises(RuleError, match="rule file not found"):
        load_rules([tmp_path / "absent.yaml"])


@pytest.mark.parametrize("key", ["entity_patterns", "entity_gap_patterns"])
def test_rules_bad_token_pattern_error_names_file_and_pattern(tmp_path, key):
    """YAML reads a bare 'on' as true: spaCy would refuse the pattern; the error says where it is."""
    from generator.config import DEFAULT_MODEL
    from generator.nlp import build_pipeline

    bad = tmp_path / "local.yaml"
    bad.write_text(f"{key}:\n  - id: my-body\n    label: ORG\n    pattern: [{{LOWER: {{IN: [for, on]}}}}]\n",
                   encoding="utf-8")
    with pytest.raises(RuleError) as info:
        build_pipeline(DEFAULT_MODEL, [bad])
    assert str(info.value).startswith(f"{bad}: [{key} -> my-body] not a spaCy token pattern"), str(info.value)


def test_rules_gap_pattern_as_a_phrase_fills_a_name_the_model_left_out(tmp_path):
    from generator.config import DEFAULT_MODEL
    from generator.nlp import build_pipeline

    extra = tmp_path / "local.yaml"
    extra.write_text("entity_gap_patterns:\n  - {id: quango, label: ORG, pattern: Quango-Watch}\n", encoding="utf-8")
    doc = build_pipeline(DEFAULT_MODEL, [extra])("The figures came from Quango-Watch on Monday.")
    assert ("Quango-Watch", "ORG") in [(e.text, e.label_) for e in doc.ents]
