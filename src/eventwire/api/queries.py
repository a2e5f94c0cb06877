"""The API's reads: pages of events cut by a cursor, one event with its reports, articles, actors.

Every value is bound as a parameter; the only text put into SQL comes from the
fixed tables below. An API event is the stored record with the store's context:

>>> import tempfile, os
>>> from eventwire.store import open_store
>>> with open_store(os.path.join(tempfile.mkdtemp(), "s.duckdb")) as store:
...     page = events_page(store, {"actor": "VEN"}, sort="-date", limit=10)
>>> page
{'events': [], 'next_cursor': None, 'limit': 10}
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

import pandas as pd

from ..actors.labels import actor_label
from ..store.query import filters, pair_filter

# sort name -> (SQL of its key, never NULL so that rows compare; the type a cursor's value is cast to)
SORT_KEYS = {
    "date": ("coalesce(e.date, DATE '0001-01-01')", "DATE"),
    "goldstein": ("coalesce(e.goldstein, -99.0)", "DOUBLE"),
    "mentions": ("coalesce(e.mentions, 0)::DOUBLE", "DOUBLE"),
    "confidence": ("coalesce(e.confidence, -1.0)", "DOUBLE"),
}
SORTS = tuple(f"{sign}{name}" for name in SORT_KEYS for sign in ("-", ""))
ID_SEPARATOR = "-"

# an event with its article and canonical event; the fields are filled from fixed texts in this module
EVENT_SELECT = """
SELECT e.article_key, e.record, e.happened, e.canonical_id, a.id AS doc_id, a.title, a.url, a.outlet,
       a.date AS article_date, c.num_mentions, c.num_sources, c.num_articles{extra}
FROM {events} JOIN articles a USING (article_key) JOIN canonical_events c ON c.id = e.canonical_id
WHERE {where} ORDER BY {order}"""


class BadCursor(ValueError):
    """A cursor that this listing did not hand out."""


def events_page(store, criteria: dict[str, Any], sort: str = "-date", limit: int = 50,
                cursor: str | None = None, directed: bool = True, count: bool = False) -> dict[str, Any]:
    """One page of events matching ``criteria`` (the keyword arguments of
    :func:`eventwire.store.query.filters`), sorted by ``sort`` and cut after ``cursor``.

    ``directed=False`` makes ``criteria["dyad"]`` match either way round. The page's
    ``next_cursor`` (None on the last page) continues exactly after its last row; ``count``
    adds ``total``, the number of events matching (all pages).
    """
    criteria = dict(criteria)
    dyad = criteria.pop("dyad", None)
    where, params = filters("e", **criteria)
    if dyad:
        pair, pair_params = pair_filter("e", *dyad, directed=directed)
        where, params = where + [pair], params + pair_params
    descending = sort.startswith("-")
    key_sql, key_type = SORT_KEYS[sort.lstrip("-")]
    direction, compare = ("DESC", "<") if descending else ("ASC", ">")
    page: dict[str, Any] = {}
    if count:
        page["total"] = int(store.sql(f"SELECT count(*) AS n FROM events e WHERE {' AND '.join(where) or 'true'}",
                                      params).n[0])
    if cursor:
        where.append(f"({key_sql}, e.article_key, e.id) {compare} (?::{key_type}, ?, ?)")
        params.extend(decode_cursor(cursor, sort))
    # find, sort and cut the matching rows on the events table alone, then join the page's rows
    # (joining, and reading the JSON record of, every matching row would cost more than finding them)
    hit = (f"SELECT e.rowid AS row_id, {key_sql} AS sort_key FROM events e WHERE {' AND '.join(where) or 'true'} "
           f"ORDER BY {key_sql} {direction}, e.article_key {direction}, e.id {direction} LIMIT ?")
    sql = f"WITH hit AS ({hit}) " + EVENT_SELECT.format(
        extra=", hit.sort_key", events="hit JOIN events e ON e.rowid = hit.row_id", where="true",
        order=f"hit.sort_key {direction}, e.article_key {direction}, e.id {direction}")
    rows = store.sql(sql, params + [limit + 1]).to_dict("records")
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more else None
    next_cursor = encode_cursor(sort, last["sort_key"], last["article_key"], json.loads(last["record"])["id"]) \
        if last else None
    return {"events": [api_event(row) for row in rows], "next_cursor": next_cursor, "limit": limit, **page}


def event(store, event_id: str) -> dict[str, Any] | None:
    """The event ``ARTICLEKEY-EVENTID`` with ``reports``: every report of its canonical event."""
    article_key, _, record_id = event_id.partition(ID_SEPARATOR)
    rows = store.sql(EVENT_SELECT.format(extra="", events="events e", where="e.article_key = ? AND e.id = ?",
                                         order="e.id"), [article_key, record_id]).to_dict("records")
    if not rows:
        return None
    found = api_event(rows[0])
    reports = store.sql(EVENT_SELECT.format(extra="", events="events e", where="e.canonical_id = ?",
                                            order="a.seq, e.sentence, e.id"),
                        [rows[0]["canonical_id"]]).to_dict("records")
    found["reports"] = [api_event(row) for row in reports]
    return found


def articles_page(store, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Stored articles, newest stored first."""
    rows = store.sql("SELECT article_key AS id, id AS doc_id, title, url, outlet, date, events FROM articles "
                     "ORDER BY seq DESC LIMIT ? OFFSET ?", [limit, offset]).to_dict("records")
    return {"articles": [plain(row) for row in rows], "limit": limit, "offset": offset}


