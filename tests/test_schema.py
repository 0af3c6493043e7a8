"""The dataclasses and the JSON Schema describe the same brief."""
import dataclasses

import pytest

from generator import brief as model
from generator.errors import SchemaError
from generator.schema import brief_schema, validate_brief
from test_store import make_brief


@pytest.mark.parametrize("cls, definition", [
    (model.Actor, "actor"), (model.Figure, "figure"), (model.Risk, "risk"),
    (model.Question, "question"), (model.Evidence, "evidence"),
])
def test_schema_fields_match_dataclasses(cls, definition):
    schema_fields = set(brief_schema()["$defs"][definition]["properties"])
    assert schema_fields == {f.name for f in dataclasses.fields(cls)}


def test_schema_top_level_matches_brief():
    assert set(brief_schema()["properties"]) == {f.name for f in dataclasses.fields(model.Brief)}
    assert brief_schema()["properties"]["schema"]["const"] == model.SCHEMA_VERSION


def test_schema_enums_match_dataclass_constants():
    defs = brief_schema()["$defs"]
    assert tuple(defs["actor"]["properties"]["kind"]["enum"]) == model.ACTOR_KINDS
    assert tuple(defs["figure"]["properties"]["qualifier"]["enum"]) == model.QUALIFIERS


def test_schema_error_names_file_and_field():
    data = make_brief().to_dict()
    data["figures"][0]["qualifier"] = "roughly"
    with pytest.raises(SchemaError) as info:
        validate_brief(data, "content/briefs/demo.yaml")
    assert str(info.value).startswith("content/briefs/demo.yaml: [figures -> 0 -> qualifier]")


def _mutations():
    """Briefs broken in each way the schema forbids, and the intact one."""
    def brief():
        return make_brief().to_dict()
    cases = {"intact": brief()}
    for name, change in {
        "wrong version": lambda d: d.update(schema=2),
        "bad slug": lambda d: d.update(id="Not a slug!"),
        "missing part": lambda d: d.pop("risks"),
        "unknown field": lambda d: d.update(mood="calm"),
        "wrong type": lambda d: d["figures"][0].update(value="many"),
        "unknown kind": lambda d: d["actors"][0].update(kind="robot"),
        "empty title": lambda d: d.update(title=""),
        "evidence without offsets": lambda d: d["figures"][0]["evidence"].pop("start"),
        "topics not a list": lambda d: d.update(topics="war"),
    }.items():
        data = brief()
        change(data)
        cases[name] = data
    return cases


@pytest.mark.parametrize("name, data", list(_mutations().items()))
def test_fast_check_agrees_with_jsonschema(name, data):
    """Briefs are checked by the compiled schema first: it must accept exactly what jsonschema does."""
    from generator.schema import is_valid_brief, schema_errors

    assert is_valid_brief(data) == (schema_errors(data) == [])
    assert is_valid_brief(data) == (name == "intact")
