"""``ngec-csv``: stories labelled with one PLOVER event type (and mode), as in NGEC's training CSV.

The file is CSV with a header naming at least ``text`` and ``label`` (a PLOVER
type); ``mode``, ``id`` and any other columns are optional (NGEC's synthetic
stories also carry ``title``, ``prompt``, ``disclaimer``, which are not read).
Each story is coded as one article; the label is compared with the type of the
story's top event (``any``: of any of its events), as NGEC's document-level
classifier is scored: accuracy and macro-F1 over the 16 types; a story with no
coded PLOVER event is predicted ``none`` and counted wrong. Where the sentence
model has a detector head, the top event is the coder's (``CodedArticle.top_event``:
the most confident event of the type the story most probably reports,
``eventwire.events.story``), else the event the coder is most confident of; the
latter's figure is reported beside. Under ``--cv-models`` the story type too is the
regression fitted without the story's fold. Modes are compared
case-insensitively where the gold gives one. Reported beside: event detection
(the share of stories with at least one coded PLOVER event) and, apart, the
story type alone and the type the detector alone gives a story (that of its most
confident event sentence). Under ``--cv-models`` a story's sentences are all
read by the story's fold model.

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
from ..ontology import plover_types
from ..records import Event
from .common import (RULES, choose, coded_articles, describe_rule, other_rule, ranked, read_text, story_readings,
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
    texts = [s.text for s in gold]
    results = coded_articles(coder, texts, n_process)
    coded = [sorted((e for e in r.events if e.event_type), key=lambda e: -e.confidence) for r in results]
    labels = [t for t in plover_types() if any(s.label == t for s in gold)]
    typed = any(r.story_type for r in results)
    ordered = [_story_first(r.top_event, events) for r, events in zip(results, coded)]
    reports = {r: _report(gold, ordered, r) for r in RULES}
    other, confident = reports[other_rule(rule)], _report(gold, coded, "confident")
    truth = [s.label for s in gold]
    alone = story = None
    read = story_readings(coder, texts)
    if read is not None:
        types = [_detector_type(model, readings) for model, readings in read]
        alone = {**classification_report(truth, types, labels=labels),
                 "detection": detection([t != NONE for t in types])}
    if typed:
        story = classification_report(truth, [r.story_type or NONE for r in results], labels=labels)
    return {"format": NAME, "rule": rule, "rule_text": describe_rule(rule), "stories": len(gold),
            "top_event": "story type" if typed else "most confident",
            "stories_without_event": sum(not events for events in coded), **reports[rule],
            "detection": detection([bool(events) for events in coded]),
            "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"]},
            "most_confident": {"accuracy": confident["accuracy"], "macro_f1": confident["macro_f1"]},
            "story_type": None if story is None else {"accuracy": story["accuracy"], "macro_f1": story["macro_f1"]},
            "model": None if alone is None else {
                "accuracy": alone["accuracy"], "macro_f1": alone["macro_f1"], "detection": alone["detection"]}}


def _story_first(top: str | None, events: list[Event]) -> list[Event]:
    """The story's events with its top event (the coder's, by story type) first, the others most
    confident first."""
    return sorted(events, key=lambda e: e.id != top)


def _detector_type(model, readings: list) -> str:
    """The type of the story's most confident event sentence by the detector alone, ``none`` without one."""
    found = [r for r in readings if r.event_prob > model.threshold]
    return max(found, key=lambda r: r.type_prob).event_type if found else NONE


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
    modes, other, model, story = report["modes"], report["other_rule"], report["model"], report["story_type"]
    confident = report["most_confident"]
    return "\n".join([
        f"rule {report['rule_text']}",
        "top event: " + ("the most confident event of the type the story most probably reports (story type)"
                         if story else "the event the coder is most confident of"),
        f"stories {report['stories']}   without a PLOVER event (predicted '{NONE}') {report['stories_without_event']}",
        "PLOVER event type per story (macro-F1 over the gold types)",
        render_classification(report),
        f"mode (type and mode right) {modes['right']} of {modes['gold']} ({modes['share']:.3f})",
        render_detection("pipeline", report["detection"]),
        f"rule {other['rule']}: accuracy {other['accuracy']:.3f}   macro-F1 {other['macro_f1']:.3f}",
        f"top event the most confident one: accuracy {confident['accuracy']:.3f}   "
        f"macro-F1 {confident['macro_f1']:.3f}",
        *([f"story type alone: accuracy {story['accuracy']:.3f}   macro-F1 {story['macro_f1']:.3f}"] if story else []),
        *([f"sentence model's detector alone: type accuracy {model['accuracy']:.3f}   "
           f"macro-F1 {model['macro_f1']:.3f}",
           render_detection("sentence model's detector alone", model["detection"])] if model else [])])
