"""Build the story-type regression (src/eventwire/events/data/story_types.npz) from NGEC's synthetic stories.

Each story of ``train/ngec_synthetic_plover_stories.csv`` (under ``--data``, else
$EVENTWIRE_SHARED_DATA, else ../shared/data) is coded by the pipeline and its sentences read by
the sentence model of its cross-validation fold (``--cv-models``: fold_0 … fold_4 of
``scripts/train_classifier.py --folds 5``; story s is read by fold ``fold_of(s)``, the model that
never saw it), so the features are what the shipped model gives text it has not seen. What the
pipeline gives each story is cached (``--cache``; coding the 4,500 stories takes ~25 min on a busy
core). Then a multinomial logistic regression (numpy, class-balanced, L2) over
``eventwire.events.story.features`` is scored by 5-fold cross-validation over the same folds
(trained on the other folds' stories) and fitted on all of them; the data file keeps the fold
regressions too (``fold_K_*``), so that ``eventwire eval --cv-models`` on NGEC stays honest.

    nice -n 10 python scripts/train_story_types.py --cv-models /tmp/h4/cv --cache /tmp/story_cache.pkl
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
from collections import Counter
from pathlib import Path

import numpy as np

from eventwire.evaluate.common import code_texts, sentences_of
from eventwire.evaluate.metrics import classification_report
from eventwire.events.classify import NONE, SentenceModel, fold_of
from eventwire.events.story import features
from eventwire.pipeline.coder import Coder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/eventwire/events/data/story_types.npz"
NGEC_FILE = "train/ngec_synthetic_plover_stories.csv"
FOLDS = 5


def shared_data(given: str | None) -> Path:
    if given:
        return Path(given)
    base = os.environ.get("EVENTWIRE_SHARED_DATA")
    return Path(base) if base else ROOT.parent / "shared/data"


def code_stories(rows: list[dict], models: Path) -> list[dict]:
    """Per story: its row, gold type, fold, the detector's and penta head's probabilities of each sentence
    (sentences of ``sentences_of``, the detector's labels order) and its events (type, confidence,
    offset; most confident first), all from the story's fold model."""
    coder = Coder(classifier=None)
    found: list[dict] = []
    for k in range(FOLDS):
        model = SentenceModel.load(models / f"fold_{k}")
        coder.classifier = model
        chosen = [(i, row) for i, row in enumerate(rows) if fold_of(row["text"].strip(), FOLDS) == k]
        coded = code_texts(coder, [row["text"].strip() for _, row in chosen])
        for (index, row), events in zip(chosen, coded):
            text = row["text"].strip()
            readings = model.read(sentences_of(text) or [text])
            found.append({"row": index, "label": row["label"].strip().upper(), "fold": k,
                          "labels": model.detector_labels,
                          "types": np.stack([r.types for r in readings]).astype(np.float32),
                          "penta": np.stack([r.penta for r in readings]).astype(np.float32),
                          "events": [(e.event_type, e.confidence, e.evidence["start"]) for e in events
                                     if e.event_type]})
        print(f"fold {k}: {len(chosen)} stories coded", flush=True)
    return found


