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


def test_unknown_codes_types_and_cameo_prefixes_exit_2_naming_them(db):
    for args, named in ((["events", "--actor", "XYZ"], "'XYZ'"), (["events", "--dyad", "USA:QQQGOV"], "'QQQGOV'"),
                        (["events", "--type", "INVADE"], "'INVADE'"), (["events", "--cameo", "3"], "'3'"),
                        (["export", "--format", "csv", "--source", "ZZZ"], "'ZZZ'"),
                        (["events", "--modality", "maybe"], "'maybe'")):
        result = run(*args, "--db", db)
        assert result.exit_code == 2 and named in result.stderr and result.stdout == "", args
    bad_pair = run("dyad", "USA", "NOPE", "--db", db)
    assert bad_pair.exit_code == 2 and "b: unknown actor code 'NOPE'" in bad_pair.stderr
    # known codes with no events are an empty result, not an error
    assert run("events", "--db", db, "--actor", "FRA", "-f", "csv").exit_code == 0
    assert run("events", "--db", db, "--actor", "IGOUNO", "-f", "csv").exit_code == 0


def test_filters_beyond_the_first_few_come_from_the_one_table(db):
    from eventwire.store import FILTERS

    help_text = run("events", "--help").stdout
    for spec in FILTERS:
        assert spec.option.split("/")[0] in help_text, spec.name
    claimed = pd.read_csv(io.StringIO(run("events", "--db", db, "--source", "USA", "--target", "VEN",
                                          "--quad-class", "3", "-f", "csv").stdout))
    assert len(claimed) and (claimed["quad_class"] == 3).all() and set(claimed["source_country"]) == {"USA"}
    either = pd.read_csv(io.StringIO(run("events", "--db", db, "--dyad", "VEN:USA", "--either-way", "-f", "csv")
                                     .stdout))
    directed = pd.read_csv(io.StringIO(run("events", "--db", db, "--dyad", "VEN:USA", "-f", "csv").stdout))
    assert len(either) > len(directed) > 0


def test_event_table_shows_the_date_newest_first(db):
    lines = run("events", "--db", db, "--include-hypothetical", "-f", "table").stdout.splitlines()
    assert lines[0].split()[:2] == ["date", "doc"]
    dates = [line.split()[0] for line in lines[1:]]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2025-11-20" and dates[-1] == "2025-11-03"
    oldest = run("events", "--db", db, "--include-hypothetical", "-f", "table", "--sort", "date").stdout.splitlines()
    assert [line.split()[0] for line in oldest[1:]] == sorted(dates)


def test_goldstein_means_print_to_two_decimals_in_tables(db):
    table = run("dyad", "USA", "VEN", "--db", db, "--by", "month", "--include-hypothetical").stdout.splitlines()
    header, [row] = table[0].split(), [line.split() for line in table[1:]]
    mean = row[header.index("goldstein_mean")]
    assert mean == f"{float(mean):.2f}" and len(mean.split(".")[1]) == 2
    canonical = run("events", "--db", db, "--canonical", "-f", "table").stdout.splitlines()
    column = canonical[0].split().index("goldstein")
    assert all(len(line.split()[column].split(".")[1]) == 2 for line in canonical[1:])


def test_month_dated_events_are_counted_apart_in_the_dyad_table(tmp_path):
    path = tmp_path / "month.duckdb"
    text = "The United States threatened Venezuela with sanctions in late November."
    with open_store(path) as store:
        store.ingest([Article(id="m", text=text, published="2025-12-10", source="AP"),
                      Article(id="d", text="Venezuela criticized the United States.", published="2025-11-05")])
        dated = store.sql("SELECT date_text FROM canonical_events ORDER BY date_text").date_text.tolist()
    assert dated == ["2025-11", "2025-11-05"], "the coder dates 'late November' to the month"
    table = run("dyad", "USA", "VEN", "--db", str(path), "--by", "week").stdout.splitlines()
    header = table[0].split()
    rows = {line.split()[0]: dict(zip(header, line.split())) for line in table[1:] if line[:4].isdigit()}
    assert min(rows) == "2025-11-03", "no week before November"
    assert rows["2025-11-03"]["month_dated"] == "1" and rows["2025-11-03"]["events"] == "1"  # the 5th, counted
    assert sum(int(r["events"]) for r in rows.values()) == 1
    assert table[-1].startswith("month_dated: events dated only to their month")
    reports = run("events", "--db", str(path), "--actor", "USA", "-f", "table").stdout.splitlines()
    assert {line.split()[0] for line in reports[1:]} == {"2025-11", "2025-11-05"}
