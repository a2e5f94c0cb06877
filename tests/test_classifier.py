"""The shipped sentence model: loading, probabilities, spans, errors, thresholds, cross-validation, eval."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.evaluate.common import FoldCoder
from eventwire.events.classify import MODEL_DIR, ModelError, SentenceModel, fold_of
from eventwire.ontology import cameo_info, plover_types

SENTENCES = [
    "Russian troops shelled the city of Kharkiv on Tuesday.",
    "The two foreign ministers signed a trade agreement in Beijing.",
    "Iran accused Israel of sabotaging its nuclear programme.",
]


@pytest.fixture(scope="module")
def model():
    return SentenceModel.load()


def test_probabilities_sum_to_one(model):
    probs, spans = model.predict(SENTENCES)
    assert probs.shape == (3, 5)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    assert ((probs >= 0) & (probs <= 1)).all()
    assert len(spans) == 3
    assert model.temperature > 0


def test_classes_of_clear_sentences(model):
    probs, _ = model.predict(SENTENCES)
    # material conflict, verbal cooperation (CAMEO 057, sign an agreement), verbal conflict
    assert [int(p.argmax()) for p in probs] == [4, 1, 3]


def test_spans_point_into_the_text(model):
    _, spans = model.predict(SENTENCES)
    for text, found in zip(SENTENCES, spans):
        for span in found:
            assert text[span.start:span.end] == span.text
            assert span.role in ("S", "T", "R") and 0 < span.prob <= 1
    roles = {(s.role, s.text) for s in spans[0]}
    assert ("S", "Russian troops") in roles
    assert any(role == "T" and "Kharkiv" in text for role, text in roles)


def test_a_sentence_reads_the_same_alone_and_among_others_and_a_repeat_is_read_once(model):
    alone = [model.read([text])[0] for text in SENTENCES]
    together = model.read([SENTENCES[2], *SENTENCES, SENTENCES[0]])
    for got, want in zip(together, [alone[2], *alone, alone[0]]):
        assert np.array_equal(got.penta, want.penta) and np.array_equal(got.types, want.types)
        assert got.spans == want.spans
    assert together[0] is together[3] and together[1] is together[4]


def test_the_shipped_graph_is_simplified_and_gives_the_same_outputs(model):
    pytest.importorskip("onnx")
    import importlib.util

    import onnx

    script = Path(__file__).resolve().parents[1] / "scripts" / "simplify_model.py"
    spec = importlib.util.spec_from_file_location("simplify_model", script)
    simplify_model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(simplify_model)
    shipped = onnx.load(str(MODEL_DIR / "model.onnx"))
    again = simplify_model.simplify(shipped)
    assert len(again.graph.node) == len(shipped.graph.node)  # nothing left to rewrite
    assert not [n for n in shipped.graph.node if n.op_type in ("Range", "GreaterOrEqual", "GatherElements")]
    assert simplify_model.differences(shipped, again, model.tokenizer, SENTENCES + NO_EVENT) == 0


def test_the_shipped_int8_products_are_exact_on_every_cpu():
    """The weights of every integer matrix product are uint8 (scripts/exact_int8.py): with int8 weights,
    onnxruntime's AVX2 kernels (CPUs without VNNI) saturate sums of products, and the seed's sentence 5
    read ACCUSE on such a machine where it reads REQUEST elsewhere."""
    import onnx

    graph = onnx.load(str(MODEL_DIR / "model.onnx")).graph
    tensors = {t.name: t.data_type for t in graph.initializer}
    products = [n for n in graph.node if n.op_type == "MatMulInteger"]
    assert products
    for node in products:
        assert tensors[node.input[1]] == tensors[node.input[3]] == onnx.TensorProto.UINT8, node.name


def test_missing_file_is_named(tmp_path):
    for name in ("tokenizer.json", "model.json"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    with pytest.raises(ModelError, match="model.onnx: model file missing"):
        SentenceModel.load(tmp_path)
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="model.onnx: cannot be loaded"):
        SentenceModel.load(tmp_path)


def test_confidence_comes_from_the_model_and_threshold_drops_low_events(coder, shared_data):
    from eventwire import Coder

    text = (shared_data / "seed" / "venezuela-ultimatum.txt").read_text("utf-8")
    events = coder.code(text, date="2025-12-01")
    assert coder.classifier is not None
    confidences = sorted({e.confidence for e in events})
    assert len(confidences) >= 2 and all(0 < c <= 1 for c in confidences)
    cut = confidences[len(confidences) // 2]
    strict = Coder(nlp_pipeline=coder.nlp, resolver=coder.resolver, lexicon=coder.lexicon,
                   classifier=coder.classifier, min_confidence=cut)
    kept = strict.code(text, date="2025-12-01")
    assert kept and all(e.confidence >= cut for e in kept)
    plain = {e.id for e in events if e.confidence >= cut}
    assert plain <= {e.id for e in kept}
    # a sentence whose pattern events all fall below the threshold may get the detector's event instead
    for extra in (e for e in kept if e.id not in plain):
        assert extra.rule == "model"
        assert not any(e.sentence == extra.sentence and e.confidence >= cut for e in events)


def test_fold_rule_ignores_spacing_and_splits_evenly(shared_data):
    assert fold_of("Iraqi troops attacked Mosul.") == fold_of("Iraqi  troops attacked Mosul .")
    lines = (shared_data / "dev" / "conflibert_cameo_class_train.tsv").read_text("utf-8").splitlines()
    sizes = np.bincount([fold_of(line.rpartition("\t")[0]) for line in lines], minlength=5)
    assert sizes.min() > 0.15 * len(lines)


class Recording:
    """A real model that remembers which texts it was asked about."""

    def __init__(self, model):
        self.model, self.seen = model, []

    def predict(self, texts):
        self.seen += texts
        return self.model.predict(texts)


def test_fold_coder_uses_the_model_that_did_not_see_the_text(tmp_path, coder, model):
    for k in range(2):
        (tmp_path / f"fold_{k}").symlink_to(MODEL_DIR)
    folds = FoldCoder(coder, tmp_path)
    folds.models = [Recording(m) for m in folds.models]
    texts = SENTENCES + ["Protesters clashed with police in Nairobi.", "Japan offered aid to the Philippines."]
    probs = folds.classify(texts)
    assert np.allclose(probs, model.predict(texts)[0], atol=1e-6)
    for k, recording in enumerate(folds.models):
        assert recording.seen and all(fold_of(t, 2) == k for t in recording.seen)
    assert coder.classifier is not None  # restored after coding
    (tmp_path / "fold_3").symlink_to(MODEL_DIR)
    with pytest.raises(InputError, match="fold_0"):
        FoldCoder(coder, tmp_path)


def test_eval_with_model_and_threshold(tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text("Russian troops shelled Kharkiv on Tuesday.\t4\n"
                    "The weather in Kyiv was mild and sunny.\t0\n"
                    "Iran accused Israel of sabotaging its nuclear programme.\t3\n", encoding="utf-8")
    runs = {}
    for name, extra in (("model", []), ("strict", ["--min-confidence", "0.99"]), ("none", ["--no-model"])):
        result = CliRunner().invoke(main, ["eval", "--format", "conflibert-class", str(gold), "--json", *extra])
        assert result.exit_code == 0, result.output
        runs[name] = json.loads(result.output)
    assert runs["model"]["model"]["bins"] == 10 and 0 <= runs["model"]["model"]["ece"] <= 1
    # a sentence without a coded event is a miss ('none'), model or not; the model alone is reported apart
    for run in runs.values():
        assert sum(row.get("none", 0) for row in run["confusion"].values()) == run["sentences_without_event"]
    assert runs["none"]["confusion"]["0"]["none"] == 1
    assert "model" not in runs["none"]
    assert runs["strict"]["events"]["sentences"] <= runs["model"]["events"]["sentences"]
    bad = CliRunner().invoke(main, ["eval", "--format", "conflibert-class", str(gold), "--no-model",
                                    "--cv-models", str(tmp_path)])
    assert bad.exit_code == 2


# ---------------------------------------------------------------- the detector head

NO_PATTERN = {  # no pattern codes an event in these (no actor the KB knows); a careful coder codes one
    "Thousands marched through the capital demanding new elections.": {"PROTEST"},
    "She rejected the proposal.": {"REJECT"},
    "He lambasted the decision as a disgrace.": {"ACCUSE"},
}
NO_EVENT = ["The weather was mild on Tuesday.", "The museum reopened after renovation."]


def test_detector_output_is_in_the_graph(model):
    assert "event_logits" in [o.name for o in model.session.get_outputs()]
    assert model.detector_labels[0] == "none" and set(model.detector_labels[1:]) == set(plover_types())
    assert 0 < model.threshold < 1
    readings = model.read(SENTENCES + NO_EVENT)
    for reading in readings:
        assert reading.types.shape == (17,) and abs(float(reading.types.sum()) - 1) < 1e-4
    assert all(r.event_prob >= model.threshold for r in readings[:3])
    assert readings[0].event_type == "ASSAULT" and readings[2].event_type == "ACCUSE"
    assert all(r.event_prob < model.threshold for r in readings[3:])


def test_detector_adds_a_row_for_each_word_piece(model):
    """The detector's logits are its net over the encoder's features plus the rows of the sentence's
    word pieces, summed and divided by the root of their number: zeroing the rows in the graph takes
    exactly that term away."""
    import onnx
    import onnxruntime
    from onnx import numpy_helper

    graph = onnx.load(str(model.path / "model.onnx"))
    rows = next(t for t in graph.graph.initializer if t.name == "detector.words")
    words = numpy_helper.to_array(rows)
    assert words.shape == (model.tokenizer.get_vocab_size(), len(model.detector_labels))
    assert np.abs(words).sum(1).astype(bool).sum() > 1000  # rows were learned, not left at 0
    rows.CopyFrom(numpy_helper.from_array(np.zeros_like(words), "detector.words"))
    without = onnxruntime.InferenceSession(graph.SerializeToString(), providers=["CPUExecutionProvider"])
    for text in ("Rebels shelled the town overnight.", "police lobbed tear gas shells at the mob"):
        ids = np.array([model.tokenizer.encode(text).ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        full = model.session.run(["event_logits"], feed)[0][0]
        net = without.run(["event_logits"], feed)[0][0]
        assert np.allclose(full - net, words[ids[0]].sum(0) / np.sqrt(ids.shape[1]), atol=1e-4)


def test_model_codes_agree_with_the_ontology():
    from eventwire.events.classify import _model_codes

    codes = _model_codes()
    assert set(codes) == set(plover_types())
    for event_type, listed in codes.items():
        assert all(cameo_info(code).plover_type == event_type for code in listed), event_type


@pytest.mark.parametrize("text,types", NO_PATTERN.items())
def test_model_event_where_no_pattern_codes_one(coder, text, types):
    from eventwire import Coder

    patterns_only = Coder(nlp_pipeline=coder.nlp, resolver=coder.resolver, lexicon=coder.lexicon, classifier=None)
    assert patterns_only.code(text, date="2025-03-01") == []
    events = coder.code(text, date="2025-03-01")
    assert [e.rule for e in events] == ["model"]
    event = events[0]
    assert event.event_type in types
    assert cameo_info(event.cameo).plover_type == event.event_type
    assert coder.classifier.threshold <= 1 - float(coder.classifier.read([text])[0].types[0])
    assert 0 < event.confidence <= 1
    assert event.trigger["text"] in text and event.modality == "asserted"
    assert event.source is not None and event.source.text in text and event.source.code is None


def test_model_event_of_a_sentence_with_no_candidate(coder):
    from eventwire.events.extract import candidates

    text = "Protesters thronged the streets of Caracas."
    assert candidates(next(coder.nlp(text).sents), coder.lexicon) == []
    events = coder.code(text, date="2025-03-01")
    assert [(e.rule, e.event_type, e.trigger["text"]) for e in events] == [("model", "PROTEST", "thronged")]
    assert events[0].source.code == "OPP"  # the KB codes the subject
    assert events[0].date is not None  # the date stage reads the model event's head


@pytest.mark.parametrize("text", NO_EVENT)
def test_no_event_in_a_sentence_without_one(coder, text):
    assert coder.code(text, date="2025-03-01") == []
