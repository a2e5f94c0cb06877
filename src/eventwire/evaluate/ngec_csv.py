"""``ngec-csv``: stories labelled with one PLOVER event type (and mode), as in NGEC's training CSV.

The file is CSV with a header naming at least ``text`` and ``label`` (a PLOVER
type); ``mode``, ``id`` and any other columns are optional (NGEC's synthetic
stories also carry ``title``, ``prompt``, ``disclaimer``, which are not read).
Each story is coded as one article; the label is compared with the type of the
event the coder is most confident of in the whole story (``any``: of any of its
events), as NGEC's document-level classifier is scored: accuracy and macro-F1
over the 16 types; a story with no coded PLOVER event is predicted ``none`` and
counted wrong. Modes are compared case-insensitively where the gold gives one.
Reported beside: event detection (the share of stories with at least one coded
PLOVER event) and, apart, where the sentence model has a detector head, the type
it alone gives a story (that of its most confident event sentence).

>>> stories = parse(["text,label,mode", '"Troops shelled the city.",assault,AERIAL'], "s.csv")
>>> stories[0].label, stories[0].mode, stories[0].line
('ASSAULT', 'aerial', 2)
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Event
from ..ontology import plover_types
from .common import (RULES, choose, code_texts, describe_rule, model_types, other_rule, ranked, read_text,
                     unknown_labels_error)
from .metrics import classification_report, detection, render_classification, render_detection, share

NAME = "ngec-csv"
DESCRIPTION = "CSV with text and label (a PLOVER type per story), mode optional: NGEC's synthetic stories"
NONE = "none"


@dataclass(frozen=True)
class Story:
    """One gold story: its text, PLOVER type, mode (or None) and the line its row starts on."""

    id: str
    text: str
    label: str
    mode: str | None
    line: int


def parse(lines: Iterable[str], where: str) -> list[Story]:
    """Gold stories from the CSV's lines; InputError names the line of a malformed row."""
    reader = csv.DictReader(lines)
    missing = {"text", "label"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"the header has no {' or '.join(sorted(missing))} column; expected CSV with a header "
                         f"naming text and label (got {reader.fieldnames or 'an empty file'})", where=f"{where}:1")
    stories: list[Story] = []
    unknown: dict[str, list[int]] = defaultdict(list)
    start = reader.line_num + 1
    for row in reader:
        if None in row or any(row[name] is None for name in ("text", "label")):
            raise InputError(f"expected {len(reader.fieldnames)} columns as in the header, got "
                             f"{'more' if None in row else 'fewer'}", where=f"{where}:{start}")
        text, label = row["text"].strip(), row["label"].strip().upper()
        if not text:
            raise InputError("empty 'text'", where=f"{where}:{start}")
        if label not in plover_types():
            unknown[label].append(start)
        stories.append(Story(row.get("id") or str(len(stories) + 1), text, label,
                             (row.get("mode") or "").strip().lower() or None, start))
        start = reader.line_num + 1
    if unknown:
        raise unknown_labels_error(unknown, plover_types(), where)
    if not stories:
        raise InputError("no stories after the header", where=f"{where}:1")
    return stories


def load(path: Path) -> list[Story]:
    """The gold stories of an NGEC-style CSV."""
    return parse(read_text(path).splitlines(keepends=True), str(path))


def score(coder, gold: list[Story], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Accuracy and macro-F1 over the gold PLOVER types, per type, confusion; mode agreement."""
    coded = [[e for e in events if e.event_type] for events in code_texts(coder, (s.text for s in gold), n_process)]
    reports = {r: _report(gold, coded, r) for r in RULES}
    other = reports[other_rule(rule)]
    types = model_types(coder, [s.text for s in gold], by_sentence=True, none=NONE)
    labels = [t for t in plover_types() if any(s.label == t for s in gold)]
    alone = None if types is None else classification_report([s.label for s in gold], types, labels=labels)
    return {"format": NAME, "rule": rule, "rule_text": describe_rule(rule), "stories": len(gold),
            "stories_without_event": sum(not events for events in coded), **reports[rule],
            "detection": detection([bool(events) for events in coded]),
            "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"]},
            "model": None if alone is None else {
                "accuracy": alone["accuracy"], "macro_f1": alone["macro_f1"],
                "detection": detection([t != NONE for t in types])}}


def _report(gold: list[Story], coded: list[list[Event]], rule: str) -> dict:
    predicted = [choose(ranked(events, lambda e: e.event_type), story.label, rule, NONE)
                 for story, events in zip(gold, coded)]
    labels = [t for t in plover_types() if any(s.label == t for s in gold)]
    report = classification_report([s.label for s in gold], predicted, labels=labels)
    report["modes"] = share(
        any((e.mode or "").lower() == story.mode for e in (events if rule == "any" else events[:1])
            if e.event_type == story.label)
        for story, events in zip(gold, coded) if story.mode)
    return report


def render(report: dict) -> str:
    """The report as text: rule, type table and confusion, mode agreement, the other rule."""
    modes, other, model = report["modes"], report["other_rule"], report["model"]
    return "\n".join([
        f"rule {report['rule_text']}",
        f"stories {report['stories']}   without a PLOVER event (predicted '{NONE}') {report['stories_without_event']}",
        "PLOVER event type per story (macro-F1 over the gold types)",
        render_classification(report),
        f"mode (type and mode right) {modes['right']} of {modes['gold']} ({modes['share']:.3f})",
        render_detection("pipeline", report["detection"]),
        f"rule {other['rule']}: accuracy {other['accuracy']:.3f}   macro-F1 {other['macro_f1']:.3f}",
        *([f"sentence model's detector alone: type accuracy {model['accuracy']:.3f}   "
           f"macro-F1 {model['macro_f1']:.3f}",
           render_detection("sentence model's detector alone", model["detection"])] if model else [])])
