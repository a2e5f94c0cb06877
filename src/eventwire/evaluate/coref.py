"""``coref``: coreference, scored on labelled anaphoric mentions resolved in document order.

The format: JSON lines ``{"id", "date", "text", "mentions": [{"text", "occurrence",
"name"}]}`` where ``occurrence`` counts matches of ``text`` in the document (1 = first,
the default) and ``name`` is the canonical name expected (``"A; B"`` for a group). Every
noun chunk and labelled mention is resolved in order, as the coder does, so the state the
rules see is the one they see in production. A mention is right when the resolved name
is the expected one (groups compare as sets). ``--rule`` changes nothing here.

    eventwire eval --format coref tests/data/actors/coref_heldout.jsonl

>>> line = '{"id": "d", "text": "Trump said he would go.", "mentions": [{"text": "he", "name": "Donald Trump"}]}'
>>> [doc] = parse([line], "gold.jsonl")
>>> doc.mentions[0].start, doc.line
(11, 1)
>>> score_mentions([("he", "Donald Trump", "Donald Trump"), ("she", "Kaja Kallas", None)])["accuracy"]
0.5
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..actors import ActorResolver
from ..errors import InputError
from .common import read_text

NAME = "coref"
DESCRIPTION = "JSONL id/date/text/mentions: coreference of pronouns, surnames and titles"


@dataclass(frozen=True)
class Mention:
    """One labelled mention: where it starts and ends in the text, and the name expected."""

    text: str
    occurrence: int
    start: int
    name: str


@dataclass(frozen=True)
class Document:
    """One labelled document and its line in the gold file."""

    id: str
    date: str | None
    text: str
    mentions: tuple[Mention, ...]
    line: int


def _document(line: str, number: int, where: str) -> Document:
    try:
        record = json.loads(line)
        text = record["text"]
        mentions = []
        for m in record["mentions"]:
            found = [x.start() for x in re.finditer(rf"\b{re.escape(m['text'])}\b", text)]
            occurrence = m.get("occurrence", 1)
            if not 1 <= occurrence <= len(found):
                raise ValueError(f"{m['text']!r} occurs {len(found)} times, not {occurrence}")
            mentions.append(Mention(m["text"], occurrence, found[occurrence - 1], m["name"]))
        return Document(str(record["id"]), record.get("date"), text, tuple(mentions), number)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"expected a labelled document ({exc})", where=f"{where}:{number}") from None


def parse(lines: Iterable[str], where: str) -> list[Document]:
    """The labelled documents of JSON ``lines`` (blank lines skipped); InputError naming ``where:LINE``."""
    return [_document(line, number, where) for number, line in enumerate(lines, 1) if line.strip()]


def load(path: Path) -> list[Document]:
    """The labelled documents of a coreference gold file."""
    return parse(read_text(path).splitlines(), str(path))


def resolve(gold: list[Document], resolver: ActorResolver | None = None,
            nlp=None) -> list[tuple[str, str, str | None]]:
    """(mention, expected name, resolved name) for every labelled mention, in document order."""
    from ..nlp import load as load_nlp

    resolver = resolver or ActorResolver()
    nlp = nlp or load_nlp()
    results = []
    for document in gold:
        doc = nlp(document.text)
        labelled = {m.start: (doc.char_span(m.start, m.start + len(m.text)), m) for m in document.mentions}
        actors = resolver.for_document(doc, document.date)
        spans = {chunk.start_char: chunk for chunk in doc.noun_chunks}
        spans.update({start: span for start, (span, _) in labelled.items()})
        for start in sorted(spans):
            actor = actors.resolve(spans[start])
            if start in labelled:
                m = labelled[start][1]
                results.append((f"{document.id}: {m.text}#{m.occurrence}", m.name, actor.name if actor else None))
    return results


def _names(value: str | None) -> frozenset[str]:
    return frozenset(n.strip() for n in (value or "").split(";") if n.strip())


def score_mentions(results: list[tuple[str, str, str | None]]) -> dict:
    """Accuracy of (mention, expected name, resolved name) triples; groups compare as sets."""
    correct = sum(_names(want) == _names(got) for _, want, got in results)
    return {"mentions": len(results), "correct": correct,
            "accuracy": round(correct / len(results), 4) if results else 0.0}


def score(coder, gold: list[Document], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Accuracy over every labelled mention, and the mentions resolved wrongly."""
    results = resolve(gold, nlp=getattr(coder, "nlp", None))
    return {"format": NAME, "documents": len(gold), **score_mentions(results),
            "misses": [{"mention": mention, "expected": want, "resolved": got}
                       for mention, want, got in results if _names(want) != _names(got)]}


def render(report: dict) -> str:
    """The report as text: the accuracy, then each miss."""
    lines = [f"documents {report['documents']}   mentions {report['mentions']}   right {report['correct']}   "
             f"accuracy {report['accuracy']:.4f}"]
    lines += [f"  miss  {m['mention']}: expected {m['expected']!r}, got {m['resolved']!r}" for m in report["misses"]]
    return "\n".join(lines)
