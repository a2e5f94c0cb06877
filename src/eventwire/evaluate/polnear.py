"""``polnear``: attribution relations of PolNeAR (Newell, Margolin & Ruths, LREC 2018) at two levels.

The format: JSON lines, one article each, ``{"id", "date", "publisher", "text",
"attributions": [{"source", "cue", "content"}]}``; a role is ``{"segs": [[start, end], ...],
"text"}`` with character offsets into ``text`` (end exclusive; several segments when a
quote is interrupted by its cue) or absent/null. Each article is coded by the real
pipeline (``Coder.code_all``, dated by ``date``) and scored twice:

- **spans**: the coded attribution relations (``CodedArticle.attributions``) against the
  gold ones, role by role (Source, Cue, Content). A span is the set of its non-space
  characters. *Exact*: the same set; *overlap*: at least one character in common. Either
  way a gold span is matched to at most one predicted span and back (a maximum one-to-one
  matching), so precision = matched / predicted and recall = matched / gold.
- **events**: every coded event's trigger is located against the gold Content spans.
  Inside one, the event should not be told as the outlet's own assertion (right when
  ``attribution.status`` is not ``asserted``; modality reported beside); outside all, it
  should be ``asserted``. *Source overlap*: of the events inside content whose innermost gold
  relation (the smallest Content holding the trigger) has a Source, the share whose named
  sources overlap that Source: a source is the span of a coded relation holding the event,
  or a name in ``attribution.sources`` (or the quote's speaker) found in the text at its
  occurrence nearest the trigger.

A line that cannot be read (not JSON, no text, offsets outside the text...) is reported
as ``FILE:LINE: reason`` and left out; the other articles are scored. ``--rule`` changes
nothing here.

>>> [doc] = parse(['{"id": "a", "text": "Rain fell, he said.", "attributions": [{"source": '
...                '{"segs": [[11, 13]]}, "cue": {"segs": [[14, 18]]}, "content": {"segs": [[0, 9]]}}]}'], "g.jsonl")
>>> doc.relations[0].content, doc.span_text(doc.relations[0].source)
(((0, 9),), 'he')
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import dates
from ..errors import InputError
from ..records import Article, Attribution, CodedArticle, Event
from .common import read_text
from .metrics import match_one_to_one, prf, share

NAME = "polnear"
DESCRIPTION = "JSONL article per line with Source/Cue/Content spans (PolNeAR): attribution spans and event status"
ROLES = ("source", "cue", "content")
ASSERTED = "asserted"
MISSES = 50  # examples of each kind of miss kept in the report
SHOWN = 5  # of which the text report prints

Segments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Relation:
    """One gold attribution relation: the segments of its source, cue and content (empty if absent)."""

    source: Segments
    cue: Segments
    content: Segments


@dataclass(frozen=True)
class Document:
    """One gold article, its relations and its line in the file."""

    id: str
    date: str | None
    text: str
    relations: tuple[Relation, ...]
    line: int

    def span_text(self, segments: Segments) -> str:
        """The text of a span's segments, joined by a space."""
        return " ".join(self.text[start:end] for start, end in segments)


def _segments(value, role: str, text: str) -> Segments:
    if value is None:
        return ()
    if not isinstance(value, dict) or not isinstance(value.get("segs"), list):
        raise ValueError(f"{role!r} must be an object with 'segs' (a list of [start, end]), got {value!r:.60}")
    found = []
    for seg in value["segs"]:
        if not (isinstance(seg, list) and len(seg) == 2 and all(isinstance(x, int) for x in seg)):
            raise ValueError(f"{role!r} segment {seg!r:.40} is not [start, end]")
        start, end = seg
        if not 0 <= start < end <= len(text):
            raise ValueError(f"{role!r} segment [{start}, {end}] is outside the text (length {len(text)})")
        found.append((start, end))
    return tuple(sorted(found))


