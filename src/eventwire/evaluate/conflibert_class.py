"""``conflibert-class``: the penta class of a sentence, as in ConfliBERT's CAMEO classification task.

The format: one ``sentence<TAB>label`` per line, no header, ``label`` 0–4 (the
penta class: 0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict). A sentence's prediction is the penta
class of its most confident event (rule ``confident``), or the gold class when
any of its events has it (rule ``any``). A sentence with no event is predicted
``none``, a column of its own in the confusion matrix, unless the coder has a
sentence model: then the model's class of the sentence is predicted. The report
also gives the events' own figures: how many sentences have one (above the
coder's ``min_confidence``), the accuracy of their top event, and the expected
calibration error (10 bins) of its ``confidence`` and of the model's top
probability.

>>> items = parse(["Russia attacked Ukraine.\\t4", "Talks went well.\\t1"], "gold.tsv")
>>> items[0]
Item(text='Russia attacked Ukraine.', label='4', line=1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .common import (RULES, calibration_error, choose, code_texts, describe_rule, other_rule, ranked,
                     read_text, unknown_labels_error)
from .metrics import classification_report, render_classification

NAME = "conflibert-class"
DESCRIPTION = "TSV sentence<TAB>label, label 0-4 = penta class (ConfliBERT CAMEO task)"
CLASSES = {"0": "statement/appeal", "1": "verbal cooperation", "2": "material cooperation",
           "3": "verbal conflict", "4": "material conflict"}
NONE = "none"
BINS = 10


@dataclass(frozen=True)
class Item:
    """One gold sentence, its penta class (a string, "0"–"4") and its line in the file."""

    text: str
    label: str
    line: int


def parse(lines: Iterable[str], where: str) -> list[Item]:
    """Gold items from the file's lines; blank lines are skipped.

    >>> parse(["no tab here"], "gold.tsv")
    Traceback (most recent call last):
    eventwire.errors.InputError: gold.tsv:1: expected 'sentence<TAB>label', got 'no tab here'
    """
    items: list[Item] = []
    unknown: dict[str, list[int]] = defaultdict(list)
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        text, tab, label = line.rpartition("\t")
        if not tab or not text.strip():
            raise InputError(f"expected 'sentence<TAB>label', got {line[:80]!r}", where=f"{where}:{number}")
        label = label.strip()
        if label not in CLASSES:
            unknown[label].append(number)
        items.append(Item(text.strip(), label, number))
    if unknown:
        raise unknown_labels_error(unknown, CLASSES, where)
    return items


def load(path: Path) -> list[Item]:
    """The gold items of a ConfliBERT classification file."""
    return parse(read_text(path).splitlines(), str(path))


def score(coder, gold: list[Item], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Accuracy, macro-F1 over the five classes, per-class scores and confusion under ``rule``."""
    texts = [item.text for item in gold]
    labels = [item.label for item in gold]
    coded = code_texts(coder, texts, n_process=n_process)
    candidates = [ranked(events, lambda e: None if e.penta_class is None else str(e.penta_class))
                  for events in coded]
    probs = coder.classify(texts)
    model_classes = [] if probs is None else [str(int(row.argmax())) for row in probs]
    if model_classes:
        candidates_or_model = [c or [m] for c, m in zip(candidates, model_classes)]
    else:
        candidates_or_model = candidates
    reports = {r: classification_report(labels, [choose(c, g, r, NONE) for c, g in zip(candidates_or_model, labels)],
                                         labels=list(CLASSES))
               for r in RULES}
    other = reports[other_rule(rule)]
    tops = [(events[0], label) for events, label in zip(coded, labels) if events]
    report = {"format": NAME, "rule": rule, "rule_text": describe_rule(rule),
              "sentences": len(gold), "sentences_without_event": sum(not c for c in candidates),
              "model_fallback": probs is not None, **reports[rule],
              "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"]},
              "events": {"sentences": len(tops),
                         "accuracy": (round(sum(str(e.penta_class) == g for e, g in tops) / len(tops), 4)
                                      if tops else 0.0),
                         "ece": calibration_error([e.confidence for e, _ in tops],
                                                  [str(e.penta_class) == g for e, g in tops], BINS),
                         "bins": BINS}}
    if model_classes:
        model = classification_report(labels, model_classes, labels=list(CLASSES))
        report["model"] = {"accuracy": model["accuracy"], "macro_f1": model["macro_f1"],
                           "ece": calibration_error(probs.max(1),
                                                    [m == g for m, g in zip(model_classes, labels)], BINS),
                           "bins": BINS}
    return report


def render(report: dict) -> str:
    """The report as text: the rule, the classification table, the other rule's headline."""
    other, events, model = report["other_rule"], report["events"], report.get("model")
    return "\n".join([
        f"rule {report['rule_text']}",
        f"sentences {report['sentences']}   without an event {report['sentences_without_event']} "
        f"(predicted {'by the sentence model' if report['model_fallback'] else repr(NONE)})",
        render_classification(report, CLASSES),
        f"rule {other['rule']}: accuracy {other['accuracy']:.3f}   macro-F1 {other['macro_f1']:.3f}",
        f"top events: {events['sentences']} sentences, accuracy {events['accuracy']:.3f}, "
        f"ECE ({events['bins']} bins) {events['ece']:.3f}",
        *([f"sentence model alone: accuracy {model['accuracy']:.3f}   macro-F1 {model['macro_f1']:.3f}   "
           f"ECE ({model['bins']} bins) {model['ece']:.3f}"] if model else []),
    ])
