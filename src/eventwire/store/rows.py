"""Table rows for one coded article: its article row, event rows, actor rows, sentence rows, attribution rows.

The event row is the flat CSV row of :func:`eventwire.output.flatten` plus the
store's own columns (``happened``, a ``DATE`` ``date``, the JSON ``record``).

>>> from eventwire.records import Actor, Article, Event
>>> article = Article(id="a1", text="Russia attacked Ukraine.", url="https://example.com/x")
>>> article_key(article) == article_key(Article(id="a1", text="Russia attacked Ukraine.", title="New"))
True
>>> article_key(article) == article_key(Article(id="a2", text=article.text))
False
>>> outlet(article), outlet(Article(id="a3", text="x", source="Reuters")), outlet(Article(id="a4", text="x"))
('example.com', 'Reuters', '')
>>> e = Event(doc_id="a1", sentence=0, event_type="ASSAULT", cameo="190", date="2025-11",
...           trigger={"text": "attacked", "start": 7, "end": 15}, text="Russia attacked Ukraine.",
...           evidence={"start": 0, "end": 24}, source=Actor(text="Russia", code="RUS", country="RUS"))
>>> row = event_row(e, "k")
>>> row["date"], row["date_text"], row["source_country"], row["happened"]
(datetime.date(2025, 11, 1), '2025-11', 'RUS', True)
>>> [(r["role"], r["code"]) for r in actor_rows(e, "k")]
[('source', 'RUS')]
>>> relation = Attribution(doc_id="a1", sentence=0, content={"text": "talks failed", "start": 15, "end": 27},
...                        source={"text": "Officials", "start": 0, "end": 9}, events=["e1"])
>>> row = attribution_row(relation, "k")
>>> row["source_text"], row["cue_text"], row["content_start"], row["quote"], row["events"]
('Officials', None, 15, False, ['e1'])
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

from ..attributes import counts_as_happened
from ..clean import normalise
from ..dates import first_day
from ..records import Article, Attribution, Event
from ..output import flatten

ACTOR_COLUMNS = ("text", "code", "country", "sector", "name", "wikidata", "reason")


def article_key(article: Article) -> str:
    """Content hash of the article's id and normalised text: equal keys, same article."""
    digest = hashlib.sha1(f"{article.id}\x1f{normalise(article.text or '')}".encode())
    return digest.hexdigest()[:20]


def outlet(article: Article) -> str:
    """Who published it: the source, else the URL's host (without ``www.``), else empty
    (``num_sources`` then counts the article as an outlet of its own)."""
    if article.source:
        return article.source
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else ""


def event_row(event: Event, key: str) -> dict[str, Any]:
    """The ``events`` row (without ``canonical_id``, which merging assigns)."""
    row = flatten(event)
    row["article_key"] = key
    row["date_text"] = event.date
    row["date"] = first_day(event.date)
    row["happened"] = counts_as_happened(event)
    row["record"] = json.dumps(event.to_dict(), ensure_ascii=False)
    return row


def actor_rows(event: Event, key: str) -> list[dict[str, Any]]:
    """One ``actors`` row per coded side of ``event``."""
    rows = []
    for role in ("source", "target"):
        actor = getattr(event, role)
        if actor is None:
            continue
        row = {c: getattr(actor, c) for c in ACTOR_COLUMNS}
        row.update(article_key=key, event_id=event.id, role=role, start_char=actor.start, end_char=actor.end)
        rows.append(row)
    return rows


def sentence_rows(events: list[Event], key: str) -> list[dict[str, Any]]:
    """The evidence sentences of ``events``, once each."""
    rows: dict[int, dict[str, Any]] = {}
    for event in events:
        rows.setdefault(event.sentence, {
            "article_key": key, "sentence": event.sentence, "start_char": event.evidence.get("start"),
            "end_char": event.evidence.get("end"), "text": event.text})
    return list(rows.values())


def attribution_row(relation: Attribution, key: str) -> dict[str, Any]:
    """The ``attributions`` row of one attribution relation: its spans and source actor flat, its JSON whole."""
    row: dict[str, Any] = {"article_key": key, "id": relation.id, "doc_id": relation.doc_id,
                           "sentence": relation.sentence, "quote": bool(relation.quote),
                           "events": list(relation.events),
                           "record": json.dumps(relation.to_dict(), ensure_ascii=False)}
    for part in ("source", "cue", "content"):
        span = getattr(relation, part) or {}
        row.update({f"{part}_{field}": span.get(field) for field in ("text", "start", "end")})
    actor = relation.source_actor
    row.update({f"source_{field}": getattr(actor, field) if actor else None
                for field in ("code", "country", "sector", "name", "wikidata")})
    return row
