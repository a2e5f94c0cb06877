"""``plover-gsr``: PLOVER gold-standard records (event type, mode, source and target codes).

The file is a JSON array of records, JSON Lines, or a stream of objects
separated by commas as in PLOVER's own ``PLOVER_GSR_CAMEO.txt`` (whose trailing
commas before ``}`` are accepted). A record has ``text``, ``event`` (a PLOVER
type; the older names DEMAND, DISAPPROVE, INVESTIGATE and FIGHT are mapped by
``data/plover_aliases.tsv``), optional ``mode``, and ``source``/``target``:
lists of ``{"actorText", "code", "sector"?}`` (or empty). A gold actor code is
CAMEO's three-letter country or ``IGO``-style code; a coded actor matches it
when its code starts with it or its country equals it (``code``), and, where
the gold gives a sector, when the sector agrees as well (``code+sector``). A record with no coded PLOVER
event is predicted ``none`` and counted wrong. Reported beside: event detection
(the share of records with at least one coded PLOVER event) and, apart, where the
sentence model has a detector head, the type it alone gives each record.

>>> records = parse('[{"text": "Iraq condemned the raid.", "event": "DISAPPROVE",'
...                 ' "source": [{"actorText": "Iraq", "code": "IRQ"}], "target": ""}]', "gsr.json")
>>> records[0].event, records[0].mode, records[0].sources[0].code, records[0].targets
('ACCUSE', 'disapprove', 'IRQ', ())
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Actor, Event
from ..ontology import plover_types
from .common import (RULES, choose, code_texts, describe_rule, model_types, other_rule, ranked, read_data,
                     read_text, unknown_labels_error)
from .metrics import classification_report, code_agrees, detection, render_classification, render_detection, share

NAME = "plover-gsr"
DESCRIPTION = "PLOVER gold-standard records (JSON array, JSONL or PLOVER's GSR file): text, event, mode, source/target"
NONE = "none"
ALIASES = {row["old"]: (row["new"], row["mode"] or None) for row in read_data("plover_aliases.tsv")}
_TRAILING_COMMA = re.compile(r",(\s*)\}")


@dataclass(frozen=True)
class GoldActor:
    """One gold actor: its text, CAMEO code (country or IGO-style) and optional sector."""

    text: str
    code: str
    sector: str | None = None

    def matches(self, actor: Actor | None, with_sector: bool) -> bool:
        """Whether a coded actor has this code (and, when asked and given, this sector)."""
        if not code_agrees(self.code, actor):
            return False
        return not (with_sector and self.sector) or self.sector in (actor.sector, str(actor.code)[len(self.code):])


@dataclass(frozen=True)
class Record:
    """One gold record and the line of the file where it starts."""

    text: str
    event: str
    mode: str | None
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    line: int
    id: str | None = None


def parse(text: str, where: str) -> list[Record]:
    """Gold records from the file's text; a malformed record raises InputError naming its line."""
    records: list[Record] = []
    unknown: dict[str, list[int]] = defaultdict(list)
    for line, data in _objects(text, where):
        record = _record(data, f"{where}:{line}", line)
        if record.event not in plover_types():
            unknown[record.event].append(line)
        records.append(record)
    if unknown:
        raise unknown_labels_error(unknown, plover_types(), where)
    if not records:
        raise InputError("no records; expected a JSON array, JSON lines or comma-separated objects "
                         "with 'text' and 'event'", where=f"{where}:1")
    return records


def load(path: Path) -> list[Record]:
    """The gold records of a PLOVER gold-standard file."""
    return parse(read_text(path), str(path))


def _objects(text: str, where: str):
    """(line, value) for each top-level JSON value: array items, JSON lines or comma-separated objects."""
    text = _TRAILING_COMMA.sub(r"\1}", text)
    decoder = json.JSONDecoder()
    position, end = _skip(text, 0), len(text)
    bracketed = text.startswith("[", position)
    if bracketed:
        position = _skip(text, position + 1)
    while position < end and not (bracketed and text[position] == "]"):
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise InputError(f"the record starting here is not JSON: {error.msg} (line {error.lineno},"
                             f" column {error.colno})", where=f"{where}:{line}") from None
        yield line, value
        position = _skip(text, position)
    if bracketed and position >= end:
        raise InputError("the JSON array is not closed with ']'", where=f"{where}:{text.rstrip().count(chr(10)) + 1}")
    if bracketed and _skip(text, position + 1) < end:
        raise InputError("text after the closing ']'", where=f"{where}:{text.count(chr(10), 0, position) + 1}")


def _skip(text: str, position: int) -> int:
    """The position of the next character that is neither white space nor a separating comma."""
    while position < len(text) and (text[position].isspace() or text[position] == ","):
        position += 1
    return position