def _document(line: str, number: int) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object (an article), got {type(record).__name__}")
    text, doc_id, date = record.get("text"), record.get("id"), record.get("date")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("article has no 'text' (a non-empty string)")
    if not isinstance(doc_id, str | int) or not str(doc_id).strip():
        raise ValueError("article has no 'id'")
    if date is not None:
        if not isinstance(date, str):
            raise ValueError(f"'date' must be a string YYYY-MM-DD, got {date!r}")
        dates.day(date, "date")
    attributions = record.get("attributions")
    if not isinstance(attributions, list):
        raise ValueError("article has no 'attributions' list")
    relations = []
    for index, item in enumerate(attributions, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"attribution {index} is not an object")
        try:
            relations.append(Relation(*(_segments(item.get(role), role, text) for role in ROLES)))
        except ValueError as error:
            raise ValueError(f"attribution {index}: {error}") from None
    return Document(str(doc_id), date, text, tuple(relations), number)


def parse(lines: Iterable[str], where: str) -> list[Document | InputError]:
    """The articles of the file's lines, and an InputError (``where:LINE``) in the place of each
    line that cannot be read; InputError raised when no article can be read at all.

    >>> parse(['{"id": "a"}'], "g.jsonl")
    Traceback (most recent call last):
    eventwire.errors.InputError: g.jsonl:1: article has no 'text' (a non-empty string)
    """
    found: list[Document | InputError] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            found.append(_document(line, number))
        except ValueError as error:
            found.append(InputError(str(error), where=f"{where}:{number}"))
    if not any(isinstance(item, Document) for item in found):
        raise next(iter(found), InputError("no articles; expected one JSON object per line", where=f"{where}:1"))
    return found


def load(path: Path) -> list[Document | InputError]:
    """The gold articles of a PolNeAR JSONL file (unreadable lines as InputError, see ``parse``)."""
    return parse(read_text(path).splitlines(), str(path))


# -- spans -----------------------------------------------------------------------------------

def characters(text: str, segments: Iterable[tuple[int, int]]) -> frozenset[int]:
    """The offsets of the non-space characters of a span: what two spans compare by.

    >>> sorted(characters("he said", [(0, 4)]))
    [0, 1, 3]
    """
    return frozenset(i for start, end in segments for i in range(max(start, 0), min(end, len(text)))
                     if not text[i].isspace())


def offset_map(stored: str, gold: str) -> list[int]:
    """For each offset of ``stored`` (the text as the coder stores it, normalised), the offset of the
    same character in ``gold`` (the file's text); one more entry for the end.

    >>> offset_map("ab", "ab"), offset_map("ab", "a\\u200bb")
    ([0, 1, 2], [0, 2, 3])
    """
    if stored == gold:
        return list(range(len(gold) + 1))
    mapped = [0] * (len(stored) + 1)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, stored, gold, autojunk=False).get_opcodes():
        for k in range(i1, i2):
            mapped[k] = j1 + (k - i1 if tag == "equal" else min(k - i1, max(j2 - j1 - 1, 0)))
    mapped[len(stored)] = len(gold)
    return mapped


def predicted_segments(span: dict | None, mapped: list[int]) -> list[tuple[int, int]]:
    """A coded span's segments in the gold text: its ``segs`` where it has them, else start–end."""
    if not span:
        return []
    segs = span.get("segs") or [(span["start"], span["end"])]
    last = len(mapped) - 1
    return [(mapped[min(max(start, 0), last)], mapped[min(max(end, 0), last)]) for start, end in segs]


@dataclass
class _Counts:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp, self.predicted, self.gold = self.tp + tp, self.predicted + predicted, self.gold + gold

    def scores(self) -> dict:
        return {**prf(self.tp, self.predicted, self.gold), "tp": self.tp, "predicted": self.predicted,
                "gold": self.gold}


MATCHES = {"exact": lambda p, g: p == g, "overlap": lambda p, g: bool(p & g)}