def fit(x: np.ndarray, y: np.ndarray, classes: int, lam: float, iters: int) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression by Adam on the class-balanced mean log loss plus ``lam``/2 |W|²."""
    n, d = x.shape
    weights, bias = np.zeros((d, classes)), np.zeros(classes)
    onehot = np.eye(classes)[y]
    counts = np.bincount(y, minlength=classes).astype(float)
    row_weight = (1.0 / np.maximum(counts, 1))[y]
    row_weight /= row_weight.sum()
    moments = [[np.zeros_like(weights), np.zeros_like(weights)], [np.zeros_like(bias), np.zeros_like(bias)]]
    for step in range(1, iters + 1):
        logits = x @ weights + bias
        probs = np.exp(logits - logits.max(1, keepdims=True))
        probs /= probs.sum(1, keepdims=True)
        error = (probs - onehot) * row_weight[:, None]
        for param, grad, (m, v) in ((weights, x.T @ error + lam * weights, moments[0]),
                                    (bias, error.sum(0), moments[1])):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= 0.1 * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return weights, bias


def train(x: np.ndarray, y: np.ndarray, classes: int, lam: float, iters: int) -> dict:
    mean, scale = x.mean(0), x.std(0) + 1e-6
    weights, bias = fit((x - mean) / scale, y, classes, lam, iters)
    return {"mean": mean, "scale": scale, "weights": weights, "bias": bias}


def probabilities(model: dict, x: np.ndarray) -> np.ndarray:
    logits = ((x - model["mean"]) / model["scale"]) @ model["weights"] + model["bias"]
    probs = np.exp(logits - logits.max(1, keepdims=True))
    return probs / probs.sum(1, keepdims=True)


def top_types(stories: list[dict], probs: np.ndarray, labels: tuple[str, ...]) -> dict[str, list[str]]:
    """The type of each story's top event by three rules: the most confident event (``confident``),
    the most confident of the story's most probable type else the most confident (``story_hard``),
    the event whose type the story most probably reports (``story``: what story.py does)."""
    found: dict[str, list[str]] = {"confident": [], "story_hard": [], "story": []}
    for story, row in zip(stories, probs):
        events = [e[0] for e in story["events"]]
        chosen = labels[int(row.argmax())]
        by_label = dict(zip(labels, row))
        found["confident"].append(events[0] if events else NONE)
        found["story_hard"].append(chosen if chosen in events else events[0] if events else NONE)
        found["story"].append(max(events, key=lambda t: by_label[t]) if events else NONE)
    return found


def figures(stories: list[dict], probs: np.ndarray, labels: tuple[str, ...]) -> dict:
    gold = [s["label"] for s in stories]
    present = [t for t in labels if t in set(gold)]
    score = {name: classification_report(gold, predicted, labels=present)
             for name, predicted in top_types(stories, probs, labels).items()}
    score["story_type_alone"] = classification_report(gold, [labels[int(i)] for i in probs.argmax(1)], labels=present)
    return {"stories": len(stories), **{name: {"accuracy": round(r["accuracy"], 3), "macro_f1": round(r["macro_f1"], 3)}
                                        for name, r in score.items()},
            "right_type_among_events": round(float(np.mean([s["label"] in {e[0] for e in s["events"]}
                                                           for s in stories])), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="the shared data folder (default $EVENTWIRE_SHARED_DATA or ../shared/data)")
    parser.add_argument("--cv-models", type=Path, required=True,
                        help="fold_0 … fold_4 of train_classifier.py --folds 5")
    parser.add_argument("--cache", type=Path, help="what the pipeline gives each story (read when there, else written)")
    parser.add_argument("--lam", type=float, default=0.03, help="L2 weight (default 0.03)")
    parser.add_argument("--iters", type=int, default=400)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.cache and args.cache.exists():
        stories = pickle.loads(args.cache.read_bytes())
    else:
        with (shared_data(args.data) / NGEC_FILE).open(encoding="utf-8", newline="") as handle:
            stories = code_stories(list(csv.DictReader(handle)), args.cv_models)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(stories))
    detector = tuple(stories[0]["labels"])
    labels = detector[1:]
    assert detector[0] == NONE, detector
    x = np.stack([features(s["types"], s["penta"], s["events"], labels) for s in stories])
    y = np.array([labels.index(s["label"]) for s in stories])
    folds = np.array([s["fold"] for s in stories])
    probs = np.zeros((len(stories), len(labels)))
    arrays = {}
    for k in range(FOLDS):
        model = train(x[folds != k], y[folds != k], len(labels), args.lam, args.iters)
        probs[folds == k] = probabilities(model, x[folds == k])
        arrays.update({f"fold_{k}_{name}": value.astype(np.float32) for name, value in model.items()})
    every_fifth = [i for i, s in enumerate(stories) if s["row"] % 5 == 0]
    counts = dict(sorted(Counter(s["label"] for s in stories).items()))
    card = {"trained_on": f"{NGEC_FILE}: {len(stories)} stories, {counts}",
            "lam": args.lam, "iters": args.iters, "cv_all": figures(stories, probs, labels)}
    card["cv_every_fifth"] = figures([stories[i] for i in every_fifth], probs[every_fifth], labels)
    print(json.dumps(card, indent=1))
    final = train(x, y, len(labels), args.lam, args.iters)
    arrays.update({name: value.astype(np.float32) for name, value in final.items()})
    np.savez_compressed(args.out, labels=np.array(labels), card=np.array(json.dumps(card)), **arrays)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
