"""A town a physical act is done to, coded to its country (Coder(place_targets=...), on by default)."""

from __future__ import annotations

import json

import pytest

from eventwire import Coder


@pytest.fixture(scope="module")
def without_places():
    return Coder(place_targets=False)


def test_a_shelled_town_is_coded_to_its_country(coder):
    [event] = coder.code("Rebels shelled Kharkiv overnight.", "2022-05-01")
    assert event.event_type == "ASSAULT"
    assert (event.target.code, event.target.text) == ("UKR", "Kharkiv")
    assert "place 'Kharkiv'" in event.target.reason
    [event] = coder.code("Troops shelled the town of Bakhmut.", "2023-01-10")
    assert event.target.code == "UKR"


@pytest.mark.parametrize("text,city,country", [
    ("Russian troops shelled Kharkiv overnight.", "Kharkiv", "UKR"),  # the parser tags Kharkiv a person here
    ("Russian missiles struck Odesa overnight.", "Odesa", "UKR"),
])
def test_a_big_city_the_parser_takes_for_a_person_is_still_the_place(coder, text, city, country):
    [event] = coder.code(text, "2022-05-01")
    assert (event.target.code, event.target.text, event.location["city"]) == (country, city, city)


@pytest.mark.parametrize("text,city,country", [
    ("NATO jets bombed Belgrade overnight.", "Belgrade", "SRB"),
    ("American missiles struck Baghdad at dawn.", "Baghdad", "IRQ"),
])
def test_a_struck_capital_is_the_country_not_its_government(coder, without_places, text, city, country):
    [event] = coder.code(text, "2003-03-20")
    assert (event.target.code, event.target.text) == (country, city), event.target.reason
    [event] = without_places.code(text, "2003-03-20")
    assert event.target.code == country + "GOV"  # switched off: the capital as metonym, as elsewhere
    [rejection] = coder.code(f"{city} rejected the plan.", "2003-03-20")
    assert rejection.source.code == country + "GOV"


def test_switched_off_the_town_is_no_target(without_places):
    [event] = without_places.code("Rebels shelled Kharkiv overnight.", "2022-05-01")
    assert event.target is None
    assert event.location["city"] == "Kharkiv"  # still where it happened


def test_only_physical_acts_and_only_places(coder):
    # a statement about a town is not done to its country
    events = coder.code("Russia praised Kharkiv.", "2022-05-01")
    assert all(e.target is None or e.target.code != "UKR" for e in events)
    # a person is not a place, even where a city has the same name
    [event] = coder.code("Police arrested Jackson Smith.", "2022-05-01")
    assert event.target is None or event.target.country != "USA"
    [event] = coder.code("Police arrested John Smith overnight.", "2022-05-01")  # a person, and no city
    assert event.target is None or event.target.code is None


def test_the_cli_switch(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    story = tmp_path / "story.txt"
    story.write_text("Rebels shelled Kharkiv overnight.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(story), "--date", "2022-05-01", "--no-place-targets"])
    [event] = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0 and event["event_type"] == "ASSAULT" and event["target"] is None


def test_a_valley_is_no_city_named_the_valley(coder):
    # GeoNames has Anguilla's capital "The Valley"; news means a valley, lower-cased or not
    for text in ("India rushed troops to the Valley after the attack.",
                 "india rushed troops to the valley after the attack.",
                 "Militants attacked an army camp in the valley."):
        for event in coder.code(text, date="1995-05-01"):
            assert event.target is None or event.target.code != "AIA", text
            assert event.location is None or event.location["country"] != "AIA", text
    [clash] = coder.code("Protesters clashed with police in The Hague.", date="2010-01-01")
    assert clash.location["name"] == "The Hague"  # a city named "The" and a name stays one
