"""CAMEO statements (01x), which PLOVER does not code: off by default, on with ``Coder(statements=True)``,
``eventwire code --statements`` and in ``eventwire eval`` on CAMEO-coded gold."""

import json

import pytest
from click.testing import CliRunner

from eventwire import Coder
from eventwire.cli import main

DATE = "2024-05-01"


@pytest.fixture(scope="module")
def statements():
    return Coder(statements=True)


@pytest.fixture(scope="module")
def plover():
    return Coder()


def test_declining_comment_is_a_statement_only_when_asked_for(statements, plover):
    text = "The German government declined to comment on the report."
    assert plover.code(text, date=DATE) == []
    [event] = statements.code(text, date=DATE)
    assert (event.event_type, event.cameo, event.cameo_root, event.penta_class, event.quad_class) == \
        (None, "011", "01", 0, 1)
    assert event.trigger["text"] == "declined" and event.source.country == "DEU"


def test_a_statement_is_written_beside_the_event_it_tells_of_and_ranked_by_the_model(statements, plover):
    text = "Putin expressed his condolences to the British people and condemned the terrorist attack."
    assert all(e.event_type is not None for e in plover.code(text, date=DATE))
    events = statements.code(text, date=DATE)
    statement = next(e for e in events if e.event_type is None)
    assert statement.cameo == "010" and statement.trigger["text"] == "expressed" and statement.rule == "model"
    assert statement.source.country == "RUS"
    assert any(e.event_type == "ACCUSE" for e in events)  # the condemnation is still coded
    assert max(events, key=lambda e: e.confidence) is statement  # the model reads a statement


def test_no_statement_where_an_appeal_is_coded_or_on_an_event_word(statements):
    [appeal] = statements.code("Venezuela urged the United States to lift its sanctions.", date=DATE)
    assert appeal.event_type == "REQUEST" and appeal.penta_class == 0
    events = statements.code("Ethiopia rejected accusations by the United States that its army committed abuses.",
                             date=DATE)
    assert [e.event_type for e in events] == ["REJECT"]  # one event a word: event ids stay unique


def test_no_statement_without_a_speaker_the_kb_codes(statements):
    assert statements.code("Heavy rain fell on Monday.", date=DATE) == []
    assert statements.code("It remains unclear what the talks will bring.", date=DATE) == []  # "It" is no one


def test_code_cli_writes_statements_with_an_empty_type():
    runner = CliRunner()
    text = "The German government declined to comment on the report.\n"
    plain = runner.invoke(main, ["code", "--date", DATE, "-"], input=text)
    assert plain.exit_code == 0 and plain.output == ""
    result = runner.invoke(main, ["code", "--statements", "--date", DATE, "-"], input=text)
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.output.splitlines()]
    assert record["event_type"] is None and record["cameo"] == "011"
    table = runner.invoke(main, ["code", "--statements", "--date", DATE, "--format", "table", "-"], input=text)
    assert "→ statement →" in table.output


def test_eval_on_cameo_gold_counts_statements(tmp_path):
    gold = tmp_path / "class.tsv"
    gold.write_text("The German government declined to comment on the report.\t0\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--format", "conflibert-class", "--json", str(gold)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sentences_without_event"] == 0 and report["accuracy"] == 1.0
