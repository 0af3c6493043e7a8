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
