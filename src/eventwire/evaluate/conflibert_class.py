"""``conflibert-class``: the penta class of a sentence, as in ConfliBERT's CAMEO classification task.

The format: one ``sentence<TAB>label`` per line, no header, ``label`` 0–4 (the
penta class: 0 statement/appeal, 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict). A sentence's prediction is the penta
class of its most confident event (rule ``confident``), or the gold class when
any of its events has it (rule ``any``). A sentence with no event is predicted
``none``, a column of its own in the confusion matrix.

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
from .common import RULES, choose, code_texts, describe_rule, other_rule, read_text, unknown_labels_error
from .metrics import classification_report, render_classification

NAME = "conflibert-class"
DESCRIPTION = "TSV sentence<TAB>label, label 0-4 = penta class (ConfliBERT CAMEO task)"
CLASSES = {"0": "statement/appeal", "1": "verbal cooperation", "2": "material cooperation",
           "3": "verbal conflict", "4": "material conflict"}
NONE = "none"


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


def predict_classes(coder, texts: Iterable[str], n_process: int = 1) -> list[list[str]]:
    """Penta classes of each text's events, most confident first, without repeats; [] for no event.

    The first class is the ``confident`` prediction; ``any`` looks at all of them.
    """
    ranked = []
    for events in code_texts(coder, texts, n_process=n_process):
        classes = (str(e.penta_class) for e in events if e.penta_class is not None)
        ranked.append(list(dict.fromkeys(classes)))
    return ranked


def score(coder, gold: list[Item], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Accuracy, macro-F1 over the five classes, per-class scores and confusion under ``rule``."""
    ranked = predict_classes(coder, (item.text for item in gold), n_process=n_process)
    labels = [item.label for item in gold]
    reports = {r: classification_report(labels, [choose(c, g, r, NONE) for c, g in zip(ranked, labels)],
                                         labels=list(CLASSES))
               for r in RULES}
    other = reports[other_rule(rule)]
    return {"format": NAME, "rule": rule, "rule_text": describe_rule(rule),
            "sentences": len(gold), "sentences_without_event": sum(not c for c in ranked),
            **reports[rule],
            "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"]}}


def render(report: dict) -> str:
    """The report as text: the rule, the classification table, the other rule's headline."""
    other = report["other_rule"]
    return "\n".join([
        f"rule {report['rule_text']}",
        f"sentences {report['sentences']}   without an event (predicted '{NONE}') {report['sentences_without_event']}",
        render_classification(report, CLASSES),
        f"rule {other['rule']}: accuracy {other['accuracy']:.3f}   macro-F1 {other['macro_f1']:.3f}",
    ])
