"""`eventwire export`: every format loads in pandas and DuckDB with the store's rows and counts."""

import io
import json

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from eventwire import open_store
from eventwire.cli import main
from eventwire.cli.export import EXPORT_FORMATS
from eventwire.records import Article
from eventwire.ontology.plover import plover_score, plover_types
from eventwire.store.export import EXPORTERS, GDELT_COLUMNS

ARTICLES = [
    Article(id="r1", text="Russian troops attacked Ukrainian soldiers near Kharkiv. Iran accused Israel of sabotage.",
            published="2024-05-06", source="Reuters", url="https://reuters.example/r1"),
    Article(id="ap1", text="Russian forces attacked Ukraine's army near Kharkiv, the Ukrainian military said.",
            published="2024-05-06", source="AP", url="https://ap.example/ap1"),
    Article(id="h1", text="Russia could attack Ukraine if talks fail. China and Japan held talks in Beijing.",
            published="2024-05-07", source="AFP"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "events.duckdb"
    with open_store(path) as store:
        store.ingest(ARTICLES)
    return path


def export(db, *args):
    result = CliRunner().invoke(main, ["export", "--db", str(db), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout


def counts(db):
    with open_store(db, read_only=True) as store:
        return store.events(), store.events(canonical=True), store.events(include_hypothetical=True)


def test_cli_formats_are_the_exporters():
    assert set(EXPORT_FORMATS) == set(EXPORTERS)


def test_plover_jsonl_has_the_manuals_fields(db):
    reports, _, everything = counts(db)
    records = [json.loads(line) for line in export(db, "--format", "plover-jsonl").splitlines()]
    assert len(records) == len(reports)
    for record in records:
        assert {"id", "date", "actor", "recipient", "event", "quad_code", "event_scale", "mode", "context", "link",
                "text", "text_info", "cite_info", "coder", "coded_date"} <= set(record)
        assert [e in plover_types() for e in record["event"]] == [True]
        assert record["event_scale"] == plover_score(record["event"][0], (record["mode"] or [None])[0])
        assert len(record["actor"][0]["code"]) == 3 and record["actor"][0]["entity_text"]
        source = next(a for a in ARTICLES if a.id == record["cite_info"]["citation"])
        assert record["date"] == source.published and record["happened"] is True
        start, end = record["text_info"]["start"], record["text_info"]["end"]
        assert source.text[start:end] == record["text"]
    assert len({r["id"] for r in records}) == len(records)
    attacks = [r for r in records if r["event"] == ["ASSAULT"]]
    assert len(attacks) == 2 and attacks[0]["link"] == attacks[1]["link"]
    assert {r["cite_info"]["publication"] for r in attacks} == {"Reuters", "AP"}
    assert all(r["num_articles"] == 2 and r["num_sources"] == 2 for r in attacks)
    with_hypothetical = export(db, "--format", "plover-jsonl", "--include-hypothetical").splitlines()
    assert len(with_hypothetical) == len(everything) > len(records)


def test_gdelt_tsv_loads_with_gdelt_column_names(db, tmp_path):
    _, canonical, _ = counts(db)
    path = tmp_path / "events.tsv"
    export(db, "--format", "gdelt-tsv", "-o", path)
    frame = pd.read_csv(path, sep="\t", header=None, names=GDELT_COLUMNS, dtype={"EventCode": str})
    assert len(frame) == len(canonical)
    assert frame["GLOBALEVENTID"].is_unique and frame["GLOBALEVENTID"].dtype.kind == "i"
    attack = frame[frame["EventRootCode"] == 19].iloc[0]
    assert (attack["SQLDATE"], attack["MonthYear"], attack["Year"]) == (20240506, 202405, 2024)
    assert (attack["Actor1Code"], attack["Actor1CountryCode"], attack["Actor1Type1Code"]) == ("RUSMIL", "RUS", "MIL")
    assert (attack["Actor2Code"], attack["EventCode"], attack["QuadClass"]) == ("UKRMIL", "190", 4)
    assert (attack["NumArticles"], attack["NumSources"], attack["GoldsteinScale"]) == (2, 2, -10.0)
    assert attack["SOURCEURL"] == "https://reuters.example/r1"
    assert len(str(attack["DATEADDED"])) == 14
    in_duckdb = duckdb.sql(f"SELECT * FROM read_csv('{path}', delim='\t', header=false)")
    assert len(in_duckdb.columns) == 61 and len(in_duckdb.fetchall()) == len(canonical)
    with_header = pd.read_csv(io.StringIO(export(db, "--format", "gdelt-tsv", "--header")), sep="\t")
    assert list(with_header.columns) == list(GDELT_COLUMNS)


def test_csv_loads_in_pandas_and_duckdb(db, tmp_path):
    reports, _, _ = counts(db)
    text = export(db, "--format", "csv")
    frame = pd.read_csv(io.StringIO(text), dtype={"cameo": str, "cameo_root": str})
    assert len(frame) == len(reports)
    assert frame["happened"].dtype == bool and frame["happened"].all()
    assert sorted(frame["cameo"]) == sorted(reports["cameo"])
    assert list(frame.columns) == list(reports.columns)
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{path}')").fetchall() == [(len(reports),)]
    only_ven = export(db, "--format", "csv", "--actor", "IRN")
    assert len(pd.read_csv(io.StringIO(only_ven))) == 1


def test_parquet_needs_a_file_and_keeps_types(db, tmp_path):
    refused = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "parquet"])
    assert refused.exit_code == 2 and "needs -o" in refused.output
    reports, _, _ = counts(db)
    path = tmp_path / "events.parquet"
    export(db, "--format", "parquet", "-o", path)
    types = dict(duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()[i][:2] for i in range(3))
    assert types == {"article_key": "VARCHAR", "id": "VARCHAR", "doc_id": "VARCHAR"}
    loaded = duckdb.sql(f"SELECT * FROM '{path}'").df()
    assert len(loaded) == len(reports) and str(loaded["date"].dtype).startswith("datetime64")
    pytest.importorskip("pyarrow")
    assert len(pd.read_parquet(path)) == len(reports)
