"""The site index: ordering, actors merged across briefs, figures ledger, related briefs."""
from __future__ import annotations

import time

import pytest

from generator.brief import Actor, Brief, Figure, Question, Risk, Source
from generator.index import (DERIVED_MIN_BRIEFS, LEDGER_ROWS, RELATED_LIMIT, TOPIC_QUESTIONS, UNDATED,
                             build_index, counts_key, slugify, topic_label)


def make_brief(brief_id: str, published: str | None = None, **fields) -> Brief:
    return Brief(id=brief_id, title=fields.pop("title", brief_id.title()),
                 source=Source(outlet="Wire", published=published), summary="", **fields)


def putin(role: str, aliases: list[str], mentions: int) -> Actor:
    return Actor("Vladimir Putin", "person", role, aliases, mentions)


@pytest.fixture
def briefs() -> list[Brief]:
    return [
        make_brief("kursk", "2024-08-15", topics=["war", "kursk"],
                   actors=[putin("Russian President", ["Putin", "Mr. Putin"], 4),
                           Actor("John Kirby", "person", "spokesperson", ["Kirby"], 2),
                           Actor("officials", "anonymous_source", None, [], 3)],
                   figures=[Figure("at least 1,000 troops", 1000, "at_least", counts="troops",
                                   claimed_by="officials"),
                            Figure("600-mile", 600, "exact", counts=None)],
                   risks=[Risk("troops diverted", stated_by="John Kirby")],
                   questions=[Question("how long?", raised_by="John Kirby")]),
        make_brief("followup", "2024-08-20", topics=["kursk"],
                   actors=[putin("President of Russia", ["Putin"], 3)],
                   figures=[Figure("5,000 Troops", 5000, "exact", counts="Troops",
                                   claimed_by="Vladimir Putin")]),
        make_brief("budget", "2024-08-01", topics=["economy"],
                   actors=[Actor("Treasury", "organization", None, [], 1)]),
        make_brief("undated", None, topics=["kursk"]),
    ]


def test_index_sorts_newest_first_undated_last(briefs):
    index = build_index(briefs, {})
    assert [b.id for b in index.briefs] == ["followup", "kursk", "budget", "undated"]


def test_index_breaks_date_ties_by_id():
    index = build_index([make_brief("b", "2024-01-01"), make_brief("a", "2024-01-01")], {})
    assert [b.id for b in index.briefs] == ["a", "b"]


def test_index_merges_actor_across_briefs(briefs):
    actor = build_index(briefs, {}).actors["vladimir-putin"]
    assert actor.name == "Vladimir Putin"
    assert actor.kind == "person"
    assert actor.brief_ids == ["followup", "kursk"]
    assert actor.mentions == 7
    assert actor.roles == ["President of Russia", "Russian President"]
    assert actor.aliases == ["Mr. Putin", "Putin"]


def test_index_attributes_items_to_their_actor(briefs):
    actors = build_index(briefs, {}).actors
    assert [(a.brief_id, a.item.text) for a in actors["vladimir-putin"].figures] == [("followup", "5,000 Troops")]
    assert [a.item.text for a in actors["officials"].figures] == ["at least 1,000 troops"]
    assert [a.item.text for a in actors["john-kirby"].risks] == ["troops diverted"]
    assert [a.item.text for a in actors["john-kirby"].questions] == ["how long?"]


def test_index_counts_co_actors_without_anonymous_sources(briefs):
    actors = build_index(briefs, {}).actors
    assert actors["vladimir-putin"].co_actors == [("john-kirby", 1)]
    assert actors["officials"].co_actors == [("john-kirby", 1), ("vladimir-putin", 1)]


def test_index_actor_kind_and_name_follow_the_majority():
    briefs = [make_brief(f"b{i}", f"2024-01-0{i}", actors=[Actor(name, kind)])
              for i, (name, kind) in enumerate([("NATO", "organization"), ("Nato", "group"),
                                                ("NATO", "organization")], start=1)]
    actor = build_index(briefs, {}).actors["nato"]
    assert (actor.name, actor.kind, actor.brief_ids) == ("NATO", "organization", ["b3", "b2", "b1"])


