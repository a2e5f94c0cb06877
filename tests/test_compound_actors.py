"""Conjoined actors: one event per (source, target) pair, PETRARCH's convention ("The United States
and Britain condemned Iran" is USA -> IRN and GBR -> IRN), each pair with its own actors, argument and
id, the first keeping the plain id of its trigger."""

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from eventwire import open_store
from eventwire.cli import main
from eventwire.records import Article, event_id, sibling


def code(actor):
    return actor.code if actor is not None else None


def pairs(events, event_type):
    return [(code(e.source), code(e.target)) for e in events if e.event_type == event_type]


@pytest.mark.parametrize("text,event_type,expected", [
    ("The United States and Britain condemned Iran on Monday.", "ACCUSE", [("USA", "IRN"), ("GBR", "IRN")]),
    ("Russia accused Ukraine and Poland of sabotage.", "ACCUSE", [("RUS", "UKR"), ("RUS", "POL")]),
    ("France, Germany and Italy criticized Russia.", "ACCUSE", [("FRA", "RUS"), ("DEU", "RUS"), ("ITA", "RUS")]),
    ("Both the United States and Britain sanctioned Iran and Syria.", "SANCTION",
     [("USA", "IRN"), ("USA", "SYR"), ("GBR", "IRN"), ("GBR", "SYR")]),
    ("Britain's foreign minister, Boris Johnson, and his French counterpart criticized Russia.", "ACCUSE",
     [("GBRGOV", "RUS"), ("FRAGOV", "RUS")]),
    ("Putin met Trump in Helsinki. The two leaders condemned Iran.", "ACCUSE", [("RUSGOV", "IRN"), ("USAELI", "IRN")]),
    ("The United States and its partners condemned Iran.", "ACCUSE", [("USA", "IRN")]),  # an uncoded conjunct
    ("Iran and Oman held talks in Muscat on Sunday.", "CONSULT", [("IRN", "OMN")]),  # reciprocal: one pair
    ("The US and Britain condemned Iran.", "ACCUSE", [("USA", "IRN"), ("GBR", "IRN")]),  # "US" is no pronoun "us"
    ("the us and britain condemned iran.", "ACCUSE", [("USA", "IRN"), ("GBR", "IRN")]),  # an archive in lower case
])
def test_one_event_per_pair_of_conjoined_actors(coder, text, event_type, expected):
    assert pairs(coder.code(text, date="2024-05-01"), event_type) == expected


def test_a_long_list_is_capped_at_four_actors_a_side(coder):
    events = coder.code("The United States, Britain, France, Germany, Italy and Japan condemned North Korea.",
                        date="2024-05-01")
    assert pairs(events, "ACCUSE") == [("USA", "PRK"), ("GBR", "PRK"), ("FRA", "PRK"), ("DEU", "PRK")]


def test_each_pair_has_its_own_argument_and_id_and_shares_the_rest(coder):
    text = "The United States and Britain condemned Iran on Monday."
    first, second = coder.code(Article(id="d1", text=text, published="2024-05-06"))
    assert (first.source.argument["text"], second.source.argument["text"]) == ("The United States", "Britain")
    assert text[second.source.start:second.source.end] == "Britain"
    assert second.target.argument["text"] == "Iran"
    assert first.id == event_id("d1", 0, first.trigger) and not sibling(first)
    assert second.id != first.id and sibling(second)
    shared = ("trigger", "event_type", "cameo", "modality", "attribution", "date", "confidence", "rule", "mentions")
    assert all(getattr(first, name) == getattr(second, name) for name in shared)
    again = coder.code(Article(id="d1", text=text, published="2024-05-06"))
    assert [e.id for e in again] == [first.id, second.id]


def test_a_repeated_paragraph_still_gives_one_event_per_pair(coder):
    paragraph = "The United States and Britain condemned Iran on Monday. Russia accused Ukraine and Poland of sabotage."
    events = coder.code(Article(id="r", text=f"{paragraph}\n{paragraph}", published="2024-05-06"))
    assert sorted(pairs(events, "ACCUSE")) == sorted([("USA", "IRN"), ("GBR", "IRN"), ("RUS", "UKR"), ("RUS", "POL")])
    assert len({e.id for e in events}) == len(events)
    assert {e.mentions for e in events} == {2}


def test_an_implied_target_stays_the_first_pairs(coder):
    events = coder.code("The United States and Britain condemned Iran on Monday. Iran rejected the criticism.",
                        date="2024-05-01")
    assert pairs(events, "REJECT") == [("IRN", "USA")]


def test_the_top_event_is_never_a_further_pair(coder):
    [result] = coder.code_all([Article(id="t", text="The United States and Britain condemned Iran on Monday.",
                                       published="2024-05-06")])
    assert len(result.events) == 2
    assert result.top_event in (None, result.events[0].id)


def test_the_store_and_its_exports_hold_one_row_per_pair(tmp_path):
    path = tmp_path / "events.duckdb"
    article = Article(id="c1", text="Both the United States and Britain sanctioned Iran and Syria.",
                      published="2024-05-06", source="wire")
    with open_store(path) as store:
        store.ingest([article])
        store.ingest([article])  # again: upserted by id, nothing doubled
    expected = [("GBR", "IRN"), ("GBR", "SYR"), ("USA", "IRN"), ("USA", "SYR")]
    result = CliRunner().invoke(main, ["export", "--db", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert sorted(zip(frame["source_code"], frame["target_code"])) == expected
    assert frame["id"].is_unique
    result = CliRunner().invoke(main, ["export", "--db", str(path), "--format", "plover-jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted((r["actor"][0]["code"], r["recipient"][0]["code"]) for r in records) == expected
