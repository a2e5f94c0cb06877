"""``conflibert-class``: the penta class of a sentence, as in ConfliBERT's CAMEO classification task.

The format: one ``sentence<TAB>label`` per line, no header, ``label`` 0–4 (the
penta class: 0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict). Every gold sentence holds an event. A
sentence's prediction is the penta class of its most confident event (rule
``confident``), or the gold class when any of its events has it (rule ``any``).
A sentence with no coded event is predicted ``none``: a miss, counted wrong, a
column of its own in the confusion matrix. The report also gives event
detection (the share of sentences with at least one coded event), the events'
own figures (the accuracy of the top event where there is one, and the
expected calibration error, 10 bins, of its ``confidence``) and, apart, the
sentence model alone: its penta class of each sentence (accuracy, macro-F1,
ECE of its top probability) and, where it has a detector head, the share of
sentences it says hold an event.

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
from .common import (RULES, calibration_error, choose, code_texts, describe_rule, has_detector, model_views,
                     other_rule, ranked, read_text, unknown_labels_error)
from .metrics import classification_report, detection, render_classification, render_detection

NAME = "conflibert-class"
DESCRIPTION = "TSV sentence<TAB>label, label 0-4 = penta class (ConfliBERT CAMEO task)"
STATEMENTS = True  # the coder writes CAMEO statements (01x) too: its class 0 is CAMEO 01-02
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
    """Accuracy, macro-F1 over the five classes (a sentence without an event counted wrong), per-class
    scores and confusion under ``rule``; event detection; the sentence model alone."""
    texts = [item.text for item in gold]
    labels = [item.label for item in gold]
    coded = code_texts(coder, texts, n_process=n_process)
    candidates = [ranked(events, lambda e: None if e.penta_class is None else str(e.penta_class))
                  for events in coded]
    reports = {r: classification_report(labels, [choose(c, g, r, NONE) for c, g in zip(candidates, labels)],
                                         labels=list(CLASSES))
               for r in RULES}
    other = reports[other_rule(rule)]
    tops = [(events[0], label) for events, label in zip(coded, labels) if events]
    report = {"format": NAME, "rule": rule, "rule_text": describe_rule(rule),
              "sentences": len(gold), "sentences_without_event": sum(not c for c in candidates), **reports[rule],
              "detection": detection([bool(c) for c in candidates]),
              "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"]},
              "events": {"sentences": len(tops),
                         "accuracy": (round(sum(str(e.penta_class) == g for e, g in tops) / len(tops), 4)
                                      if tops else 0.0),
                         "ece": calibration_error([e.confidence for e, _ in tops],
                                                  [str(e.penta_class) == g for e, g in tops], BINS),
                         "bins": BINS}}
    views = model_views(coder, texts)
    if views:
        alone = classification_report(labels, [v.penta for v in views], labels=list(CLASSES))
        report["model"] = {"accuracy": alone["accuracy"], "macro_f1": alone["macro_f1"],
                           "ece": calibration_error([v.confidence for v in views],
                                                    [v.penta == g for v, g in zip(views, labels)], BINS),
                           "bins": BINS,
                           "detection": detection([bool(v.event) for v in views]) if has_detector(views) else None}
    return report


def render(report: dict) -> str:
    """The report as text: the rule, the classification table, detection, the other rule's headline,
    the events' own figures and the model alone."""
    other, events, model = report["other_rule"], report["events"], report.get("model")
    lines = [f"rule {report['rule_text']}",
             f"sentences {report['sentences']}   without an event {report['sentences_without_event']} "
             f"(predicted {NONE!r}, counted wrong)",
             render_classification(report, CLASSES),
             render_detection("pipeline", report["detection"]),
             f"rule {other['rule']}: accuracy {other['accuracy']:.3f}   macro-F1 {other['macro_f1']:.3f}",
             f"top events: {events['sentences']} sentences, accuracy {events['accuracy']:.3f}, "
             f"ECE ({events['bins']} bins) {events['ece']:.3f}"]
    if model:
        lines.append(f"sentence model alone: penta accuracy {model['accuracy']:.3f}   macro-F1 {model['macro_f1']:.3f}"
                     f"   ECE ({model['bins']} bins) {model['ece']:.3f}")
        if model["detection"]:
            lines.append(render_detection("sentence model's detector alone", model["detection"]))
    return "\n".join(lines)