def article(store, key: str) -> dict[str, Any] | None:
    """One article: its fields, stored text, near-duplicates it repeats, and every event coded from it."""
    rows = store.sql("SELECT article_key AS id, id AS doc_id, title, url, outlet, published, date, events, "
                     "sentences, text FROM articles WHERE article_key = ?", [key]).to_dict("records")
    if not rows:
        return None
    found = plain(rows[0])
    found["duplicate_of"] = store.sql("SELECT duplicate_of AS id, similarity FROM near_duplicates "
                                      "WHERE article_key = ? ORDER BY similarity DESC", [key]).to_dict("records")
    events = store.sql(EVENT_SELECT.format(extra="", events="events e", where="e.article_key = ?",
                                           order="e.sentence, e.trigger_start, e.id"), [key]).to_dict("records")
    found["events"] = [api_event(row) for row in events]
    return found


def actors(store, level: str = "country", since=None, until=None, include_hypothetical: bool = False,
           limit: int = 20) -> dict[str, Any]:
    """The most active actors and the strongest dyads, over canonical events.

    ``level="country"`` counts ``USA`` for ``USAGOV`` (an actor with no country keeps its
    code, ``IGOUNO``); ``level="code"`` keeps full codes. Each comes with its name in words.
    A bare sector with no country (``GOV``: "the government", whose?) is left out. A dyad is
    unordered: ``a`` sorts before ``b``.
    """
    named = "c.{role}_country IS NOT NULL OR c.{role}_code <> c.{role}_sector"  # not just "a government"
    side = {"country": f"CASE WHEN {named} THEN coalesce(c.{{role}}_country, c.{{role}}_code) END",
            "code": f"CASE WHEN {named} THEN c.{{role}}_code END"}[level]
    where, params = filters("c", since=since, until=until, include_hypothetical=include_hypothetical)
    hits = (f"SELECT {side.format(role='source')} AS s, {side.format(role='target')} AS t, c.goldstein, "
            f"c.quad_class FROM canonical_events c WHERE {' AND '.join(where)}")
    top_actors = store.sql(f"""
        WITH hits AS ({hits}),
        sides AS (SELECT s AS actor, 1 AS as_source, 0 AS as_target, goldstein FROM hits WHERE s IS NOT NULL
                  UNION ALL SELECT t, 0, 1, goldstein FROM hits WHERE t IS NOT NULL)
        SELECT actor, count(*) AS events, sum(as_source)::BIGINT AS as_source,
               sum(as_target)::BIGINT AS as_target, round(avg(goldstein), 2) AS goldstein_mean
        FROM sides GROUP BY actor ORDER BY events DESC, actor LIMIT ?""", params + [limit])
    top_dyads = store.sql(f"""
        WITH hits AS ({hits})
        SELECT least(s, t) AS a, greatest(s, t) AS b, count(*) AS events,
               count(*) FILTER (WHERE s < t) AS a_to_b, count(*) FILTER (WHERE s > t) AS b_to_a,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               round(avg(goldstein), 2) AS goldstein_mean
        FROM hits WHERE s IS NOT NULL AND t IS NOT NULL AND s <> t
        GROUP BY ALL ORDER BY events DESC, a, b LIMIT ?""", params + [limit])
    named_actors = [{**plain(r), "name": actor_label(r["actor"])} for r in top_actors.to_dict("records")]
    named_dyads = [{**plain(r), "a_name": actor_label(r["a"]), "b_name": actor_label(r["b"])}
                   for r in top_dyads.to_dict("records")]
    return {"level": level, "actors": named_actors, "dyads": named_dyads}


def api_event(row: dict[str, Any]) -> dict[str, Any]:
    """The API form of a stored event: the record, its id made unique in the store, and its context."""
    record = json.loads(row["record"])
    event_id = record.pop("id")
    return {
        "id": f"{row['article_key']}{ID_SEPARATOR}{event_id}", "event_id": event_id, **record,
        "happened": bool(row["happened"]),
        "article": plain({"id": row["article_key"], "doc_id": row["doc_id"], "title": row["title"],
                           "url": row["url"], "outlet": row["outlet"], "date": row["article_date"]}),
        "canonical": {"id": row["canonical_id"], "num_mentions": int(row["num_mentions"]),
                      "num_sources": int(row["num_sources"]), "num_articles": int(row["num_articles"])},
    }


def encode_cursor(sort: str, key: Any, article_key: str, record_id: str) -> str:
    """An opaque cursor: where the page after this row starts.

    >>> cursor = encode_cursor("-date", dt.date(2025, 12, 1), "k1", "e1")
    >>> decode_cursor(cursor, "-date")
    ['2025-12-01', 'k1', 'e1']
    """
    value = _json_value(key) if isinstance(key, dt.date) else float(key)
    raw = json.dumps([sort, value, article_key, record_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    """The sort key, article key and record id in ``cursor``; BadCursor if it is not one of
    ours or was made for another sort.

    >>> decode_cursor("bm9wZQ", "-date")
    Traceback (most recent call last):
    ...
    eventwire.api.queries.BadCursor: cursor: not a cursor handed out by this listing
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, article_key, record_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        raise BadCursor("cursor: not a cursor handed out by this listing") from None
    if made_for != sort:
        raise BadCursor(f"cursor: made for sort={made_for}, not sort={sort}")
    return [value, str(article_key), str(record_id)]


def plain(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` ready for JSON: dates as ``YYYY-MM-DD``, NaN/NaT as None, numpy numbers as Python ones."""
    return {key: _json_value(value) for key, value in row.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, (str, list, dict)):
        return value
    if value is None or pd.isna(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value
