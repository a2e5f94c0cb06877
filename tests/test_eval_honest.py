"""Honest scoring in every ``eventwire eval`` format: a gold event the pipeline does not code is a miss,
event detection is reported beside the type scores, and the sentence model alone apart."""

from __future__ import annotations

import numpy as np
import pytest

from eventwire.evaluate import attribution, conflibert_class, conflibert_ner, petrarch_validation, plover_gsr
from eventwire.evaluate.common import FoldCoder, has_detector, model_types, model_views, read_sentences
from eventwire.events.classify import MODEL_DIR
from eventwire.records import Article

SHELLED = "Russian troops shelled Kharkiv on Tuesday."
WEATHER = "The weather in Kyiv was mild and sunny."
ACCUSED = "Iran accused Israel of sabotaging its nuclear programme."


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_conflibert_class_counts_a_sentence_without_event_wrong_and_reports_the_model_apart(coder, tmp_path):
    path = write(tmp_path, "gold.tsv", f"{SHELLED}\t4\n{WEATHER}\t0\n{ACCUSED}\t3\n")
    report = conflibert_class.score(coder, conflibert_class.load(path))
    assert report["sentences_without_event"] >= 1  # the weather sentence holds no event
    assert sum(row.get("none", 0) for row in report["confusion"].values()) == report["sentences_without_event"]
    assert report["confusion"]["0"]["none"] == 1 and report["per_class"]["0"]["recall"] == 0.0
    detected = 3 - report["sentences_without_event"]
    assert report["detection"] == {"items": 3, "gold_events": 3, "coded": detected, "detected": detected,
                                   "recall": round(detected / 3, 4), "precision": None, "f1": None}
    classes = [str(int(row.argmax())) for row in coder.classify([SHELLED, WEATHER, ACCUSED])]
    assert report["model"]["accuracy"] == round(sum(c == g for c, g in zip(classes, "403")) / 3, 4)
    text = conflibert_class.render(report)
    assert "predicted 'none', counted wrong" in text and "event detection (pipeline): recall" in text


def test_petrarch_detection_has_precision_where_the_gold_has_no_event_sentences(coder, tmp_path):
    condemn = "Iran condemned Israel over the killing of a senior commander in Damascus."
    body = "".join(f'<Sentence date="20240105" id="s{i}">{coding}<Text>{text}</Text></Sentence>' for i, (coding, text)
                   in enumerate([('<EventCoding sourcecode="IRN" targetcode="ISR" eventcode="111"/>', condemn),
                                 ('<EventCoding noevents="True"/>', condemn),
                                 ('<EventCoding noevents="True"/>', "Oil prices rose by two percent on Monday.")]))
    path = write(tmp_path, "v.xml", f"<Sentences>{body}</Sentences>")
    report = petrarch_validation.score(coder, petrarch_validation.load(path))
    assert report["false_positives"]["coded"] == 1  # the same text as a no-event sentence
    detection = report["detection"]
    assert (detection["gold_events"], detection["detected"], detection["coded"]) == (1, 1, 2)
    assert (detection["recall"], detection["precision"]) == (1.0, 0.5)
    penta = report["model"]["penta"]
    assert penta["gold"] == 1 and penta["right"] == int(coder.classify([condemn])[0].argmax() == 3)


def test_ner_detection_and_the_model_spans_apart(coder, tmp_path):
    lines = ["Iraqi B-S", "troops I-S", "attacked O", "Mosul B-T", ". O", "",
             "The O", "weather O", "was O", "calm O", ". O", ""]
    gold = conflibert_ner.read_sentences(lines, "g.txt")
    report = conflibert_ner.score(coder, gold)
    assert report["detection"]["gold_events"] == 2
    assert report["detection"]["detected"] == 2 - report["sentences_without_event"]
    _, spans = coder.classifier.predict([s.text for s in gold])
    assert report["model"]["exact"]["gold"] == report["exact"]["S+T"]["gold"] == 2
    assert report["model"]["exact"]["predicted"] == sum(s.role in "ST" for found in spans for s in found)
    assert "sentence model alone (its own S/T spans)" in conflibert_ner.render(report)


def test_plover_detection_is_the_share_of_records_with_a_coded_type(coder, tmp_path):
    path = write(tmp_path, "g.jsonl", '{"text": "Russian troops shelled Kharkiv on Tuesday.", "event": "ASSAULT"}\n'
                                      f'{{"text": "{WEATHER}", "event": "ACCUSE"}}\n')
    report = plover_gsr.score(coder, plover_gsr.load(path))
    assert report["detection"]["detected"] == 2 - report["records_without_event"]
    assert report["confusion"]["ACCUSE"]["none"] == 1


def test_attribution_reports_what_the_pipeline_alone_coded(coder, tmp_path):
    rows = ["split\tstatus\tmodality\ttrigger\tsentence",
            "test\treported\tasserted\tattacked\tRussian forces attacked Kherson, officials said.",
            "test\treported\tasserted\tmarched\tThousands marched, witnesses said."]
    path = write(tmp_path, "g.tsv", "\n".join(rows) + "\n")
    report = attribution.score(coder, attribution.load(path))
    assert report["detection"]["detected"] == report["coded_by_pipeline"]
    for split in ("all", "test"):
        assert report["pipeline"][split]["status"] <= report[split]["status"]["accuracy"]
    if report["coded_by_pipeline"] < 2:
        assert report["pipeline"]["all"]["status"] < report["all"]["status"]["accuracy"]


@pytest.fixture
def folds(tmp_path, coder):
    for k in range(2):
        (tmp_path / f"fold_{k}").symlink_to(MODEL_DIR)
    return FoldCoder(coder, tmp_path)


def test_fold_coder_codes_whole_articles_and_reads_with_each_fold_model(folds, coder):
    texts = [SHELLED, WEATHER, ACCUSED, "Protesters clashed with police in Nairobi."]
    articles = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    expected = [[e.to_dict() for e in r.events] for r in coder.code_all(articles)]
    assert [[e.to_dict() for e in r.events] for r in folds.code_all(articles)] == expected
    assert coder.classifier is not None
    views, shipped = model_views(folds, texts), read_sentences(coder.classifier, texts)
    assert [v.penta for v in views] == [v.penta for v in shipped]
    assert np.allclose([v.confidence for v in views], [v.confidence for v in shipped], atol=1e-6)


def test_the_model_alone_gives_types_only_with_a_detector_head(coder):
    # the eighth session's head reads SHELLED as COERCE (0.39) over ASSAULT (0.26); the pipeline still codes
    # it ASSAULT by the lexicon's "shell", so this test of the model's own view takes an air strike
    struck = "Israeli warplanes struck Hamas positions in Gaza on Tuesday."
    views = model_views(coder, [struck, WEATHER])
    assert has_detector(views) == bool(getattr(coder.classifier, "detector_labels", ()))
    types = model_types(coder, [struck, WEATHER])
    if has_detector(views):
        assert types is not None and types[0] == "ASSAULT" and types[1] == "none"
    else:
        assert types is None