def score_spans(pairs: Iterable[tuple[str, list[dict[str, frozenset[int]]], list[dict[str, frozenset[int]]]]]) -> dict:
    """Exact and overlap precision/recall/F1 per role over (text, predicted, gold) per article, each
    relation a dict role -> characters (a role left out or empty: no span).

    >>> g = [{"source": frozenset({0, 1}), "content": frozenset(range(5, 20))}]
    >>> p = [{"source": frozenset({0, 1}), "content": frozenset(range(8, 12))},
    ...      {"source": frozenset({1})}]
    >>> r = score_spans([("", p, g)])
    >>> r["exact"]["source"]["f1"], r["overlap"]["source"]["tp"], r["overlap"]["content"]["f1"]
    (0.6667, 1, 1.0)
    """
    counts = {match: {role: _Counts() for role in ROLES} for match in MATCHES}
    for _, predicted, gold in pairs:
        for role in ROLES:
            p = [r[role] for r in predicted if r.get(role)]
            g = [r[role] for r in gold if r.get(role)]
            for match, agree in MATCHES.items():
                counts[match][role].add(match_one_to_one(p, g, agree), len(p), len(g))
    return {match: {role: c.scores() for role, c in table.items()} for match, table in counts.items()}


# -- events ----------------------------------------------------------------------------------

def locate(text: str, name: str, near: int) -> frozenset[int]:
    """The characters of the occurrence of ``name`` in ``text`` nearest to offset ``near`` (case
    ignored), or none.

    >>> text = "Smith spoke. Rain fell, Smith said."
    >>> min(locate(text, "smith", 20)), locate(text, "Jones", 20)
    (24, frozenset())
    """
    name = name.strip()
    if not name:
        return frozenset()
    starts = [m.start() for m in re.finditer(re.escape(name), text, re.IGNORECASE)]
    if not starts:
        return frozenset()
    start = min(starts, key=lambda s: abs(s - near))
    return characters(text, [(start, start + len(name))])


def event_sources(event: Event, relations: list[Attribution], text: str, mapped: list[int],
                  trigger: int) -> list[frozenset[int]]:
    """The spans of the sources the coder names for ``event``, in the gold text."""
    spans = [characters(text, predicted_segments(r.source, mapped)) for r in relations
             if r.source and event.id in r.events]
    names = list((event.attribution or {}).get("sources") or [])
    if event.quote and event.quote.get("speaker"):
        names.append(event.quote["speaker"])
    spans += [locate(text, name, trigger) for name in names]
    return [s for s in spans if s]


def _innermost(document: Document, trigger: int) -> Relation | None:
    holding = [r for r in document.relations if any(start <= trigger < end for start, end in r.content)]
    return min(holding, key=lambda r: sum(end - start for start, end in r.content), default=None)


def score_events(coded: Iterable[tuple[Document, CodedArticle]]) -> dict:
    """Status inside and outside gold attributed content, and source overlap (module docstring)."""
    inside, outside, sources = [], [], []
    statuses: dict[str, Counter] = {"inside": Counter(), "outside": Counter()}
    misses: dict[str, list[dict]] = {"inside_asserted": [], "outside_not_asserted": [], "source": []}
    for document, result in coded:
        mapped = offset_map(result.article.text, document.text)
        for event in result.events:
            trigger = mapped[min(max(event.trigger["start"], 0), len(mapped) - 1)]
            status = (event.attribution or {}).get("status", ASSERTED)
            relation = _innermost(document, trigger)
            statuses["outside" if relation is None else "inside"][status] += 1
            example = {"doc": document.id, "trigger": event.trigger.get("text"), "offset": trigger,
                       "status": status, "sources": list((event.attribution or {}).get("sources") or [])}
            if relation is None:
                outside.append((status == ASSERTED, status == ASSERTED and event.modality == ASSERTED))
                if status != ASSERTED:
                    misses["outside_not_asserted"].append(example)
                continue
            inside.append((status != ASSERTED, event.modality != ASSERTED,
                           status != ASSERTED or event.modality != ASSERTED))
            example["gold_source"] = document.span_text(relation.source) or None
            if status == ASSERTED:
                misses["inside_asserted"].append(example)
            if relation.source:
                gold = characters(document.text, relation.source)
                named = event_sources(event, result.attributions, document.text, mapped, trigger)
                sources.append((bool(named), any(span & gold for span in named)))
                if not sources[-1][1]:
                    misses["source"].append(example)
    return {
        "events": len(inside) + len(outside),
        "inside": {"not_asserted": share(x[0] for x in inside), "modality_not_asserted": share(x[1] for x in inside),
                   "status_or_modality": share(x[2] for x in inside)},
        "outside": {"asserted": share(x[0] for x in outside),
                    "asserted_and_modality_asserted": share(x[1] for x in outside)},
        "source_overlap": {**share(x[1] for x in sources), "with_named_source": sum(x[0] for x in sources)},
        "statuses": {where: dict(counts.most_common()) for where, counts in statuses.items()},
        "misses": {kind: found[:MISSES] for kind, found in misses.items()},
    }


