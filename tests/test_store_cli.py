"""`eventwire events` and `eventwire dyad` on a small real store."""

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from eventwire import open_store
from eventwire.cli import main
from eventwire.records import Article

ARTICLES = [
    Article(id="a", text="The United States threatened Venezuela with sanctions. Iran accused Israel of sabotage.",
            published="2025-11-03", source="Reuters"),
    Article(id="b", text="The United States threatened Venezuela with sanctions, officials said.",
            published="2025-11-03", source="AP"),
    Article(id="c", text="Venezuela criticized the United States. The United States could attack "
                         "Venezuela if talks fail.", published="2025-11-20", source="AFP"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "events.duckdb"
    with open_store(path) as store:
        store.ingest(ARTICLES)
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_events_jsonl_are_records_with_their_canonical_counts(db):
    result = run("events", "--db", db, "--dyad", "USA:VEN", "--type", "THREATEN")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["doc_id"] for r in records) == ["a", "b"]
    assert len({r["canonical_id"] for r in records}) == 1
    assert all(r["num_articles"] == 2 and r["num_sources"] == 2 and r["happened"] for r in records)
    assert all(r["source"]["country"] == "USA" and r["target"]["country"] == "VEN" for r in records)


def test_events_filters_csv_and_table(db):
    everything = pd.read_csv(io.StringIO(run("events", "--db", db, "--include-hypothetical", "-f", "csv").stdout))
    happened = pd.read_csv(io.StringIO(run("events", "--db", db, "-f", "csv").stdout))
    assert happened["happened"].all() and not everything["happened"].all()
    assert set(everything["doc_id"]) == {"a", "b", "c"}
    irn = pd.read_csv(io.StringIO(run("events", "--db", db, "--actor", "IRN", "-f", "csv").stdout))
    assert irn[["source_country", "event_type", "target_country"]].values.tolist() == [["IRN", "ACCUSE", "ISR"]]
    late = pd.read_csv(io.StringIO(run("events", "--db", db, "--since", "2025-11-10", "-f", "csv").stdout))
    assert set(late["doc_id"]) == {"c"}
    table = run("events", "--db", db, "--canonical", "--actor", "VEN", "-f", "table").stdout.splitlines()
    assert table[0].split()[:3] == ["date", "source_code", "target_code"]
    assert any("THREATEN" in line and line.split()[-1] == "2" for line in table[1:])
    reports = run("events", "--db", db, "--dyad", "USA:VEN", "-f", "table").stdout
    assert "→ THREATEN" in reports and reports.count("\n") == 3  # header and the two reports


def test_dyad_series_per_week(db):
    result = run("dyad", "USA", "VEN", "--db", db, "--by", "week", "-f", "csv")
    assert result.exit_code == 0, result.output
    series = pd.read_csv(io.StringIO(result.stdout))
    assert series["period"].tolist() == ["2025-11-03", "2025-11-10", "2025-11-17"]
    assert series["verbal_conflict"].tolist() == [1, 0, 1]  # the threat (2 reports, 1 event); the criticism
    assert series["reports"].tolist() == [2, 0, 1]
    directed = pd.read_csv(io.StringIO(run("dyad", "USA", "VEN", "--db", db, "--directed", "-f", "csv").stdout))
    assert directed["events"].sum() == 1
    hypothetical = run("dyad", "USA", "VEN", "--db", db, "--by", "month", "--include-hypothetical", "-f", "jsonl")
    [month] = [json.loads(line) for line in hypothetical.stdout.splitlines()]
    assert month["events"] == 3 and month["material_conflict"] == 1


def test_bad_filters_and_stores_exit_2(db, tmp_path):
    bad_date = run("events", "--db", db, "--since", "last week")
    assert bad_date.exit_code == 2 and "since" in bad_date.stderr
    bad_dyad = run("events", "--db", db, "--dyad", "USA")
    assert bad_dyad.exit_code == 2 and "SOURCE:TARGET" in bad_dyad.stderr
    assert run("dyad", "USA", "VEN", "--db", str(tmp_path / "none.duckdb")).exit_code == 2