def test_index_groups_ledger_by_counts(briefs):
    ledger = build_index(briefs, {}).topics["kursk"].ledger
    # "600-mile" does not say what it counts: it stays on its brief, out of the ledger.
    assert [g.counts for g in ledger] == ["Troops"]  # as written most often; ties: the newest
    assert [(f.brief_id, f.item.text) for f in ledger[0].figures] == [
        ("followup", "5,000 Troops"), ("kursk", "at least 1,000 troops")]
    assert (ledger[0].total, ledger[0].briefs, ledger[0].amounts) == (2, 2, [(1000, 1000), (5000, 5000)])


@pytest.mark.parametrize("counts, key", [("Troops", "troop"), ("the troops", "troop"), ("Ukrainian soldiers", "ukrainian soldier"),
                                         ("bus", "bus"), ("access", "access")])
def test_index_counts_key(counts, key):
    assert counts_key(counts) == key


def ledger_brief(brief_id, published, value, counts="troops", unit=None):
    return make_brief(brief_id, published, topics=["war"],
                      figures=[Figure(f"{value} {counts}", value, "exact", unit=unit, counts=counts)])


def test_index_ledger_disagreement_needs_briefs_close_in_time():
    close = build_index([ledger_brief("a", "2024-08-01", 1000), ledger_brief("b", "2024-08-20", 5000)], {})
    assert close.topics["war"].ledger[0].disagree
    apart = build_index([ledger_brief("a", "2022-01-01", 1000), ledger_brief("b", "2024-08-20", 5000)], {})
    assert not apart.topics["war"].ledger[0].disagree and len(apart.topics["war"].ledger[0].amounts) == 2
    same = build_index([ledger_brief("a", "2024-08-01", 1000), ledger_brief("b", "2024-08-02", 1000)], {})
    assert not same.topics["war"].ledger[0].disagree


def test_index_ledger_leaves_out_measures_of_their_own_unit_and_stays_bounded():
    briefs = [ledger_brief("m", "2024-01-01", 20, counts="miles", unit="miles")]
    briefs += [ledger_brief(f"b{i:03}", f"2024-02-{i % 28 + 1:02}", i) for i in range(40)]
    ledger = build_index(briefs, {}).topics["war"].ledger
    assert [g.counts for g in ledger] == ["troops"]
    assert len(ledger[0].figures) == LEDGER_ROWS and ledger[0].total == 40


def test_index_derived_topics_from_recurring_places_and_actors():
    def brief(i, *actors):
        return make_brief(f"b{i}", f"2024-01-0{i}", actors=list(actors))
    russia = Actor("Russia", "country", None, ["Moscow"], 5)
    putin = Actor("Vladimir Putin", "person", None, [], 3)
    syria = Actor("Syria", "country", None, [], 4)
    once = Actor("Sergei Shoigu", "person", None, [], 1)
    briefs = [brief(i, russia, putin, syria, once) for i in range(1, DERIVED_MIN_BRIEFS + 1)]
    briefs.append(brief(9, Actor("Kremlin aide", "person", None, [], 4)))
    taxonomy = {"syria-war": {"label": "Syrian war", "entities": ["Syria"]}}
    index = build_index(briefs, taxonomy)
    assert index.topics["russia"].kind == "place" and index.topics["russia"].actor_slug == "russia"
    assert index.topics["vladimir-putin"].kind == "actor"
    assert "syria" not in index.topics  # covered by the taxonomy's entities
    assert "kremlin-aide" not in index.topics and "sergei-shoigu" not in index.topics
    assert index.brief_topics["b1"] == ["russia", "vladimir-putin"]
    assert index.topics["russia"].actors == [("sergei-shoigu", 3), ("syria", 3), ("vladimir-putin", 3)]


def test_index_derived_topic_never_replaces_a_brief_topic():
    actor = Actor("War", "group", None, [], 3)
    briefs = [make_brief(f"b{i}", "2024-01-01", topics=["war"], actors=[actor]) for i in range(3)]
    topic = build_index(briefs, {}).topics["war"]
    assert topic.kind == "taxonomy"


