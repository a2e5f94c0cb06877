"""``eventwire eval`` gold formats plover-gsr, petrarch-validation and case2021: loading, bad files,
scoring through the real pipeline, the CLI's JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.evaluate import GOLD_FORMATS, case2021, ngec_csv, petrarch_validation, plover_gsr
from eventwire.ontology import cameo_codes, plover_scores

EVAL_DATA = Path(__file__).parent / "data" / "eval"


@pytest.fixture
def run(coder, monkeypatch):
    """``eventwire eval ARGS`` in-process with the session's Coder; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr(eventwire, "Coder", lambda **options: coder)

    def invoke(*args):
        result = CliRunner().invoke(main, ["eval", *map(str, args)])
        return result.exit_code, result.stdout, result.stderr
    return invoke


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_formats_are_registered():
    assert {"plover-gsr", "petrarch-validation", "case2021", "ngec-csv"} <= set(GOLD_FORMATS)


# --- plover-gsr ------------------------------------------------------------------------------

def test_plover_records_load_with_old_names_mapped():
    records = plover_gsr.load(EVAL_DATA / "plover_gsr.json")
    assert len(records) == 20
    by_id = {r.id: r for r in records}
    assert (by_id["EW-GSR-0001"].event, by_id["EW-GSR-0001"].sources[0].sector) == ("ASSAULT", "MIL")
    assert (by_id["EW-GSR-0003"].event, by_id["EW-GSR-0003"].mode) == ("REQUEST", "yield")
    assert (by_id["EW-GSR-0015"].event, by_id["EW-GSR-0015"].mode) == ("ACCUSE", "investigate")
    assert by_id["EW-GSR-0004"].targets == () and len(by_id["EW-GSR-0004"].sources) == 2
    assert {r.event for r in records} == set(plover_scores_types())


def plover_scores_types():
    return {t for t, mode in plover_scores() if mode is None}


def test_plover_published_layout_and_jsonl_load(tmp_path):
    published = plover_gsr.load(EVAL_DATA / "plover_gsr_published_style.txt")
    assert [(r.event, r.mode, r.line) for r in published] == [("AID", None, 1), ("ACCUSE", "disapprove", 11)]
    jsonl = write(tmp_path, "gold.jsonl", '{"text": "Iran condemned Israel.", "event": "ACCUSE", "source": []}\n'
                                          '{"text": "Japan aided Ukraine.", "event": "AID", "target": ""}\n')
    assert [r.line for r in plover_gsr.load(jsonl)] == [1, 2]


@pytest.mark.parametrize("text, line, reason", [
    ('[\n{"text": "a", "event": "AID"},\n{"text": "b", "event": "AID"\n]\n', 3, "not JSON"),
    ('[\n{"text": "a", "event": "AID"},\n{"event": "AID"}\n]\n', 3, "no 'text'"),
    ('{"text": "a", "event": "AID"}\n{"text": "b", "event": "AID", "source": ["USA"]}\n', 2, "'source' must be"),
    ('[\n{"text": "a", "event": "AID"}\n', 2, "not closed"),
    ('[\n]\n', 1, "no records"),
])
def test_plover_malformed_record_names_its_line(tmp_path, text, line, reason):
    path = write(tmp_path, "gold.json", text)
    with pytest.raises(InputError) as error:
        plover_gsr.load(path)
    assert error.value.where == f"{path}:{line}" and reason in error.value.reason


def test_plover_unknown_event_types_are_all_listed(run, tmp_path):
    path = write(tmp_path, "gold.jsonl", '{"text": "a", "event": "AID"}\n{"text": "b", "event": "YIELD"}\n'
                                         '{"text": "c", "event": "BOMB"}\n{"text": "d", "event": "YIELD"}\n')
    code, out, err = run("--format", "plover-gsr", path)
    assert code == 1 and out == ""
    assert f"{path}:2" in err and "'YIELD' (lines 2, 4)" in err and "'BOMB' (line 3)" in err
    assert "Traceback" not in err


