"""Phrases that take their actor from another phrase, and units of an armed actor, on real news
wording: "sources close to Maduro" (actors/data/associates.tsv), "an Israeli patrol", "a police
convoy" (actors/data/units.tsv). Real spaCy parse, built-in KB, real Coder and store."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from eventwire import open_store
from eventwire.actors import ActorResolver
from eventwire.cli import main
from eventwire.records import Article


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


@pytest.mark.parametrize(("mention", "code"), [
    ("Sources close to Maduro", "VENGOV"),
    ("Officials close to Maduro", "VENGOV"),
    ("a source close to President Erdogan", "TURGOV"),
    ("aides to Maduro", "VENGOV"),
    ("allies of Erdogan", "TURGOV"),
    ("people close to Putin", "RUSGOV"),
    ("militias loyal to Haftar", "LBYREB"),
    ("sources close to Hamas", "PSEREB"),
    ("dozens of supporters of opposition leader Alexei Navalny", "RUSOPP"),
])
def test_people_close_to_an_actor_take_its_country(resolver, mention, code):
    actor = resolver.lookup(mention, "2019-05-01")
    assert actor is not None and actor.code == code, actor and actor.reason
    assert "takes its country" in actor.reason


@pytest.mark.parametrize("mention", [
    "Officials",  # nothing in the phrase gives a country: none is invented
    "officials close to the minister",  # a minister of no known country
    "allies of Russia",  # a country's allies are other countries
    "the US ambassador to Venezuela",  # an envoy to a country is not of it
    "sources familiar with the talks",
])
def test_no_country_is_invented(resolver, mention):
    actor = resolver.lookup(mention, "2019-05-01")
    assert actor is None or actor.country in (None, "USA"), actor.reason
    if actor is not None and "ambassador" in mention:
        assert actor.code == "USAGOV"


def test_the_minister_named_before_gives_his_country(resolver):
    from eventwire.nlp import load

    doc = load()("Venezuelan Foreign Minister Jorge Arreaza met envoys. "
                 "Officials close to the foreign minister said so.")
    actors = resolver.for_document(doc, "2019-05-01")
    actors.resolve(doc[0:5])
    start = [t.i for t in doc if t.text == "Officials"][0]
    actor = actors.resolve(doc[start : start + 6])
    assert actor.code == "VENGOV" and "'the foreign minister' (VENGOV)" in actor.reason, actor.reason


@pytest.mark.parametrize(("mention", "code"), [
    ("an Israeli patrol", "ISRMIL"),
    ("a Syrian convoy", "SYRMIL"),
    ("Ukrainian positions", "UKRMIL"),
    ("Turkish jets", "TURMIL"),
    ("a police convoy", "COP"),
    ("an Iraqi police checkpoint", "IRQCOP"),
    ("rebel positions", "REB"),
    ("a Hezbollah convoy", "LBNREB"),
    ("the army base", "MIL"),
    ("dozens of protesters", "OPP"),
    ("a group of Syrian refugees", "SYRREF"),
])
def test_units_and_counts_take_the_actor_beside_them(resolver, mention, code):
    actor = resolver.lookup(mention, "2019-05-01")
    assert actor is not None and actor.code == code, actor and actor.reason


@pytest.mark.parametrize("mention", ["the convoy", "a patrol", "an aid convoy", "a number of issues",
                                     "a general strike"])
def test_a_unit_alone_names_no_one(resolver, mention):
    assert resolver.lookup(mention, "2019-05-01") is None


def test_a_demonym_on_an_unknown_word_codes_the_country(resolver):
    actor = resolver.lookup("the Venezuelan chargé d'affaires", "2019-05-01")
    assert actor is not None and actor.country == "VEN", actor and actor.reason


@pytest.mark.parametrize(("text", "source", "target"), [
    ("Hezbollah fighters attacked an Israeli patrol.", "LBNREB", "ISRMIL"),
    ("Gunmen ambushed a police convoy near the border.", None, "COP"),
    ("Russian forces shelled Ukrainian positions overnight.", "RUSMIL", "UKRMIL"),
])
def test_the_target_of_an_attack_on_a_unit_is_coded(coder, text, source, target):
    events = coder.code(text, date="2019-05-01")
    described = [(e.cameo, e.source and e.source.code, e.target and e.target.code) for e in events]
    attack = next((e for e in events if e.cameo_root in ("18", "19")), None)
    assert attack is not None, described
    assert attack.target is not None and attack.target.code == target, described
    if source:
        assert attack.source is not None and attack.source.code == source, described


@pytest.mark.parametrize(("text", "name"), [
    ("Gunmen attacked the convoy of Afghan President Hamid Karzai.", "Hamid Karzai"),
    ("Aung San Suu Kyi's convoy was attacked by a mob near Depayin.", "Aung San Suu Kyi"),
    ("Aung San Suu Kyi spoke in Mandalay before her convoy was attacked near Depayin.", "Aung San Suu Kyi"),
])
def test_a_persons_convoy_carries_that_person(coder, text, name):
    attack = next(e for e in coder.code(text, date="2003-06-01") if e.event_type == "ASSAULT")
    assert attack.target.name == name and not attack.target.code.endswith("MIL"), attack.target


def test_a_general_strike_is_no_soldier(coder):
    events = coder.code("Workers began a general strike on Monday.", date="2008-05-01")
    strike = next(e for e in events if e.event_type == "PROTEST")
    assert strike.source.code == "LAB" and (strike.target is None or strike.target.code is None), strike.target


class _Runner:
    """Codes with the shared real Coder, keeping the attributions the pipeline finds."""

    def __init__(self, coder):
        self.coder = coder

    def map(self, batches):
        for batch in batches:
            yield list(self.coder.code_all(batch))

    def close(self) -> None:
        pass


def test_attributions_of_sources_close_to_maduro_are_found_by_country(coder, tmp_path):
    articles = [
        Article(id="close", published="2019-05-01", text="Sources close to Maduro said the talks had failed."),
        Article(id="plain", published="2019-05-01", text="Officials said the talks had failed."),
    ]
    path = tmp_path / "events.duckdb"
    with open_store(path) as store:
        store.ingest(articles, runner=_Runner(coder))
    result = CliRunner().invoke(main, ["attributions", "--db", str(path), "--source-actor", "VEN",
                                       "--format", "table"])
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert len(lines) == 1 and "Sources close to Maduro [VENGOV]" in lines[0], result.output