def test_index_topic_open_questions_newest_first_and_bounded():
    briefs = [make_brief(f"b{i:02}", f"2024-03-{i + 1:02}", topics=["war"],
                         questions=[Question(f"q{i}a"), Question(f"q{i}b")]) for i in range(20)]
    topic = build_index(briefs, {}).topics["war"]
    assert topic.question_total == 40 and len(topic.questions) == TOPIC_QUESTIONS
    assert topic.questions[0].item.text == "q19a"


def test_index_months_newest_first_undated_last(briefs):
    months = build_index(briefs, {}).months
    assert list(months) == ["2024-08", UNDATED]
    assert months["2024-08"] == ["followup", "kursk", "budget"]


def test_index_actor_gets_a_page_when_mentioned_twice_or_in_two_briefs(briefs):
    index = build_index(briefs, {})
    assert index.actors["vladimir-putin"].paged and index.actors["john-kirby"].paged
    assert not index.actors["treasury"].paged
    assert index.actor_slug("Treasury") is None and index.actor_slug("John Kirby") == "john-kirby"


def test_index_topics_use_taxonomy_with_fallback_label(briefs):
    taxonomy = {"kursk": {"label": "Kursk offensive", "description": "Ukraine in Kursk."}}
    topics = build_index(briefs, taxonomy).topics
    assert list(topics) == ["economy", "kursk", "war"]
    assert (topics["kursk"].label, topics["kursk"].description) == ("Kursk offensive", "Ukraine in Kursk.")
    assert (topics["war"].label, topics["war"].description) == ("War", "")
    assert topics["kursk"].brief_ids == ["followup", "kursk", "undated"]


def test_index_related_briefs_rank_by_shared_topics_and_actors(briefs):
    links = build_index(briefs, {}).links
    # followup shares topic kursk and Putin with kursk, only the topic with undated.
    assert links["followup"].related == ["kursk", "undated"]
    assert links["budget"].related == []
    assert "kursk" not in links["kursk"].related


def test_index_anonymous_sources_do_not_relate_briefs():
    briefs = [make_brief(i, "2024-01-01", actors=[Actor("officials", "anonymous_source")]) for i in "ab"]
    assert build_index(briefs, {}).links["a"].related == []


def test_index_previous_is_older_next_is_newer(briefs):
    links = build_index(briefs, {}).links
    assert (links["followup"].previous, links["followup"].next) == ("kursk", None)
    assert (links["kursk"].previous, links["kursk"].next) == ("budget", "followup")
    assert (links["undated"].previous, links["undated"].next) == (None, "budget")


def test_index_keeps_first_of_duplicate_ids_and_warns():
    index = build_index([make_brief("a", "2024-01-02", title="New"),
                         make_brief("a", "2024-01-01", title="Old")], {})
    assert [b.title for b in index.briefs] == ["New"]
    assert "'a'" in index.warnings[0]


def test_index_related_stays_fast_and_bounded_with_one_shared_topic():
    briefs = [make_brief(f"b{i:05}", f"2024-01-{i % 28 + 1:02}", topics=["world"]) for i in range(5000)]
    start = time.perf_counter()
    links = build_index(briefs, {}).links
    assert time.perf_counter() - start < 10
    assert all(len(link.related) == RELATED_LIMIT for link in links.values())


@pytest.mark.parametrize("name, slug", [
    ("Vladimir Putin", "vladimir-putin"),
    ("Volodymyr Zelensky's office", "volodymyr-zelensky-s-office"),
    ("Zürich Police", "zurich-police"),
    ("  U.S. Army  ", "u-s-army"),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_slugify_non_latin_and_long_names_stay_unique():
    assert slugify("Путин").startswith("x-") and slugify("Путин") != slugify("Зеленский")
    long_a, long_b = "a" * 100 + " one", "a" * 100 + " two"
    assert len(slugify(long_a)) < 100 and slugify(long_a) != slugify(long_b)


def test_topic_label_title_cases_slug():
    assert topic_label("middle-east_politics") == "Middle East Politics"