# -- the format ------------------------------------------------------------------------------

def code(coder, documents: list[Document], n_process: int = 1) -> list[CodedArticle]:
    """Each article coded (a CodedArticle, with ``error`` set when the coder refused it)."""
    articles = (Article(id=d.id, text=d.text, published=d.date) for d in documents)
    return list(coder.code_all(articles, n_process=n_process))


def _relations(document: Document) -> list[dict[str, frozenset[int]]]:
    return [{role: characters(document.text, getattr(r, role)) for role in ROLES} for r in document.relations]


def _predicted(document: Document, result: CodedArticle) -> list[dict[str, frozenset[int]]]:
    mapped = offset_map(result.article.text, document.text)
    return [{role: characters(document.text, predicted_segments(getattr(r, role), mapped)) for role in ROLES}
            for r in result.attributions]


def score(coder, gold: list[Document | InputError], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Span-level and event-level figures over the readable articles; the others listed as skipped."""
    documents = [d for d in gold if isinstance(d, Document)]
    results = code(coder, documents, n_process=n_process)
    return {"format": NAME, "articles": len(documents),
            "skipped": [str(error) for error in gold if isinstance(error, InputError)],
            "not_coded": [str(r.error) for r in results if r.error is not None],
            "relations": {"gold": sum(len(d.relations) for d in documents),
                          "predicted": sum(len(r.attributions) for r in results)},
            "spans": score_spans((d.text, _predicted(d, r), _relations(d)) for d, r in zip(documents, results)),
            "event_level": score_events(zip(documents, results))}


def render(report: dict) -> str:
    """The report as text: span table (exact and overlap per role), then the event-level shares."""
    events = report["event_level"]
    inside, outside, sources = events["inside"], events["outside"], events["source_overlap"]
    lines = [f"articles {report['articles']}   relations gold {report['relations']['gold']}   "
             f"predicted {report['relations']['predicted']}"
             + (f"   skipped lines {len(report['skipped'])}" if report["skipped"] else "")
             + (f"   not coded {len(report['not_coded'])}" if report["not_coded"] else ""),
             "spans (one-to-one; exact: same characters, overlap: one character in common)",
             f"{'match':8} {'role':8} {'precision':>9} {'recall':>7} {'f1':>7} {'tp':>6} {'pred':>6} {'gold':>6}"]
    for match in MATCHES:
        for role, s in report["spans"][match].items():
            lines.append(f"{match:8} {role:8} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:7.3f}"
                         f" {s['tp']:6d} {s['predicted']:6d} {s['gold']:6d}")
    rows = [("inside content: status not asserted", inside["not_asserted"]),
            ("inside content: modality not asserted", inside["modality_not_asserted"]),
            ("inside content: status or modality not asserted", inside["status_or_modality"]),
            ("outside content: status asserted", outside["asserted"]),
            ("outside content: status and modality asserted", outside["asserted_and_modality_asserted"]),
            ("source overlap (inside, gold source given)", sources)]
    lines += [f"events {events['events']}", f"{'event level':48} {'right':>6} {'of':>6} {'share':>7}"]
    lines += [f"{name:48} {s['right']:6d} {s['gold']:6d} {s['share']:7.3f}" for name, s in rows]
    lines.append(f"events inside naming any source: {sources['with_named_source']} of {sources['gold']}")
    lines += [f"statuses {where}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
              for where, counts in events["statuses"].items()]
    for kind, found in events["misses"].items():
        if found:
            lines.append(f"misses, {kind.replace('_', ' ')} (first {min(len(found), SHOWN)}; --json: up to {MISSES}):")
            lines += [f"  {m['doc']} @{m['offset']} [{m['trigger']}] {m['status']}, named {m['sources'] or '-'}"
                      + (f", gold source {m['gold_source']!r}" if m.get("gold_source") else "") for m in found[:SHOWN]]
    return "\n".join(lines)
