"""Writers for coded events: ``jsonl`` (default), ``json``, ``csv`` and a readable ``table``.

Each writer streams: ``write(event)`` per event, ``close()`` at the end (which writes
the closing bracket of ``json``; ``csv`` and ``table`` write their header first, even
with no events). ``WRITERS`` maps a ``--format`` name to its writer class.

>>> import io
>>> from eventwire.records import Actor, Event
>>> event = Event(doc_id="d1", sentence=0, event_type="ASSAULT", cameo="190",
...               trigger={"text": "attacked", "start": 7, "end": 15},
...               text="Russia attacked Ukraine.", evidence={"start": 0, "end": 24},
...               source=Actor(text="Russia", code="RUS"), target=Actor(text="Ukraine", code="UKR"))
>>> out = io.StringIO()
>>> writer = WRITERS["csv"](out)
>>> writer.write(event); writer.close()
>>> header, row = out.getvalue().splitlines()
>>> dict(zip(header.split(","), row.split(",")))["source_code"]
'RUS'

In pandas, read CSV with ``dtype={"cameo": str, "cameo_root": str}`` to keep the leading zeros.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from .records import Event

ACTOR_FIELDS = ("code", "country", "sector", "name", "text", "start", "end", "wikidata", "reason")
CSV_COLUMNS = (
    "id", "doc_id", "sentence", "mentions", "date", "date_precision", "date_reason",
    *(f"source_{f}" for f in ACTOR_FIELDS),
    "event_type", "mode", "contexts",
    *(f"target_{f}" for f in ACTOR_FIELDS),
    "cameo", "cameo_root", "goldstein", "quad_class", "penta_class",
    "trigger_text", "trigger_start", "trigger_end", "evidence_start", "evidence_end", "text",
    "attribution_status", "attribution_sources", "attribution_cue", "modality", "quote",
    "location_name", "location_country", "location_lat", "location_lon", "location_geonameid",
    "confidence", "rule",
)  # fmt: skip


def flatten(event: Event) -> dict[str, Any]:
    """One flat row for ``event`` (the CSV columns; lists joined by "; ", ``quote`` as JSON)."""
    row: dict[str, Any] = {
        k: getattr(event, k)
        for k in ("id", "doc_id", "sentence", "mentions", "date", "date_precision", "date_reason", "event_type",
                  "mode", "cameo", "cameo_root", "goldstein", "quad_class", "penta_class",
                  "text", "modality", "confidence", "rule")
    }  # fmt: skip
    for role in ("source", "target"):
        actor = getattr(event, role)
        for f in ACTOR_FIELDS:
            row[f"{role}_{f}"] = getattr(actor, f) if actor else None
    row["contexts"] = "; ".join(event.contexts)
    for part in ("text", "start", "end"):
        row[f"trigger_{part}"] = event.trigger.get(part)
    for part in ("start", "end"):
        row[f"evidence_{part}"] = event.evidence.get(part)
    attribution = event.attribution or {}
    row["attribution_status"] = attribution.get("status")
    row["attribution_sources"] = "; ".join(attribution.get("sources") or [])
    row["attribution_cue"] = attribution.get("cue")
    row["quote"] = json.dumps(event.quote, ensure_ascii=False) if event.quote else None
    location = event.location or {}
    for part in ("name", "country", "lat", "lon", "geonameid"):
        row[f"location_{part}"] = location.get(part)
    return row


class JsonlWriter:
    """One JSON object per line (the record in DESIGN.md)."""

    def __init__(self, out: TextIO):
        self.out = out

    def write(self, event: Event) -> None:
        self.out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


class JsonWriter:
    """One JSON array of records, written as the events come."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0

    def write(self, event: Event) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        self.out.write(json.dumps(event.to_dict(), ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")
        self.out.flush()


class CsvWriter:
    """Flat columns (``CSV_COLUMNS``), one row per event, header always written."""

    def __init__(self, out: TextIO):
        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, event: Event) -> None:
        self.writer.writerow(flatten(event))

    def close(self) -> None:
        self.out.flush()


class TableWriter:
    """Aligned columns for a terminal: doc, sent, source → TYPE (mode) → target, cameo, modality, trigger.

    Columns have fixed widths (long values are cut with "…") so rows print as they come.
    """

    COLUMNS = (("doc", 20), ("sent", 4), ("source", 16), ("event", 24), ("target", 16),
               ("cameo", 5), ("modality/attribution", 26), ("trigger", 0))  # fmt: skip

    def __init__(self, out: TextIO):
        self.out = out
        self._row(["doc", "sent", "source", "→ event →", "target", "cameo", "modality/attribution", "trigger"])

    def write(self, event: Event) -> None:
        mode = f" ({event.mode})" if event.mode else ""
        attribution = (event.attribution or {}).get("status")
        status = event.modality if attribution in (None, event.modality) else f"{event.modality}/{attribution}"
        sources = ", ".join((event.attribution or {}).get("sources") or [])
        self._row([
            event.doc_id, str(event.sentence), _actor(event.source),
            f"→ {event.event_type or 'statement'}{mode} →", _actor(event.target), event.cameo,
            status + (f" ({sources})" if sources else ""),
            event.trigger.get("text") or "",
        ])  # fmt: skip

    def close(self) -> None:
        self.out.flush()

    def _row(self, values: list[str]) -> None:
        cells = [_fit(v, width) for v, (_, width) in zip(values, self.COLUMNS)]
        self.out.write("  ".join(cells).rstrip() + "\n")


def _actor(actor: Any) -> str:
    if actor is None:
        return "—"
    return actor.code or actor.text or "—"


def _fit(value: str, width: int) -> str:
    value = " ".join(str(value).split())
    if not width:
        return value
    return value.ljust(width) if len(value) <= width else value[: width - 1] + "…"


WRITERS = {"jsonl": JsonlWriter, "json": JsonWriter, "csv": CsvWriter, "table": TableWriter}
