"""Writers: jsonl, json, csv (loads into pandas), table."""

from __future__ import annotations

import csv
import io
import json

import pytest

from eventwire.records import Actor, Event
from eventwire.output import CSV_COLUMNS, WRITERS, flatten


def make_event(**changes) -> Event:
    values = dict(
        doc_id="seed", sentence=2, event_type="THREATEN", mode="violence", contexts=["military"],
        cameo="0138", cameo_root="13", goldstein=-7.0, quad_class=3, penta_class=3,
        trigger={"text": "issued an ultimatum", "start": 30, "end": 49},
        text="US President Donald Trump has issued an ultimatum to Venezuelan leader Nicolás Maduro.",
        evidence={"start": 0, "end": 85},
        source=Actor(text="US President Donald Trump", code="USAGOV", country="USA", sector="GOV",
                     name="Donald Trump", start=0, end=25),
        target=Actor(text="Venezuelan leader Nicolás Maduro", code="VENGOV", country="VEN", sector="GOV"),
        attribution={"status": "reported", "sources": ["Miami Herald", "CBS"], "cue": "according to"},
        date="2025-12-01",
    )  # fmt: skip
    values.update(changes)
    return Event(**values)


def render(fmt, events):
    out = io.StringIO()
    writer = WRITERS[fmt](out)
    for event in events:
        writer.write(event)
    writer.close()
    return out.getvalue()


def test_jsonl_round_trips_and_keeps_unicode():
    events = [make_event(), make_event(sentence=3, target=None)]
    text = render("jsonl", events)
    assert "Nicolás" in text  # ensure_ascii=False
    lines = text.splitlines()
    assert [Event.from_dict(json.loads(line)) for line in lines] == events
    assert list(json.loads(lines[0]))[:2] == ["id", "doc_id"]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_is_one_array(count):
    events = [make_event(sentence=i) for i in range(count)]
    assert [Event.from_dict(d) for d in json.loads(render("json", events))] == events


def test_csv_columns_and_flattening():
    rows = list(csv.DictReader(io.StringIO(render("csv", [make_event(), make_event(source=None)]))))
    assert tuple(rows[0]) == CSV_COLUMNS
    row = rows[0]
    assert (row["source_code"], row["source_country"], row["source_sector"], row["source_name"]) == (
        "USAGOV", "USA", "GOV", "Donald Trump")
    assert row["target_text"] == "Venezuelan leader Nicolás Maduro"
    assert (row["trigger_text"], row["trigger_start"], row["trigger_end"]) == ("issued an ultimatum", "30", "49")
    assert (row["evidence_start"], row["evidence_end"]) == ("0", "85")
    assert row["attribution_status"] == "reported"
    assert row["attribution_sources"] == "Miami Herald; CBS"
    assert row["contexts"] == "military"
    assert rows[1]["source_code"] == ""


def test_csv_header_without_events():
    assert render("csv", []).splitlines() == [",".join(CSV_COLUMNS)]


def test_csv_loads_into_pandas():
    pd = pytest.importorskip("pandas")
    text = render("csv", [make_event(), make_event(sentence=5, text='He said, "no".\nThen left.')])
    frame = pd.read_csv(io.StringIO(text), dtype={"cameo": str, "cameo_root": str})
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert len(frame) == 2
    assert frame.loc[0, "cameo"] == "0138"
    assert frame.loc[1, "text"] == 'He said, "no".\nThen left.'
    assert frame.loc[0, "goldstein"] == -7.0


def test_flatten_has_every_column():
    assert set(flatten(make_event())) == set(CSV_COLUMNS)


def test_table_is_aligned_and_readable():
    lines = render("table", [make_event(), make_event(doc_id="a-very-long-document-identifier", target=None,
                                                     mode=None, attribution={"status": "asserted"})]).splitlines()
    assert lines[0].split()[:2] == ["doc", "sent"]
    assert "USAGOV" in lines[1] and "→ THREATEN (violence) →" in lines[1] and "VENGOV" in lines[1]
    assert "asserted/reported (Miami …" in lines[1]
    assert lines[1].endswith("issued an ultimatum")
    assert "→ THREATEN →" in lines[2] and "—" in lines[2] and "…" in lines[2]
    starts = [line.index("→") for line in lines]
    assert len(set(starts)) == 1  # the event column lines up
