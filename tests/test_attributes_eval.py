"""``eventwire eval --format attribution``: the gold file's errors, and per-class scores from a real run."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate import GOLD_FORMATS
from eventwire.evaluate.attribution import STATUSES, load, score
from eventwire.attributes.modality import MODALITIES

SHIPPED = Path(__file__).parent / "data" / "attribution" / "wire_sentences.tsv"
HEADER = "split\tstatus\tmodality\ttrigger\tsentence\n"


def test_the_labelled_set_covers_every_class_and_both_splits():
    gold = load(SHIPPED)
    assert len(gold) >= 200
    assert {item.status for item in gold} == set(STATUSES)
    assert {item.modality for item in gold} == set(MODALITIES)
    test = [item for item in gold if item.split == "test"]
    assert len(test) >= 50 and {item.status for item in test} == set(STATUSES)


@pytest.mark.parametrize("row,line,message", [
    ("tune\treported\tasserted\tattacked\n", 3, "expected 5 tab-separated fields"),
    ("tune\tconfirmed\tasserted\tattacked\tRebels attacked, police said.\n", 3, "status 'confirmed'"),
    ("tune\treported\tmaybe\tattacked\tRebels attacked, police said.\n", 3, "modality 'maybe'"),
    ("dev\treported\tasserted\tattacked\tRebels attacked, police said.\n", 3, "split 'dev'"),
    ("tune\treported\tasserted\tshelled\tRebels attacked, police said.\n", 3, "trigger 'shelled'"),
    ("tune\treported\tasserted\tattacked@2\tRebels attacked, police said.\n", 3, "trigger 'attacked@2'"),
])
def test_a_malformed_gold_line_is_named(tmp_path, row, line, message):
    path = tmp_path / "gold.tsv"
    path.write_text("# comment\n" + HEADER + row, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load(path)
    assert error.value.where == f"{path}:{line}"
    assert message in error.value.reason


def test_a_missing_header_is_named(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text("tune\treported\tasserted\tattacked\tRebels attacked, police said.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.tsv:1: expected the header"):
        load(path)


def test_score_counts_right_and_wrong_per_class(coder, tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text(HEADER + "".join([
        "tune\treported\tasserted\tattacked\tRussian forces attacked Kherson, officials said.\n",
        "test\tdenied\tnegated\tattacking\tRussia denied attacking the convoy.\n",
        # deliberately wrong gold: the scorer must count it as an error
        "test\talleged\tfuture\tmet\tPutin met Xi Jinping in Beijing.\n",
    ]), encoding="utf-8")
    report = score(coder, load(path))
    status = report["all"]["status"]
    assert status["per_class"]["reported"]["recall"] == 1.0
    assert status["per_class"]["denied"]["precision"] == 1.0
    assert status["per_class"]["alleged"]["recall"] == 0.0
    assert status["confusion"]["alleged"]["asserted"] == 1
    assert report["all"]["modality"]["per_class"]["negated"]["f1"] == 1.0
    assert report["test"]["status"]["items"] == 2
    assert [e["line"] for e in report["errors"]] == [4]


def test_eval_command_runs_the_format(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text(HEADER + "test\tclaimed\tasserted\tstruck\t"
                    "The Israeli military said it struck Hezbollah targets.\n", encoding="utf-8")
    assert "attribution" in GOLD_FORMATS
    proc = subprocess.run([sys.executable, "-m", "eventwire", "eval", "--format", "attribution", str(path), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["all"]["status"]["per_class"]["claimed"]["support"] == 1
    assert report["items"] == 1
