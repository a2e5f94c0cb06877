"""The shipped sentence model: penta class of a sentence, its source/target/reciprocal spans,
and whether it holds an event of which PLOVER type.

One int8 ONNX graph (MiniLM fine-tuned by ``scripts/train_classifier.py``)
gives, for each sentence, logits over the five penta classes (0 statement/appeal,
1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict), for each word piece logits over the BIO actor tags (S source,
T target, R reciprocal) and, from the detector head, logits over "none" and the
16 PLOVER event types. It runs on onnxruntime with the ``tokenizers``
package; no PyTorch. ``models/model.json`` holds the labels, the maximum
length, the softmax temperatures fitted on held-out data and the detector's
threshold.

>>> model = SentenceModel.load()
>>> probs, spans = model.predict(["Israeli warplanes struck Hamas positions in Gaza on Tuesday."])
>>> int(probs[0].argmax()), round(float(probs[0].sum()), 3)
(4, 1.0)
>>> [(s.role, s.text) for s in spans[0]][0]
('S', 'Israeli warplanes')
>>> reading = model.read(["Thousands marched through the capital demanding new elections."])[0]
>>> reading.event_type, reading.event_prob > model.threshold
('PROTEST', True)

``fold_of`` is the one rule that splits the training files for
cross-validation; training and ``eventwire eval --cv-models`` both use it.

>>> fold_of("Iraqi troops attacked Mosul."), fold_of("Iraqi troops attacked Mosul .")
(3, 3)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parents[1] / "models"
FILES = ("model.onnx", "tokenizer.json", "model.json")
TAGS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
NONE = "none"  # the detector's label of a sentence without an event


class ModelError(RuntimeError):
    """The model directory is missing a file or holds one that cannot be read."""


def fold_of(text: str, folds: int = 5) -> int:
    """The cross-validation fold of a sentence: a hash of its letters and digits, lower-cased.

    Spacing and punctuation do not count, so a raw sentence and its tokenized
    form (the NER file's "word , word") fall in the same fold.
    """
    key = re.sub(r"\W+", "", text.lower())
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % folds


@dataclass(frozen=True)
class Span:
    """A tagged actor span: ``role`` S/T/R, character offsets into the text, mean tag probability."""

    role: str
    start: int
    end: int
    text: str
    prob: float


@dataclass(frozen=True)
class Reading:
    """What the model reads in one sentence: penta-class probabilities (5), tagged actor spans and,
    when the model has a detector head, probabilities over ``NONE`` and the PLOVER types
    (``detector_labels``), else None."""

    penta: np.ndarray
    spans: list[Span]
    types: np.ndarray | None
    labels: tuple[str, ...] = ()

    @property
    def event_prob(self) -> float:
        """The probability that the sentence holds an event of any type (0 without a detector)."""
        return 0.0 if self.types is None else 1.0 - float(self.types[0])

    @property
    def event_type(self) -> str | None:
        """The most probable PLOVER type (never ``NONE``), or None without a detector."""
        return None if self.types is None else self.labels[1 + int(self.types[1:].argmax())]

    @property
    def type_prob(self) -> float:
        """The probability of ``event_type``: the confidence of an event the model alone finds."""
        return 0.0 if self.types is None else float(self.types[1:].max())


class SentenceModel:
    """The ONNX session, its tokenizer and settings; use ``SentenceModel.load``.

    ``threshold``: the event probability above which the detector's event is kept (picked on
    the training folds, in ``model.json``; 1.0 when the model has no detector head).
    """

    def __init__(self, session, tokenizer, settings: dict, path: Path):
        self.session = session
        self.tokenizer = tokenizer
        self.settings = settings
        self.path = path
        self.temperature = float(settings.get("temperature", 1.0))
        self.max_length = int(settings.get("max_length", 128))
        detector = settings.get("detector") or {}
        self.detector_labels: tuple[str, ...] = tuple(detector.get("labels", ()))
        self.detector_temperature = float(detector.get("temperature", 1.0))
        self.threshold = float(detector.get("threshold", 1.0))
        self._outputs = [o.name for o in session.get_outputs()]
        if self.detector_labels and "event_logits" not in self._outputs:
            raise ModelError(f"{path / 'model.onnx'}: model.json names a detector but the graph has no "
                             "event_logits output")

    @classmethod
    def load(cls, path: str | Path | None = None) -> SentenceModel:
        """The model in directory ``path`` (default: the one shipped in the package), cached.

        Raises ModelError naming the file when one is missing or unreadable.
        """
        return _load(str(Path(path).resolve()) if path is not None else str(MODEL_DIR))

    def predict(self, texts: list[str]) -> tuple[np.ndarray, list[list[Span]]]:
        """Penta-class probabilities (n x 5) and the tagged actor spans of each text.

        Each text runs on its own, unpadded: a sentence gets the same answer
        whatever it is read with (int8 activations are quantised per call), and
        on a CPU this is faster than padded batches.
        """
        readings = self.read(texts)
        probs = np.zeros((len(texts), 5), dtype=np.float32)
        for index, reading in enumerate(readings):
            probs[index] = reading.penta
        return probs, [reading.spans for reading in readings]

    def read(self, texts: list[str]) -> list[Reading]:
        """Every output of the model for each text (run on its own, as ``predict``); a text given
        twice (a paragraph an article repeats) is read once."""
        unique = list(dict.fromkeys(texts))
        found = dict(zip(unique, map(self._read, unique, self.tokenizer.encode_batch(unique))))
        return [found[text] for text in texts]

    def _read(self, text: str, encoding) -> Reading:
        ids = np.array([encoding.ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        outputs = dict(zip(self._outputs, self.session.run(None, feed)))
        types = None
        if self.detector_labels:
            types = _softmax(outputs["event_logits"][0] / self.detector_temperature)
        return Reading(_softmax(outputs["sentence_logits"][0] / self.temperature),
                       _decode(text, encoding, _softmax(outputs["token_logits"][0])), types, self.detector_labels)


def default_code(event_type: str, penta: np.ndarray) -> str:
    """The CAMEO code of an event of ``event_type`` the model alone finds (``data/model_codes.json``);
    of a type's codes, the one whose penta class ``penta`` (the model's probabilities) favours.

    >>> default_code("ASSAULT", np.full(5, 0.2)), default_code("REQUEST", np.array([0.1, 0, 0, 0.8, 0.1]))
    ('190', '100')
    """
    from ..ontology import cameo_info

    codes = _model_codes()[event_type]
    return max(codes, key=lambda code: float(penta[cameo_info(code).penta_class]))


@lru_cache(maxsize=1)
def _model_codes() -> dict[str, list[str]]:
    path = Path(__file__).resolve().parent / "data" / "model_codes.json"
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if not k.startswith("_")}


@lru_cache(maxsize=8)
def _load(directory: str) -> SentenceModel:
    import onnxruntime
    from tokenizers import Tokenizer

    folder = Path(directory)
    for name in FILES:
        if not (folder / name).is_file():
            raise ModelError(f"{folder / name}: model file missing (rebuild with scripts/train_classifier.py)")
    try:
        settings = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelError(f"{folder / 'model.json'}: not valid JSON ({error})") from None
    try:
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception as error:  # the tokenizers package raises a bare Exception
        raise ModelError(f"{folder / 'tokenizer.json'}: cannot be read as a tokenizer ({error})") from None
    tokenizer.enable_truncation(int(settings.get("max_length", 128)))
    tokenizer.no_padding()  # the file pads every text to 128 positions
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = int(settings.get("threads", 1))
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options,
                                               providers=["CPUExecutionProvider"])
    except Exception as error:  # onnxruntime raises its own exception types for bad files
        raise ModelError(f"{folder / 'model.onnx'}: cannot be loaded by onnxruntime ({error})") from None
    return SentenceModel(session, tokenizer, settings, folder)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _decode(text: str, encoding, token_probs: np.ndarray) -> list[Span]:
    """BIO over word pieces -> character spans, widened to whole words.

    A piece continues the open span when it is tagged I- of the same role, or
    when it is the rest of a word the span already holds.
    """
    spans: list[list] = []  # [role, start, end, probabilities]
    open_span = False
    tags, probs = token_probs.argmax(axis=-1).tolist(), token_probs.max(axis=-1).tolist()
    for (start, end), special, tag_index, prob in zip(encoding.offsets, encoding.special_tokens_mask, tags, probs):
        if special or end <= start:
            continue
        tag = TAGS[tag_index]
        same_word = open_span and spans[-1][2] == start and text[start - 1].isalnum() and text[start].isalnum()
        if same_word or (open_span and tag == "I-" + spans[-1][0]):
            spans[-1][2] = end
            spans[-1][3].append(prob)
        elif tag == "O":
            open_span = False
        else:
            spans.append([tag[2:], start, end, [prob]])
            open_span = True
    found = []
    for role, start, end, probs in spans:
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        found.append(Span(role, start, end, text[start:end], round(float(np.mean(probs)), 4)))
    return found
