"""``eventwire eval --format voa-labels``: eventwire's own labelled VOA sentences and their scoring."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.evaluate import GOLD_FORMATS, voa_labels
from eventwire.evaluate.common import FoldCoder
from eventwire.events.classify import MODEL_DIR, SentenceModel, fold_of
from eventwire.ontology import plover_types

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "events" / "voa_labels.jsonl"
README = LABELS.with_name("README.md")
SALT = "eventwire-voa-labels-2026"  # the split rule documented in the README


def records() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]


def line(**changes) -> str:
    record = {"story": "s1", "start": 0, "end": 24, "sha1": "ab", "event": True, "types": ["ASSAULT"],
              "source": "Rebels", "target": "the town", "note": "", "split": "tune", **changes}
    return json.dumps({k: v for k, v in record.items() if v is not None})


# -- the label file -----------------------------------------------------------------


def test_label_file_size_and_coverage():
    rows = records()
    assert len(rows) >= 400
    assert sum(not r["event"] for r in rows) >= 100
    counts = Counter(t for r in rows for t in r["types"])
    assert {t: counts[t] for t in plover_types() if counts[t] < 8} == {}, "every type labelled 8 times or more"
    assert all(r["types"] for r in rows if r["event"])


def test_readme_counts_match_the_file():
    rows, text = records(), README.read_text("utf-8")
    main_counts = Counter(r["types"][0] for r in rows if r["event"])
    any_counts = Counter(t for r in rows for t in r["types"])
    for t in plover_types():
        assert f"| {t} | {main_counts[t]} | {any_counts[t]} |" in text, t
    assert f"{len(rows)} sentences; {sum(r['event'] for r in rows)} hold an event" in text


def test_a_quarter_held_out_by_the_documented_salted_hash():
    rows = records()
    for r in rows:
        held = int(hashlib.sha256(f"{SALT}:{r['story']}:{r['start']}".encode()).hexdigest(), 16) % 4 == 0
        assert r["split"] == ("heldout" if held else "tune"), r
    share = sum(r["split"] == "heldout" for r in rows) / len(rows)
    assert 0.2 <= share <= 0.3
    assert {r["event"] for r in rows if r["split"] == "heldout"} == {True, False}


def test_label_file_holds_no_story_text():
    fields = set(voa_labels.FIELDS) | {"note"}
    for r in records():
        assert set(r) == fields
        assert len(r["note"]) <= 120 and len(r["source"]) <= 120 and len(r["target"]) <= 120


def test_label_file_parses_without_the_stories():
    items = voa_labels.parse(LABELS.read_text("utf-8").splitlines(), str(LABELS))
    assert len(items) == len(records()) and all(item.story is None for item in items)


# -- malformed files --------------------------------------------------------------


@pytest.mark.parametrize("bad, reason", [
    ("{oops", "not JSON"),
    ('["a list"]', "expected a JSON object, got list"),
    (line(start=None), "missing field 'start'"),
    (line(start="0"), "field 'start' must be int, got '0'"),
    (line(start=30), "expected 0 <= start < end, got start 30, end 24"),
    (line(types=["ASSAULT", "SHELL"]), "unknown PLOVER type 'SHELL'"),
    (line(types=[]), "'event' is true but 'types' is empty"),
    (line(event=False), "'event' is false but 'types' lists event types"),
    (line(split="test"), "'split' must be one of tune, heldout, got 'test'"),
    (line(sha1="XYZ"), "'sha1' must be lower-case hex digits"),
    (line(corpus="gdelt"), "'corpus' must be one of voa, polnear-train, got 'gdelt'"),
    (line(), "sentence s1:0 is labelled twice (first on line 1)"),
])
def test_malformed_line_names_file_and_line(bad, reason):
    with pytest.raises(InputError) as caught:
        voa_labels.parse([line(), "", bad], "gold.jsonl")
    assert str(caught.value).startswith(f"gold.jsonl:3: {reason}")


def test_changed_story_or_unknown_story_names_the_line():
    text = "Rebels shelled the town. It rained."
    stories = {"voa": {"s1": voa_labels.Story("s1", text)}}
    right = voa_labels.digest(text[:24], 10)
    [ok] = voa_labels.attach(voa_labels.parse([line(sha1=right)], "g.jsonl"), stories, "g.jsonl")
    assert ok.text == "Rebels shelled the town."
    for bad, reason in [(line(sha1="0123456789"), "the text at s1:0-24 has changed since it was labelled"),
                        (line(sha1=right, story="s9"), "no story with id 's9' in the voa stories"),
                        (line(sha1=right, corpus="polnear-train"), "no story with id 's1' in the polnear-train"),
                        (line(sha1=right, end=99), "offsets 0-99 run past story s1 (35 characters)")]:
        with pytest.raises(InputError) as caught:
            voa_labels.attach(voa_labels.parse([bad], "g.jsonl"), stories, "g.jsonl")
        assert str(caught.value).startswith(f"g.jsonl:1: {reason}")


def test_missing_shared_data_names_the_missing_file(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_SHARED_DATA", str(tmp_path))
    with pytest.raises(InputError) as caught:
        voa_labels.load(LABELS)
    assert str(caught.value).startswith(f"{tmp_path / 'voa' / 'voa_stories.jsonl'}: the stories are not there")
    assert "EVENTWIRE_SHARED_DATA" in str(caught.value)


def test_cli_reports_a_malformed_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(line() + "\n" + line(split="dev") + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--format", "voa-labels", str(gold)])
    assert result.exit_code == 1
    assert f"{gold}:2: 'split' must be one of tune, heldout" in result.stderr


def test_registered_as_a_gold_format():
    assert GOLD_FORMATS["voa-labels"] is voa_labels
    assert "voa-labels" in CliRunner().invoke(main, ["eval", "--help"]).output


# -- scoring ----------------------------------------------------------------------


def test_events_are_placed_in_their_sentence_by_offsets(coder):
    """A made-up story: the coded arrest lands in its own labelled sentence, not in the one before it."""
    text = "The weather in Lagos was mild on Monday. Police arrested ten protesters in Lagos."
    story = voa_labels.Story("made-up", text)
    first, second = text.index("The"), text.index("Police")
    gold = [voa_labels.Item("made-up", first, second - 1, "a", False, (), "", "", "tune", 1, story),
            voa_labels.Item("made-up", second, len(text), "b", True, ("COERCE",), "Police", "ten protesters",
                            "heldout", 2, story)]
    report = voa_labels.score(coder, gold)
    tune, held = report["splits"]["tune"], report["splits"]["heldout"]
    assert tune["detection"]["false_alarms"] == 0
    assert (held["detection"]["found"], held["detection"]["recall"]) == (1, 1.0)
    assert (held["types"]["top"], held["types"]["source_overlap"]) == (1.0, 1.0)
    assert report["splits"]["all"]["detection"]["precision"] == 1.0
    assert held["lower_case"]["recall_drop_points"] == pytest.approx(100 * (1.0 - held["lower_case"]["recall"]))


def test_small_real_run_through_eventwire_eval(shared_data, monkeypatch):
    """The first VOA stories of the file coded whole: the report's keys, counts that add up, figures between 0 and 1."""
    monkeypatch.setenv("EVENTWIRE_SHARED_DATA", str(shared_data))
    stories = [item.story_id for item in voa_labels.load(LABELS)]
    first_two = list(dict.fromkeys(stories))[:2]  # the file is sorted by story
    limit = sum(story in first_two for story in stories)
    result = CliRunner().invoke(main, ["eval", "--format", "voa-labels", str(LABELS), "--json", "--limit",
                                       str(limit)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["format"] == "voa-labels" and report["stories"] == 2 and report["stories_failed"] == 0
    assert set(report["splits"]) == {"tune", "heldout", "all"}
    everything = report["splits"]["all"]
    assert everything["sentences"] == limit
    assert report["splits"]["tune"]["sentences"] + report["splits"]["heldout"]["sentences"] == limit
    det = everything["detection"]
    assert det["found"] + det["missed"] == det["gold_events"] and det["gold_events"] + det["no_event"] == limit
    for part in report["splits"].values():
        figures = [part["detection"][k] for k in ("precision", "recall", "f1")]
        figures += [part["types"][k] for k in ("top", "top_in_gold", "any", "source_overlap", "target_overlap")]
        figures += [part["lower_case"][k] for k in ("precision", "recall", "f1")]
        assert all(0.0 <= value <= 1.0 for value in figures), part
        assert part["types"]["top"] <= part["types"]["top_in_gold"] <= part["types"]["any"]
        assert part["patterns_alone"]["found"] + part["model_alone"]["found"] >= part["detection"]["found"]
    assert det["recall"] > 0.3, "the coder finds events in news sentences"
    text = CliRunner().invoke(main, ["eval", "--format", "voa-labels", str(LABELS), "--limit", str(limit)])
    assert "tune:" in text.stdout and "heldout:" in text.stdout and "lower-cased" in text.stdout


# -- cross-validated detector heads for the tune split ---------------------------------


def test_voa_fold_models_never_saw_the_stories_they_code(shared_data, tmp_path, monkeypatch):
    """``train_classifier.py --voa-folds``: each fold model keeps the shipped encoder and heads, and its
    detector was trained without the labelled sentences of the stories ``--cv-models`` codes with it."""
    pytest.importorskip("torch")
    spec = importlib.util.spec_from_file_location("train_classifier", ROOT / "scripts" / "train_classifier.py")
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, script)  # its dataclasses look their module up
    spec.loader.exec_module(script)
    monkeypatch.setenv("EVENTWIRE_SHARED_DATA", str(shared_data))
    labelled = voa_labels.load(LABELS)
    gold = [item for item in labelled if item.split == "tune"][:40]
    items = [script.Labelled(item.text.strip(), frozenset(item.types or {script.NONE}), "voa-labels") for item in gold]
    items += [script.Labelled("Rebels shelled the town overnight.", frozenset({"ASSAULT"}), "conflibert"),
              script.Labelled("The two leaders met in Geneva.", frozenset({"CONSULT"}), "conflibert")]
    args = argparse.Namespace(data=shared_data, voa_folds=2, max_length=96, seed=13, head_hidden=8, head_epochs=1,
                              head_ensemble=1)
    script.voa_cross_validation(MODEL_DIR, tmp_path, items, args, lambda message: None)

    folds = FoldCoder(None, tmp_path).models
    assert len(folds) == 2
    shipped = SentenceModel.load(MODEL_DIR)
    texts = [item.text for item in gold[:3]]
    for k, model in enumerate(folds):
        # what eval --cv-models codes with this model: the stories with fold_of(story text, 2) == k
        coded_here = [item for item in gold if fold_of(item.story.text, 2) == k]
        trained = json.loads((tmp_path / f"fold_{k}" / "model.json").read_text())["detector"]
        assert trained["sentences"] == {"conflibert": 2, "voa-labels": len(gold) - len(coded_here)}
        assert trained["voa_fold"]["left_out"]["voa-labels"] == len(coded_here)
        assert np.allclose(model.predict(texts)[0], shipped.predict(texts)[0])
        assert all(reading.types is not None for reading in model.read(texts))

    first_story = sum(item.story_id == labelled[0].story_id for item in labelled)  # the file is sorted by story
    result = CliRunner().invoke(main, ["eval", "--format", "voa-labels", str(LABELS), "--json", "--limit",
                                       str(first_story), "--cv-models", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["model_used"], report["stories"], report["stories_failed"]) == (str(tmp_path), 1, 0)


def test_second_labelling_names_tune_sentences_only():
    """voa_labels_second.jsonl, the agreement study's independent labelling: tune sentences only, the same
    fields bar the split and hash, and scripts/label_agreement.py reads it against the first labelling."""
    second = [json.loads(line) for line in LABELS.with_name("voa_labels_second.jsonl").read_text("utf-8").splitlines()]
    first = {(r["story"], r["start"], r["end"]): r for r in records()}
    assert len(second) >= 400
    for r in second:
        assert first[(r["story"], r["start"], r["end"])]["split"] == "tune"
        assert set(r) == {"story", "start", "end", "event", "types", "source", "target", "note"}
        assert r["event"] == bool(r["types"]) and set(r["types"]) <= set(plover_types())
    spec = importlib.util.spec_from_file_location("label_agreement", ROOT / "scripts" / "label_agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.agreement(records(), second)
    assert figures["sentences"] == len(second)
    # the labels README reports what the script measures on these files
    text = README.read_text("utf-8")
    assert f"| {figures['agreement']:.3f}, {figures['kappa']:.3f} |" in text
    assert f"| {figures['precision']:.3f} / {figures['recall']:.3f} / {figures['f1']:.3f} |" in text
    assert f"| {figures['main_type']:.3f} (the second's main type among the first's types: " \
           f"{figures['main_type_in_first']:.3f}) |" in text
