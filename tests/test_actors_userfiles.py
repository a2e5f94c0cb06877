"""User dictionaries (CSV, YAML) and PETRARCH/Phoenix imports go on top of the built-in KB."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.actors import ActorResolver
from eventwire.cli.actor import actor

HERE = Path(__file__).parent / "data" / "actors"
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA")
              or Path(__file__).resolve().parents[1] / ".." / "shared" / "data")
PHOENIX = SHARED / "dictionaries" / "petrarch"


def test_builtin_kb_loads_without_problems():
    assert ActorResolver().problems == []


def test_csv_rows_load_and_bad_rows_are_reported_by_line():
    resolver = ActorResolver(extra=[HERE / "user_actors.csv"])
    general = resolver.lookup("General Pérez Ríos", "2025-01-01")
    assert (general.code, general.name) == ("VENMIL", "Juan Pérez Ríos")
    assert resolver.lookup("the CNE", "2025-01-01").code == "VENGOV"
    problems = "\n".join(resolver.problems)
    assert "user_actors.csv:5: error: expected a code of 3, 6 or 9 capital letters" in problems
    assert "user_actors.csv:6: error: expected dates as YYYY-MM-DD" in problems
    assert "user_actors.csv:7: error: expected 8 columns" in problems


def test_conflicting_entries_are_reported_and_the_user_file_wins():
    resolver = ActorResolver(extra=[HERE / "user_actors.csv"])
    conflict = [p for p in resolver.problems if "'Donald Trump' is USABUS here but USAGOV" in p]
    assert conflict and "user_actors.csv:8: warning" in conflict[0]
    assert resolver.lookup("Donald Trump", "2025-06-01").code == "USABUS"


def test_yaml_dated_roles_and_errors():
    resolver = ActorResolver(extra=[HERE / "user_actors.yaml"])
    assert resolver.lookup("Ana Gómez", "2024-01-01").code == "COLOPP"
    assert resolver.lookup("Gómez", "2026-01-01").code == "COLGOV"
    assert resolver.lookup("FN rebels", "2026-01-01").code == "COLREB"
    problems = "\n".join(resolver.problems)
    assert "user_actors.yaml:12: error: expected a code" in problems
    assert "user_actors.yaml:14: error: expected type person or org, got 'building'" in problems


def test_missing_file_is_a_problem_not_a_crash(tmp_path):
    resolver = ActorResolver(extra=[tmp_path / "nope.yaml"])
    assert resolver.problems == [f"{tmp_path / 'nope.yaml'}: error: no such file"]


@pytest.fixture(scope="module")
def phoenix() -> ActorResolver:
    if not PHOENIX.is_dir():
        pytest.skip(f"Phoenix dictionaries not found at {PHOENIX}")
    return ActorResolver(extra=sorted(p for p in PHOENIX.glob("Phoenix.*.txt")
                                      if "discards" not in p.name))


@pytest.mark.parametrize("mention,date,code", [
    ("Hugo Chavez", "2005-01-01", "VENGOV"),       # [VENGOV 20020414-20130305]
    ("Hugo Chavez", "1995-01-01", "VENELI"),       # [VENELI 720101-990202]
    ("Hugo Chavez", "2016-01-01", "VENELI"),       # [VENELI] undated default
    ("Angela Merkel", "2010-06-01", "DEUGOV"),     # [DEUGOV >051122]
    ("Angela Merkel", "1990-06-01", "DEUELI"),     # [DEUELI 720101-000101]
    ("Kofi Annan", "2000-01-01", "IGOUNO"),        # [IGOUNO 970101-061231]
    ("Kofi Annan", "2010-01-01", "ELI"),           # [ELI] default: no country
    ("Hamas", "2010-01-01", "PSEREBHMS"),
    ("Hezbollah", "2010-01-01", "LBNREB"),
    ("the Taliban", "2010-01-01", "AFGREB"),
])
def test_phoenix_dated_entries_resolve_as_the_files_say(phoenix, mention, date, code):
    assert phoenix.lookup(mention, date).code == code


def test_phoenix_agents_combine_with_countries(phoenix):
    assert phoenix.lookup("Kenyan riot police", "2010-01-01").code == "KENCOP"
    assert phoenix.lookup("Nigerian gendarmerie", "2010-01-01").code == "NGACOP"


def test_phoenix_malformed_dates_are_reported(phoenix):
    assert any("Phoenix.Countries.actors.txt:18010: error: expected dates" in p
               for p in phoenix.problems)


def test_cli_prints_reason_and_json():
    result = CliRunner().invoke(actor, ["the US president", "--date", "2019-05-01"])
    assert result.exit_code == 0
    assert "USAGOV" in result.output and "Donald Trump" in result.output
    assert "president of USA on 2019-05-01" in result.output


def test_cli_fails_cleanly_when_nothing_resolves():
    result = CliRunner().invoke(actor, ["boats", "--date", "2025-12-01"])
    assert result.exit_code == 1
    assert "no actor found for 'boats'" in result.output


def test_cli_loads_user_dictionaries_and_reports_their_problems():
    result = CliRunner().invoke(
        actor, ["Ana Gómez", "--date", "2024-01-01", "--json", "--dict",
                str(HERE / "user_actors.yaml")])
    assert result.exit_code == 0
    assert '"code": "COLOPP"' in result.stdout
    assert "user_actors.yaml:14: error" in result.stderr