def test_plover_scored_through_the_pipeline(run, tmp_path):
    # the same sentence under two gold types: whatever the coder says, at most one can be right
    condemn = "Iran condemned the Israeli strike on its consulate in Damascus."
    records = [{"text": condemn, "event": "DISAPPROVE", "source": [{"actorText": "Iran", "code": "IRN"}],
                "target": [{"actorText": "Israeli", "code": "ISR"}]},
               {"text": condemn, "event": "AID", "source": [{"actorText": "Iran", "code": "IRN", "sector": "GOV"}]},
               {"text": "The weather was mild in Geneva on Monday.", "event": "CONSULT"}]
    path = write(tmp_path, "gold.json", json.dumps(records))
    code, out, err = run("--format", "plover-gsr", path, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["records"] == 3 and report["rule"] == "confident"
    assert report["confusion"]["ACCUSE"]["ACCUSE"] == 1 and report["confusion"]["AID"]["ACCUSE"] == 1
    assert report["confusion"]["CONSULT"]["none"] == 1 and report["records_without_event"] == 1
    assert report["accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert report["actors"]["source"]["code"] == {"gold": 2, "right": 2, "share": 1.0}
    # 'Iran' is coded as the state (no sector): the sector the second record asks for is missed
    assert report["actors"]["source"]["code+sector"]["right"] == 1
    assert report["other_rule"]["rule"] == "any" and report["other_rule"]["accuracy"] >= report["accuracy"]


def test_plover_fixture_text_report(run):
    code, out, err = run("--format", "plover-gsr", EVAL_DATA / "plover_gsr.json", "--rule", "any")
    assert code == 0, err
    assert "rule any:" in out and "macro-F1" in out and "source code+sector" in out and "rule confident:" in out


# --- petrarch-validation ---------------------------------------------------------------------

def test_petrarch_file_loads():
    sentences = petrarch_validation.load(EVAL_DATA / "petrarch_validation.xml")
    assert len(sentences) == 17 and "EW-PV-17" not in {s.id for s in sentences}  # <Skip/> left out
    assert sum(s.noevents for s in sentences) == 5
    two = next(s for s in sentences if s.id == "EW-PV-09")
    assert [c.event for c in two.codings] == ["111", "040"] and two.date == "2024-05-18"
    assert two.text.startswith("Egypt criticised Ethiopia") and "\n" not in two.text
    assert next(s for s in sentences if s.id == "EW-PV-10").codings[0].given("target") is False


SENTENCE = '<Sentence date="20240105" id="{id}">{coding}<Text>{text}</Text></Sentence>\n'


def xml_file(tmp_path, *sentences, tail=""):
    body = "".join(SENTENCE.format(id=f"s{i}", coding=c, text=t) for i, (c, t) in enumerate(sentences))
    return write(tmp_path, "valid.xml", f"<Sentences>\n{body}{tail}</Sentences>\n")


def test_petrarch_stop_ends_the_file(tmp_path):
    path = xml_file(tmp_path, ('<EventCoding noevents="True"/>', "Calm."), ("<Stop/>", "x"),
                    ('<EventCoding noevents="True"/>', "Never read."))
    assert [s.text for s in petrarch_validation.load(path)] == ["Calm."]


@pytest.mark.parametrize("body, line, reason", [
    ('<Sentences>\n<Sentence id="a">\n<EventCoding noevents="True">\n<Text>x</Text>\n</Sentence>\n</Sentences>',
     5, "malformed XML: mismatched tag"),
    ('<Sentences>\n<Sentence id="a">\n<EventCoding noevents="True"/>\n</Sentence>\n</Sentences>', 2, "no <Text>"),
    ('<Sentences>\n<Sentence id="a">\n<Text>x</Text>\n</Sentence>\n</Sentences>', 2, "no <EventCoding>"),
    ('<Sentences>\n<Sentence id="a" date="2024-01-05">\n</Sentence>\n</Sentences>', 2, "(expected YYYYMMDD)"),
    ('<Sentences>\n<Sentence id="a">\n<EventCoding sourcecode="USA"/>\n</Sentence>\n</Sentences>', 3,
     "without eventcode"),
    ('<Sentences>\n</Sentences>\n', 1, "no <Sentence>"),
    ('Iran condemned Israel.\n', 1, "malformed XML"),
])
def test_petrarch_malformed_file_names_the_line(tmp_path, body, line, reason):
    path = write(tmp_path, "valid.xml", body)
    with pytest.raises(InputError) as error:
        petrarch_validation.load(path)
    assert error.value.where == f"{path}:{line}" and reason in error.value.reason


def test_petrarch_unknown_event_codes_are_all_listed(run, tmp_path):
    path = xml_file(tmp_path, ('<EventCoding sourcecode="USA" targetcode="IRN" eventcode="999"/>', "a"),
                    ('<EventCoding sourcecode="USA" targetcode="IRN" eventcode="111"/>', "b"),
                    ('<EventCoding sourcecode="USA" targetcode="IRN" eventcode="ATTACK"/>', "c"))
    code, out, err = run("--format", "petrarch-validation", path)
    assert code == 1 and out == ""
    assert f"{path}:2" in err and "'999' (line 2)" in err and "'ATTACK' (line 4)" in err


def test_petrarch_scored_through_the_pipeline(run, tmp_path):
    condemn = "Iran condemned Israel over the killing of a senior commander in Damascus."
    path = xml_file(tmp_path,
                    ('<EventCoding sourcecode="IRN" targetcode="ISR" eventcode="111"/>', condemn),
                    ('<EventCoding sourcecode="USA" targetcode="---" eventcode="070"/>', condemn),
                    ('<EventCoding noevents="True"/>', condemn),
                    ('<EventCoding noevents="True"/>', "Oil prices rose by two percent on Monday."),
                    ('<EventCoding noevents="True"/>', "Iran did not condemn Israel over the killing."))
    code, out, err = run("--format", "petrarch-validation", path, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["sentences"], report["sentences_with_events"], report["codings"]) == (5, 2, 2)
    # the same text cannot agree with both root 11 and root 07; as a no-event sentence it is a false positive,
    # and a negated event is a false positive only when all events count
    assert report["agreement"]["event root"] == {"gold": 2, "right": 1, "share": 0.5}
    assert report["agreement"]["source"]["right"] == 1 and report["agreement"]["target"]["gold"] == 1
    assert report["false_positives"] == {"noevents_sentences": 3, "coded": 2, "happened": 1, "rate": 0.6667,
                                         "rate_happened": 0.3333}
    assert report["confusion"]["none"] == {**{k: 0 for k in report["confusion"]["none"]}, "11": 2, "none": 1}
    assert report["sentences_fully_right"]["gold"] == 2


def test_petrarch_fixture_text_report(run):
    code, out, err = run("--format", "petrarch-validation", EVAL_DATA / "petrarch_validation.xml")
    assert code == 0, err
    assert "false positives: an event coded in" in out and "of 5 no-event sentences" in out
    assert "event exact" in out and "rule any:" in out


# --- case2021 --------------------------------------------------------------------------------

def test_case_file_loads():
    items = case2021.load(EVAL_DATA / "case2021.tsv")
    assert len(items) == 26 and items[0].line == 3  # header and comment skipped
    assert len({i.subtype for i in items}) == 23
    assert all(i.subtype in case2021.EVENT_TYPES for i in items)


def test_the_acled_tables_are_consistent():
    assert len(case2021.EVENT_TYPES) == 25 and len(set(case2021.EVENT_TYPES.values())) == 6
    modes = {f"{t}:{m}" for t, m in plover_scores() if m}
    for rule in case2021.MAPPING:
        assert rule.subtype in case2021.EVENT_TYPES
        prefixes, plover = rule.kinds
        assert prefixes or plover
        assert all(p in cameo_codes() for p in prefixes), prefixes
        assert set(plover) <= modes, plover


@pytest.mark.parametrize("text, line, reason", [
    ("a1\tTroops clashed.\tArmed clash\na2\tTroops clashed.\n", 2, "got 2 columns"),
    ("a1\t \tArmed clash\n", 1, "non-empty snippet"),
    ("# only a comment\n", 1, "no gold items"),
])
def test_case_malformed_line_is_named(tmp_path, text, line, reason):
    path = write(tmp_path, "gold.tsv", text)
    with pytest.raises(InputError) as error:
        case2021.load(path)
    assert error.value.where == f"{path}:{line}" and reason in error.value.reason


def test_case_unknown_subtypes_are_all_listed(run, tmp_path):
    path = write(tmp_path, "gold.tsv", "a1\tx\tArmed clash\na2\ty\tBattle\na3\tz\tRiot\na4\tw\tBattle\n")
    code, out, err = run("--format", "case2021", path)
    assert code == 1 and out == ""
    assert f"{path}:2" in err and "'Battle' (lines 2, 4)" in err and "'Riot' (line 3)" in err


def test_case_scored_through_the_pipeline(run, tmp_path):
    bombed = "Israeli warplanes bombed targets in the Gaza Strip overnight."
    path = write(tmp_path, "gold.tsv", f"a1\t{bombed}\tAir/drone strike\na2\t{bombed}\tArmed clash\n"
                                       "a3\tIran condemned Israel over the killing of a commander.\tOther\n"
                                       "a4\tPolice did not arrest anyone at the rally in Lagos.\tArrests\n")
    code, out, err = run("--format", "case2021", path, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["confusion"]["Air/drone strike"]["Air/drone strike"] == 1
    assert report["confusion"]["Armed clash"]["Air/drone strike"] == 1
    # a statement is no ACLED event, nor is an arrest that did not happen
    assert report["confusion"]["Other"]["none"] == 1 and report["confusion"]["Arrests"]["none"] == 1
    assert report["snippets_without_acled_event"] == 2 and report["accuracy"] == 0.25
    assert report["event_types"]["confusion"]["Explosions/Remote violence"]["Explosions/Remote violence"] == 1
    assert report["event_types"]["confusion"]["Battles"]["Explosions/Remote violence"] == 1


def test_case_fixture_text_report_and_usage_error(run):
    code, out, err = run("--format", "case2021", EVAL_DATA / "case2021.tsv")
    assert code == 0, err
    assert "ACLED event type" in out and "numbered" in out and "rule any:" in out
    code, _, err = run("--format", "acled", EVAL_DATA / "case2021.tsv")
    assert code == 2 and "acled" in err


# --- ngec-csv --------------------------------------------------------------------------------

NGEC = ('title,text,label,mode\n'
        '"Strikes","Israeli warplanes bombed targets in the Gaza Strip overnight.\n\nWitnesses said.",ASSAULT,aerial\n'
        '"Words","Iran condemned Israel over the killing of a commander.",SUPPORT,\n')


def test_ngec_stories_load_with_their_lines(tmp_path):
    stories = ngec_csv.load(write(tmp_path, "stories.csv", NGEC))
    assert [(s.label, s.mode, s.line) for s in stories] == [("ASSAULT", "aerial", 2), ("SUPPORT", None, 5)]
    assert stories[0].text.endswith("Witnesses said.")


@pytest.mark.parametrize("text, line, reason", [
    ("title,story,label\nx,y,AID\n", 1, "no text column"),
    ("text,label\nTroops attacked.,ASSAULT\nJapan aided Ukraine.\n", 3, "got fewer"),
    ("text,label\n,ASSAULT\n", 2, "empty 'text'"),
    ("text,label\n", 1, "no stories"),
])
def test_ngec_malformed_row_is_named(tmp_path, text, line, reason):
    path = write(tmp_path, "stories.csv", text)
    with pytest.raises(InputError) as error:
        ngec_csv.load(path)
    assert error.value.where == f"{path}:{line}" and reason in error.value.reason


def test_ngec_unknown_labels_are_all_listed(run, tmp_path):
    path = write(tmp_path, "stories.csv", "text,label\na,AID\nb,FIGHT\nc,ATTACK\nd,FIGHT\n")
    code, out, err = run("--format", "ngec-csv", path)
    assert code == 1 and out == ""
    assert "'FIGHT' (lines 3, 5)" in err and "'ATTACK' (line 4)" in err and f"{path}:3" in err


def test_ngec_scored_through_the_pipeline(run, tmp_path):
    code, out, err = run("--format", "ngec-csv", write(tmp_path, "stories.csv", NGEC), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["stories"] == 2 and report["confusion"]["ASSAULT"]["ASSAULT"] == 1
    assert report["confusion"]["SUPPORT"]["ACCUSE"] == 1 and report["accuracy"] == 0.5
    assert report["modes"] == {"gold": 1, "right": 1, "share": 1.0}


def test_the_shared_ngec_file_loads(shared_data):
    stories = ngec_csv.load(shared_data / "train" / "ngec_synthetic_plover_stories.csv")
    assert len(stories) == 4500 and len({s.label for s in stories}) == 16
