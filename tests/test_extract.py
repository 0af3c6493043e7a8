"""Extraction on the example article with the real spaCy model: all four parts work."""
import pytest

from generator.extract import extract_brief
from generator.schema import validate_brief
from generator.store import dump_brief, seal


@pytest.fixture(scope="module")
def brief(nlp, rules, example_article):
    return extract_brief(nlp, rules, example_article)


def test_extract_brief_validates_and_is_deterministic(nlp, rules, example_article, brief):
    validate_brief(seal(brief), "kursk-troops")
    again = extract_brief(nlp, rules, example_article)
    assert dump_brief(seal(again)) == dump_brief(seal(brief))


def test_extract_actors_merge_aliases_and_keep_roles(brief):
    putin = brief.actor("Vladimir Putin")
    assert putin is not None and "Putin" in putin.aliases
    kirby = brief.actor("John Kirby")
    assert kirby.role == "National Security Council spokesperson"
    us = brief.actor("United States")
    assert us is not None and "US" in us.aliases
    names = [a.name for a in brief.actors]
    assert "two senior US officials" in names
    assert "ATACMS" not in names and "CNN" not in names


def test_extract_figures_with_qualifiers_and_claimants(brief):
    by_text = {f.text: f for f in brief.figures}
    at_least = by_text["at least 1,000 troops"]
    assert (at_least.value, at_least.qualifier, at_least.counts) == (1000, "at_least", "troops")
    several = by_text["several thousand troops"]
    assert several.qualifier == "vague" and several.low < several.high
    assert several.claimed_by == "two senior US officials"
    area = next(f for f in brief.figures if "square kilometers" in f.text)
    assert "386 square miles" in area.text and area.qualifier == "over" and area.claimed_by == "Ukraine"
    assert not any(f.text.startswith("two") for f in brief.figures)


def test_extract_risks_skip_negated_risk(brief):
    texts = " ".join(r.evidence.sentence for r in brief.risks)
    assert "may have created weaknesses" in texts
    assert not any("not because of the risk of escalation" in r.evidence.sentence for r in brief.risks)


def test_extract_questions_short_form(brief):
    assert "How many troops Russia is moving?" in [q.text for q in brief.questions]
    assert any("too soon to judge" in q.evidence.sentence for q in brief.questions)


def test_extract_evidence_offsets_point_into_article(brief, example_article):
    items = brief.figures + brief.risks + brief.questions
    assert items
    for item in items:
        ev = item.evidence
        assert example_article.text[ev.start:ev.end] == ev.sentence


def test_extract_topics_from_taxonomy(brief):
    assert brief.topics[0] == "russia-ukraine-war"
