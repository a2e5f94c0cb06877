"""The Phoenix fallback layer under the curated KB (src/eventwire/actors/data/phoenix.tsv.gz)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.actors import ActorResolver, KnowledgeBase
from eventwire.actors import petrarch
from eventwire.actors.builtin import DATA


@pytest.fixture(scope="module")
def resolver():
    return ActorResolver()


def test_a_dated_phoenix_role_is_coded_for_the_article_date(resolver):
    """Bernard Kouchner is only in the Phoenix layer: French government in 2008, not in 2020."""
    in_office = resolver.lookup("Bernard Kouchner", "2008-06-01")
    assert (in_office.code, in_office.name) == ("FRAGOV", "Bernard Kouchner")
    assert "Phoenix.Countries.actors.txt" in in_office.reason
    assert resolver.lookup("Bernard Kouchner", "2020-06-01").code == "FRAELI"


def test_a_2008_article_codes_that_years_ministers(coder):
    [event] = coder.code("German Finance Minister Peer Steinbrueck criticized the bank.", "2008-10-01")
    assert (event.source.code, event.source.name) == ("DEUGOV", "Peer Steinbrueck")
    [event] = coder.code("Bernard Kouchner accused Iran of lying.", "2020-06-01")
    assert (event.source.code, event.target.code) == ("FRAELI", "IRN")


def test_the_curated_kb_wins_where_both_know_a_name(resolver):
    # both know Netanyahu; in 2022 the curated people.tsv has him leading the opposition
    later = resolver.lookup("Benjamin Netanyahu", "2022-01-01")
    assert later.code == "ISROPP" and "people.tsv" in later.reason
    # Phoenix has a "US President" entry (an organisation); the curated title reading names the holder
    assert resolver.lookup("the US president", "2019-05-01").name == "Donald Trump"


def test_phoenix_fills_the_dates_the_curated_entry_has_no_role_for(resolver):
    # the curated entry starts with his 2009 term; Phoenix knows the first one (1996-1999)
    first_term = resolver.lookup("Netanyahu", "1998-01-01")
    assert (first_term.code, first_term.name) == ("ISRGOV", "Benjamin Netanyahu")
    assert "Phoenix.Countries.actors.txt" in first_term.reason


def test_ordinary_words_in_phoenix_are_not_actors(resolver, shared_data):
    raw = KnowledgeBase()
    petrarch.load(raw, shared_data / "dictionaries" / "petrarch" / "Phoenix.MilNonState.actors.txt")
    assert any(item.kind == "entry" for item in raw.items("youth"))  # the raw dictionary has it
    assert resolver.lookup("Youth", "2008-01-01") is None
    assert resolver.lookup("Lightning", "2008-01-01") is None
    # a name, not a word, from the same file is kept
    assert resolver.lookup("Hezbollah", "2008-01-01").code.endswith("REB")


def test_names_that_are_countries_or_their_cities_are_left_to_the_curated_kb_and_places(resolver):
    assert resolver.lookup("Kharkiv", "2022-03-01") is None  # a Phoenix alias of Ukraine
    assert resolver.lookup("Ukraine", "2022-03-01").code == "UKR"


def test_build_script_reproduces_the_shipped_layer_and_its_licence(shared_data, tmp_path):
    script = Path(__file__).resolve().parents[1] / "scripts" / "build_phoenix_layer.py"
    out = tmp_path / "phoenix.tsv.gz"
    subprocess.run([sys.executable, str(script), "--shared", str(shared_data), "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == (DATA / "phoenix.tsv.gz").read_bytes()
    notice = (DATA / "phoenix.LICENSE").read_text("utf-8")
    assert "The MIT License" in notice and "Open Event Data" in notice
    assert (tmp_path / "phoenix.LICENSE").read_text("utf-8") == notice


def test_the_null_code_names_nothing_and_lends_no_alias(tmp_path):
    path = tmp_path / "Mine.actors.txt"
    path.write_text("INDIAN_OCEAN  [---]\nLOK_SABHA_\n+HOUSE_OF_THE_PEOPLE\n\t[INDGOVLEG]\n", encoding="utf-8")
    kb = KnowledgeBase()
    kb.country_codes.add("IND")
    petrarch.load(kb, path)
    assert kb.items("indian ocean") == [] and kb.problems == []
    assert [item.entry.name for item in kb.items("house of people")] == ["Lok Sabha"]