def _record(data, where: str, line: int) -> Record:
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object (a record), got {type(data).__name__}", where=where)
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("record has no 'text' (a non-empty string)", where=where)
    event = data.get("event")
    if not isinstance(event, str) or not event.strip():
        raise InputError("record has no 'event' (a PLOVER event type)", where=where)
    event, default_mode = ALIASES.get(event.strip().upper(), (event.strip().upper(), None))
    mode = data.get("mode")
    if mode is not None and not isinstance(mode, str):
        raise InputError(f"'mode' must be a string, got {mode!r}", where=where)
    return Record(text.strip(), event, (mode or "").strip().lower() or default_mode,
                  _actors(data.get("source"), "source", where), _actors(data.get("target"), "target", where),
                  line, data.get("id"))


def _actors(value, role: str, where: str) -> tuple[GoldActor, ...]:
    if value in (None, "", []):
        return ()
    items = value if isinstance(value, list) else [value]
    actors = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not item["code"].strip():
            raise InputError(f"'{role}' must be a list of {{\"actorText\", \"code\"}} objects, got {item!r}",
                             where=where)
        actors.append(GoldActor(str(item.get("actorText", "")), item["code"].strip().upper(),
                                (item.get("sector") or "").strip().upper() or None))
    return tuple(actors)


def score(coder, gold: list[Record], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Event type (accuracy, macro-F1 over the gold types, per type, confusion), mode and actor codes."""
    coded = [[e for e in events if e.event_type] for events in code_texts(coder, (r.text for r in gold), n_process)]
    results = {r: _results(gold, coded, r) for r in RULES}
    other = results[other_rule(rule)]
    types = model_types(coder, [r.text for r in gold], none=NONE)
    labels = [t for t in plover_types() if any(r.event == t for r in gold)]
    alone = None if types is None else classification_report([r.event for r in gold], types, labels=labels)
    return {"format": NAME, "rule": rule, "rule_text": describe_rule(rule), "records": len(gold),
            "records_without_event": sum(not events for events in coded), **results[rule],
            "detection": detection([bool(events) for events in coded]),
            "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"],
                           "source_code": other["actors"]["source"]["code"]["share"],
                           "target_code": other["actors"]["target"]["code"]["share"]},
            "model": None if alone is None else {
                "accuracy": alone["accuracy"], "macro_f1": alone["macro_f1"],
                "detection": detection([t != NONE for t in types])}}


def _results(gold: list[Record], coded: list[list[Event]], rule: str) -> dict:
    predicted = [choose(ranked(events, lambda e: e.event_type), record.event, rule, NONE)
                 for record, events in zip(gold, coded)]
    labels = [t for t in plover_types() if any(r.event == t for r in gold)]
    report = classification_report([r.event for r in gold], predicted, labels=labels)
    report["modes"] = share(
        any(e.mode == record.mode for e in _scored(events, rule) if e.event_type == record.event)
        for record, events in zip(gold, coded) if record.mode)
    report["actors"] = {
        role: {level: share(any(any(g.matches(getattr(e, role), level == "code+sector") for g in golds)
                                 for e in _scored(events, rule))
                             for golds, events in zip((getattr(r, role + "s") for r in gold), coded) if golds)
               for level in ("code", "code+sector")}
        for role in ("source", "target")}
    return report


def _scored(events: list[Event], rule: str) -> list[Event]:
    """The events a rule looks at: the most confident one, or all."""
    return events if rule == "any" else events[:1]


def render(report: dict) -> str:
    """The report as text: rule, event-type table, mode and actor-code agreement, the other rule."""
    lines = [f"rule {report['rule_text']}",
             f"records {report['records']}   without a PLOVER event (predicted '{NONE}') "
             f"{report['records_without_event']}",
             "event type (macro-F1 over the gold types)",
             render_classification(report),
             "agreement           right   gold   share"]
    rows = [("mode", report["modes"])] + [(f"{role} {level}", report["actors"][role][level])
                                          for role in ("source", "target") for level in ("code", "code+sector")]
    lines += [f"{name:18} {s['right']:6d} {s['gold']:6d} {s['share']:7.3f}" for name, s in rows]
    other, model = report["other_rule"], report["model"]
    lines.append(render_detection("pipeline", report["detection"]))
    lines.append(f"rule {other['rule']}: accuracy {other['accuracy']:.3f}   macro-F1 {other['macro_f1']:.3f}"
                 f"   source code {other['source_code']:.3f}   target code {other['target_code']:.3f}")
    if model:
        lines.append(f"sentence model's detector alone: type accuracy {model['accuracy']:.3f}   "
                     f"macro-F1 {model['macro_f1']:.3f}")
        lines.append(render_detection("sentence model's detector alone", model["detection"]))
    return "\n".join(lines)
