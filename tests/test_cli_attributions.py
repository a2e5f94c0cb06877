"""`eventwire attributions` and `eventwire export --what attributions` on a real store of articles coded by
the real Coder, each given relations written in attribution_support."""

import io
import json

import duckdb
import pandas as pd
import pytest
from attribution_support import ARTICLES, RELATIONS, AttributingRunner
from click.testing import CliRunner

from eventwire import open_store
from eventwire.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("cli-attributions") / "events.duckdb"
    with open_store(path) as store:
        store.ingest(ARTICLES, runner=AttributingRunner(coder))
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_what_did_sources_close_to_maduro_claim_this_month(db):
    result = run("attributions", "--db", db, "--source-actor", "VEN", "--since", "2025-11-01", "--format", "table")
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split() == ["date", "article", "source", "cue", "content"]
    assert len(lines) == 2
    assert "Officials close to Maduro [VENGOV]" in lines[0] and "said" in lines[0]
    assert lines[0].endswith("the army had shelled the town") and "maduro-claims" in lines[0]
    assert "The opposition [VENOPP]" in lines[1] and lines[1].endswith("that any town was hit")


def test_jsonl_gives_each_relation_as_the_api_does(db):
    result = run("attributions", "--db", db, "--quote")
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    relation = json.loads(line)
    assert relation["quote"] is True and relation["content"]["text"] == "We will sign the accord,"
    assert relation["cue"]["text"] == "wrote" and relation["article"]["doc_id"] == "maduro-claims"


def test_jsonl_and_csv_read_oldest_first_and_take_a_limit(db):
    result = run("attributions", "--db", db, "--limit", "2")
    assert [json.loads(line)["article"]["doc_id"] for line in result.output.splitlines()] == ["reportedly", "us-claim"]
    table = pd.read_csv(io.StringIO(run("attributions", "--db", db, "--format", "csv", "--cue", "said").output))
    assert list(table["content_text"]) == [RELATIONS[3].content, RELATIONS[0].content]
    assert list(table["source_code"]) == ["USAGOV", "VENGOV"]


@pytest.mark.parametrize(("args", "message"), [
    (["--source-actor", "XYZ"], "source_actor: unknown actor code 'XYZ'"),
    (["--source-actor", "V!N"], "is not an actor code"),
    (["--since", "2025-13-01"], "since"),
])
def test_bad_filters_exit_2_naming_them(db, args, message):
    result = run("attributions", "--db", db, *args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_missing_store_exits_2(tmp_path):
    result = run("attributions", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2 and "no such store" in result.output


def test_export_what_attributions(db, tmp_path):
    path = tmp_path / "attributions.parquet"
    result = run("export", "--db", db, "--what", "attributions", "--format", "parquet", "-o", str(path),
                 "--since", "2025-11-01")
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(f"SELECT content_text, quote, event_ids FROM read_parquet('{path}')").fetchall()
    assert [r[0] for r in rows] == [s.content for s in RELATIONS[:3]]
    assert rows[2][1] is True and isinstance(rows[0][2], list)
    csv_text = run("export", "--db", db, "--what", "attributions", "--format", "csv").output
    assert len(pd.read_csv(io.StringIO(csv_text))) == len(RELATIONS)
    wrong = run("export", "--db", db, "--what", "attributions", "--format", "gdelt-tsv")
    assert wrong.exit_code == 2 and "--what attributions takes --format csv or parquet" in wrong.output
    event_filter = run("export", "--db", db, "--what", "attributions", "--format", "csv", "--type", "ASSAULT")
    assert event_filter.exit_code == 2 and "--type filters events" in event_filter.output
