"""eventwire's own labelled sentences of PolNeAR training articles (tests/data/events/polnear_labels.jsonl),
scored by ``eventwire eval --format voa-labels`` like the VOA set."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli import main
from eventwire.evaluate import voa_labels
from eventwire.ontology import plover_types

LABELS = Path(__file__).resolve().parent / "data" / "events" / "polnear_labels.jsonl"
README = LABELS.with_name("README.md")
SALT = "eventwire-polnear-labels-2026"  # the split rule documented in the README
HEADING = "## The PolNeAR sentences"


def records() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]


def test_every_line_names_a_polnear_training_article_without_its_text():
    rows = records()
    assert len(rows) >= 1000 and sum(not r["event"] for r in rows) >= 100
    for r in rows:
        assert set(r) == set(voa_labels.FIELDS) | {"note", "corpus"} and r["corpus"] == "polnear-train"
        assert len(r["note"]) <= 120 and len(r["source"]) <= 120 and len(r["target"]) <= 120


def test_a_quarter_held_out_by_the_documented_salted_hash():
    rows = records()
    for r in rows:
        held = int(hashlib.sha256(f"{SALT}:{r['story']}:{r['start']}".encode()).hexdigest(), 16) % 4 == 0
        assert r["split"] == ("heldout" if held else "tune"), r
    assert 0.2 <= sum(r["split"] == "heldout" for r in rows) / len(rows) <= 0.3


def test_readme_counts_match_the_file():
    rows = records()
    section = README.read_text("utf-8").split(HEADING, 1)[1]
    main_counts = Counter(r["types"][0] for r in rows if r["event"])
    any_counts = Counter(t for r in rows for t in r["types"])
    held = Counter(r["types"][0] for r in rows if r["event"] and r["split"] == "heldout")
    for t in plover_types():
        assert f"| {t} | {main_counts[t]} | {any_counts[t]} | {held[t]} |" in section, t
    assert f"{len(rows)} sentences; {sum(r['event'] for r in rows)} hold an event" in section


def test_labels_match_the_articles_they_name(shared_data, monkeypatch):
    """Every line's offsets and hash hold against ../shared/data/dev/polnear/train.jsonl."""
    monkeypatch.setenv("EVENTWIRE_SHARED_DATA", str(shared_data))
    items = voa_labels.load(LABELS)
    assert len(items) == len(records()) and all(item.text and not item.text[0].isspace() for item in items)


def test_small_real_run_through_eventwire_eval(shared_data, monkeypatch):
    """The first labelled article coded whole through the CLI: its sentences scored, counts that add up."""
    monkeypatch.setenv("EVENTWIRE_SHARED_DATA", str(shared_data))
    rows = records()
    limit = sum(r["story"] == rows[0]["story"] for r in rows)  # the file is sorted by article
    result = CliRunner().invoke(main, ["eval", "--format", "voa-labels", str(LABELS), "--json", "--limit",
                                       str(limit)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["stories"] == 1 and report["stories_failed"] == 0
    everything = report["splits"]["all"]["detection"]
    assert report["splits"]["all"]["sentences"] == limit
    assert everything["found"] + everything["missed"] == sum(r["event"] for r in rows[:limit])
