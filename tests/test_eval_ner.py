"""``eventwire eval --format conflibert-ner``: loader, scoring through the real pipeline, bad input."""

import json

from click.testing import CliRunner

from eventwire.cli import main

GOLD = """Russian B-S
troops I-S
attacked O
Ukraine B-T
. O

The O
weather O
was O
calm O
. O
"""


def scored(tmp_path, gold_text: str) -> dict:
    """The JSON report of ``eventwire eval --format conflibert-ner`` on ``gold_text``."""
    gold = tmp_path / "gold.txt"
    gold.write_text(gold_text, encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--format", "conflibert-ner", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_spans_scored_exactly_and_by_overlap(tmp_path):
    report = scored(tmp_path, GOLD)
    assert report["sentences"] == 2
    assert report["sentences_without_event"] == 1
    assert report["exact"]["S"]["tp"] == 1 and report["exact"]["S"]["gold"] == 1
    assert report["exact"]["T"]["f1"] == 1.0
    assert report["overlap"]["S+T"]["recall"] == 1.0


OFFER = """Labour B-S
rejected O
Theresa B-T
May I-T
's I-T
offer I-T
. O
"""


def test_the_argument_phrase_is_scored(tmp_path):
    """The target is "Theresa May's offer" (the event's argument), not only the actor's name."""
    report = scored(tmp_path, OFFER)
    assert report["exact"]["T"]["tp"] == 1 and report["exact"]["S"]["tp"] == 1


def test_malformed_line_is_named(tmp_path):
    gold = tmp_path / "bad.txt"
    gold.write_text("Russian B-S\ntroops X-S\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--format", "conflibert-ner", str(gold)])
    assert result.exit_code == 1
    assert f"{gold}:2" in result.output and "X-S" in result.output
    assert "Traceback" not in result.output


def test_the_shared_file_loads(shared_data):
    from eventwire.evaluate.conflibert_ner import read_sentences

    path = shared_data / "dev" / "conflibert_cameo_ner_train.txt"
    with path.open(encoding="utf-8") as lines:
        sentences = read_sentences(lines, str(path))
    assert len(sentences) > 1000
    assert all(role in ("S", "T", "R") for s in sentences for role, _, _ in s.spans)
