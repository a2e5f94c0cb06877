"""The store's reads: pages of events cut by a cursor, one event with its reports, articles,
actors and dyads, a dyad's series over time, and pages of attribution relations.

Every value is bound as a parameter; the only text put into SQL comes from fixed
texts in this module and :mod:`eventwire.store.query`. Results are JSON-ready
(dates as ``YYYY-MM-DD``, no NaN), except the DataFrames of the series. An event
here is the stored record with the store's context:

>>> import tempfile, os
>>> from eventwire.store import open_store
>>> with open_store(os.path.join(tempfile.mkdtemp(), "s.duckdb")) as store:
...     store.events_page(EventQuery(actor="VEN", limit=10))
{'events': [], 'next_cursor': None, 'limit': 10}
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import pandas as pd

from .attribution_query import AttributionQuery
from .query import QUADS, SORT_KEYS, EventQuery, QueryError, check_period, pair_filter

ID_SEPARATOR = "-"
MONTH_DATED = "length(c.date_text) < 10"  # dated to a month (2025-11) or a year (2025) only
YEAR_DATED = "length(c.date_text) < 7"
# an outlet that is the article key: a store made before outlets were left empty when unknown
OUTLET = "CASE WHEN a.outlet = a.article_key THEN '' ELSE a.outlet END"

# an event with its article and canonical event; the fields are filled from fixed texts in this module
EVENT_SELECT = f"""
SELECT e.article_key, e.record, e.happened, e.canonical_id, a.id AS doc_id, a.title, a.url, {OUTLET} AS outlet,
       a.date AS article_date, c.num_mentions, c.num_sources, c.num_articles{{extra}}
FROM {{events}} JOIN articles a USING (article_key) JOIN canonical_events c ON c.id = e.canonical_id
WHERE {{where}} ORDER BY {{order}}"""


# an attribution relation with its article; {extra}, {where} and {order} are filled from fixed texts in this module
ATTRIBUTION_SELECT = f"""
SELECT t.article_key, t.record, a.id AS doc_id, a.title, a.url, {OUTLET} AS outlet, a.date AS article_date{{extra}}
FROM attributions t JOIN articles a USING (article_key)
WHERE {{where}} ORDER BY {{order}}"""
ATTRIBUTION_DAY = "coalesce(a.date, DATE '0001-01-01')"  # an undated article sorts as the oldest
ATTRIBUTION_POSITION = "lpad(t.content_start::VARCHAR, 10, '0') || ':' || t.id"  # text order within an article


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def holds_code(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    """Whether a stored actor has ``code`` as its code or country, or a code that starts with it."""
    return bool(con.execute("SELECT count(*) FROM actors WHERE code = ? OR country = ? OR starts_with(code, ?)",
                            [code, code, code]).fetchall()[0][0])


def events_page(con: duckdb.DuckDBPyConnection, query: EventQuery, count: bool = False) -> dict[str, Any]:
    """One page of events matching ``query``, in its sort, after its cursor, at most
    ``query.limit`` (50 when None) rows. The page's ``next_cursor`` (None on the last page)
    continues exactly after its last row; ``count`` adds ``total``, the events matching (all pages)."""
    limit = 50 if query.limit is None else query.limit
    where, params = query.where("e")
    descending = query.sort.startswith("-")
    key_sql, key_type = SORT_KEYS[query.sort.lstrip("-")]
    direction, compare = ("DESC", "<") if descending else ("ASC", ">")
    page: dict[str, Any] = {}
    if count:
        page["total"] = int(frame(con, f"SELECT count(*) AS n FROM events e WHERE {' AND '.join(where) or 'true'}",
                                  params).n[0])
    after = query.cursor_after()
    if after:
        where.append(f"({key_sql}, e.article_key, e.id) {compare} (?::{key_type}, ?, ?)")
        params.extend(after)
    # find, sort and cut the matching rows on the events table alone, then join the page's rows
    # (joining, and reading the JSON record of, every matching row would cost more than finding them)
    hit = (f"SELECT e.rowid AS row_id, {key_sql} AS sort_key FROM events e WHERE {' AND '.join(where) or 'true'} "
           f"ORDER BY {key_sql} {direction}, e.article_key {direction}, e.id {direction} LIMIT ?")
    sql = f"WITH hit AS ({hit}) " + EVENT_SELECT.format(
        extra=", hit.sort_key", events="hit JOIN events e ON e.rowid = hit.row_id", where="true",
        order=f"hit.sort_key {direction}, e.article_key {direction}, e.id {direction}")
    rows = frame(con, sql, params + [limit + 1]).to_dict("records")
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more else None
    next_cursor = query.cursor_for(last["sort_key"], last["article_key"],
                                   json.loads(last["record"])["id"]) if last else None
    return {"events": [api_event(row) for row in rows], "next_cursor": next_cursor, "limit": limit, **page}


def event(con: duckdb.DuckDBPyConnection, event_id: str, max_reports: int | None = None) -> dict[str, Any] | None:
    """The event ``ARTICLEKEY-EVENTID`` with ``reports``: every report of its canonical event, in
    the order they were stored (the first ``max_reports`` of them), and ``reports_total``."""
    article_key, _, record_id = event_id.partition(ID_SEPARATOR)
    rows = frame(con, EVENT_SELECT.format(extra="", events="events e", where="e.article_key = ? AND e.id = ?",
                                          order="e.id"), [article_key, record_id]).to_dict("records")
    if not rows:
        return None
    found = api_event(rows[0])
    limit = "" if max_reports is None else f" LIMIT {int(max_reports)}"
    reports = frame(con, EVENT_SELECT.format(extra="", events="events e", where="e.canonical_id = ?",
                                             order="a.seq, e.sentence, e.id") + limit,
                    [rows[0]["canonical_id"]]).to_dict("records")
    found["reports"] = [api_event(row) for row in reports]
    found["reports_total"] = int(con.execute("SELECT count(*) FROM events WHERE canonical_id = ?",
                                             [rows[0]["canonical_id"]]).fetchall()[0][0])
    return found


def articles_page(con: duckdb.DuckDBPyConnection, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Stored articles, newest first (by date; undated ones last; then the last stored first)."""
    rows = frame(con, f"SELECT a.article_key AS id, a.id AS doc_id, a.title, a.url, {OUTLET} AS outlet, a.date, "
                      "a.events FROM articles a ORDER BY a.date DESC NULLS LAST, a.seq DESC LIMIT ? OFFSET ?",
                 [limit, offset]).to_dict("records")
    return {"articles": [plain(row) for row in rows], "limit": limit, "offset": offset}


def article(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, Any] | None:
    """One article: its fields, stored text, near-duplicates it repeats, and every event coded from it."""
    rows = frame(con, f"SELECT a.article_key AS id, a.id AS doc_id, a.title, a.url, {OUTLET} AS outlet, a.published, "
                      "a.date, a.events, a.sentences, a.text FROM articles a WHERE a.article_key = ?",
                 [key]).to_dict("records")
    if not rows:
        return None
    found = plain(rows[0])
    found["duplicate_of"] = frame(con, "SELECT duplicate_of AS id, similarity FROM near_duplicates "
                                       "WHERE article_key = ? ORDER BY similarity DESC", [key]).to_dict("records")
    events = frame(con, EVENT_SELECT.format(extra="", events="events e", where="e.article_key = ?",
                                            order="e.sentence, e.trigger_start, e.id"), [key]).to_dict("records")
    found["events"] = [api_event(row) for row in events]
    relations = frame(con, ATTRIBUTION_SELECT.format(extra="", where="t.article_key = ?",
                                                     order="t.content_start, t.id"), [key]).to_dict("records")
    found["attributions"] = [api_attribution(row, with_article=False) for row in relations]
    return found


def holds_source(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    """Whether a stored attribution's source has ``code`` as its country or a code that starts with it."""
    return bool(con.execute("SELECT count(*) FROM attributions WHERE source_country = ? OR starts_with(source_code, ?)",
                            [code, code]).fetchall()[0][0])


def attributions_page(con: duckdb.DuckDBPyConnection, query: AttributionQuery, count: bool = False) -> dict[str, Any]:
    """One page of attribution relations matching ``query``: by article date (newest first for
    ``-date``), each article's in the order of its text, after the query's cursor, at most
    ``query.limit`` rows (every one when None). ``next_cursor`` (None on the last page) continues
    after the page's last row; ``count`` adds ``total``, the relations matching (all pages)."""
    where, params = query.where("t", "a")
    page: dict[str, Any] = {}
    if count:
        page["total"] = int(con.execute("SELECT count(*) FROM attributions t JOIN articles a USING (article_key) "
                                        f"WHERE {' AND '.join(where) or 'true'}", params).fetchall()[0][0])
    direction, compare = ("DESC", "<") if query.sort.startswith("-") else ("ASC", ">")
    after = query.cursor_after()
    if after:
        where.append(f"({ATTRIBUTION_DAY} {compare} ?::DATE OR ({ATTRIBUTION_DAY} = ?::DATE AND "
                     f"(t.article_key {compare} ? OR (t.article_key = ? AND {ATTRIBUTION_POSITION} > ?))))")
        params.extend([after[0], after[0], after[1], after[1], after[2]])
    sql = ATTRIBUTION_SELECT.format(
        extra=f", {ATTRIBUTION_DAY} AS sort_day, {ATTRIBUTION_POSITION} AS position",
        where=" AND ".join(where) or "true", order=f"sort_day {direction}, t.article_key {direction}, position")
    limit = query.limit
    rows = frame(con, sql + (" LIMIT ?" if limit is not None else ""),
                 params + ([limit + 1] if limit is not None else [])).to_dict("records")
    more = limit is not None and len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more else None
    next_cursor = query.cursor_for(last["sort_day"], last["article_key"], last["position"]) if last else None
    return {"attributions": [api_attribution(row) for row in rows], "next_cursor": next_cursor, "limit": limit,
            **page}


def actors(con: duckdb.DuckDBPyConnection, level: str = "country", query: EventQuery | None = None,
           limit: int = 20) -> dict[str, Any]:
    """The most active actors and the strongest dyads, over the canonical events ``query``
    matches (its dates and ``include_hypothetical``).

    ``level="country"`` counts ``USA`` for ``USAGOV`` (an actor with no country keeps its
    code, ``IGOUNO``); ``level="code"`` keeps full codes. A bare sector with no country
    (``GOV``: "the government", whose?) is left out. A dyad is unordered: ``a`` sorts before ``b``.
    """
    if level not in ("country", "code"):
        raise QueryError(f"level: one of country, code, not {level!r}")
    named = "c.{role}_country IS NOT NULL OR c.{role}_code <> c.{role}_sector"  # not just "a government"
    side = {"country": f"CASE WHEN {named} THEN coalesce(c.{{role}}_country, c.{{role}}_code) END",
            "code": f"CASE WHEN {named} THEN c.{{role}}_code END"}[level]
    where, params = (query or EventQuery()).where("c", canonical=True)
    hits = (f"SELECT {side.format(role='source')} AS s, {side.format(role='target')} AS t, c.goldstein, "
            f"c.quad_class FROM canonical_events c WHERE {' AND '.join(where) or 'true'}")
    top_actors = frame(con, f"""
        WITH hits AS ({hits}),
        sides AS (SELECT s AS actor, 1 AS as_source, 0 AS as_target, goldstein FROM hits WHERE s IS NOT NULL
                  UNION ALL SELECT t, 0, 1, goldstein FROM hits WHERE t IS NOT NULL)
        SELECT actor, count(*) AS events, sum(as_source)::BIGINT AS as_source,
               sum(as_target)::BIGINT AS as_target, round(avg(goldstein), 2) AS goldstein_mean
        FROM sides GROUP BY actor ORDER BY events DESC, actor LIMIT ?""", params + [limit])
    top_dyads = frame(con, f"""
        WITH hits AS ({hits})
        SELECT least(s, t) AS a, greatest(s, t) AS b, count(*) AS events,
               count(*) FILTER (WHERE s < t) AS a_to_b, count(*) FILTER (WHERE s > t) AS b_to_a,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               round(avg(goldstein), 2) AS goldstein_mean
        FROM hits WHERE s IS NOT NULL AND t IS NOT NULL AND s <> t
        GROUP BY ALL ORDER BY events DESC, a, b LIMIT ?""", params + [limit])
    return {"level": level, "actors": [plain(r) for r in top_actors.to_dict("records")],
            "dyads": [plain(r) for r in top_dyads.to_dict("records")]}


def dyad_series(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str = "week", directed: bool = False,
                query: EventQuery | None = None, max_periods: int | None = None) -> pd.DataFrame:
    """Canonical events between ``a`` and ``b`` per period (gaps filled with zeros): counts per
    quad class, all events, their reports (an article reporting two of them counts twice:
    GDELT's NumArticles summed), Goldstein sum and mean; ``query`` gives the dates and
    ``include_hypothetical``.

    An event dated only to a month (or a year) is not counted in those columns of a day or
    week series (nor a year-dated one in a month series): its day is not known. It counts in
    ``month_dated``, on the first period that starts in its month (year), so it never falls
    outside its month.

    ``max_periods``: a QueryError naming the cap and the span instead of a longer series (the
    span is ``since`` to ``until``, or the first and last event where one is not given).
    """
    where, params = _dyad_where(a, b, by, directed, query)
    if max_periods is not None:
        _check_span(con, by, where, params, query or EventQuery(), max_periods)
    quads = ", ".join(f"count(h.quad_class) FILTER (WHERE h.quad_class = {i}) AS {name}"
                      for i, name in enumerate(QUADS, 1))
    query = query or EventQuery()
    sql = f"""
    WITH hits AS (
        SELECT {_period(by)} AS period, {_coarse(by)} AS coarse, c.quad_class, c.goldstein, c.num_articles
        FROM canonical_events c WHERE {' AND '.join(where)}),
    dated AS (SELECT * FROM hits WHERE NOT coarse),
    span AS (
        SELECT coalesce(date_trunc('{by}', ?::DATE)::DATE, min(period)) AS lo,
               coalesce(date_trunc('{by}', ?::DATE)::DATE, max(period)) AS hi FROM hits),
    periods AS (
        SELECT unnest(generate_series(lo::TIMESTAMP, hi::TIMESTAMP, INTERVAL 1 {by}))::DATE AS period
        FROM span WHERE lo IS NOT NULL AND hi IS NOT NULL),
    counted AS (
        SELECT p.period, {quads}, count(h.period) AS events,
               coalesce(sum(h.num_articles), 0)::BIGINT AS reports,
               coalesce(sum(h.goldstein), 0) AS goldstein_sum, avg(h.goldstein) AS goldstein_mean
        FROM periods p LEFT JOIN dated h USING (period) GROUP BY p.period),
    month_dated AS (SELECT period, count(*) AS month_dated FROM hits WHERE coarse GROUP BY period)
    SELECT counted.*, coalesce(m.month_dated, 0) AS month_dated
    FROM counted LEFT JOIN month_dated m USING (period) ORDER BY counted.period
    """
    return frame(con, sql, params + [query.since, query.until])


def dyad_types(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str = "week", directed: bool = False,
               query: EventQuery | None = None) -> pd.DataFrame:
    """The events counted in :func:`dyad_series`, per period and event type (columns ``period``,
    ``event_type``, ``events``; periods without events are absent)."""
    where, params = _dyad_where(a, b, by, directed, query)
    return frame(con, f"SELECT {_period(by)} AS period, c.event_type, count(*) AS events "
                      f"FROM canonical_events c WHERE {' AND '.join(where)} AND NOT ({_coarse(by)}) "
                      "GROUP BY ALL ORDER BY period, events DESC, c.event_type", params)


def _dyad_where(a: str, b: str, by: str, directed: bool, query: EventQuery | None) -> tuple[list[str], list]:
    """WHERE conditions for dated canonical events between ``a`` and ``b``."""
    check_period(by)
    pair, params = pair_filter("c", a, b, directed)
    rest, p_rest = (query or EventQuery()).where("c", canonical=True)
    return [pair, *rest, "c.date IS NOT NULL"], params + p_rest


def _check_span(con: duckdb.DuckDBPyConnection, by: str, where: list[str], params: list, query: EventQuery,
                max_periods: int) -> None:
    """QueryError unless the series of ``query`` has at most ``max_periods`` periods of ``by``."""
    lo, hi = query.since, query.until
    if lo is None or hi is None:
        [(first, last)] = con.execute(f"SELECT min(c.date), max(c.date) FROM canonical_events c "
                                      f"WHERE {' AND '.join(where)}", params).fetchall()
        lo, hi = lo or first, hi or last
    count = periods_between(lo, hi, by)
    if count > max_periods:
        raise QueryError(f"by={by}: {count:,} periods from {lo} to {hi}; a series has at most {max_periods:,} "
                         "(narrow since/until, or count by a longer period)")


def periods_between(lo: dt.date | None, hi: dt.date | None, by: str) -> int:
    """How many periods of ``by`` a series from ``lo`` to ``hi`` has (0 when either is None or hi < lo).

    >>> year = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    >>> periods_between(*year, "day"), periods_between(*year, "month"), \
periods_between(dt.date(2025, 12, 28), dt.date(2025, 12, 29), "week")
    (365, 12, 2)
    """
    if lo is None or hi is None or hi < lo:
        return 0
    if by == "month":
        return (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    if by == "week":
        return (hi - dt.timedelta(days=hi.weekday()) - (lo - dt.timedelta(days=lo.weekday()))).days // 7 + 1
    return (hi - lo).days + 1


def _coarse(by: str) -> str:
    """SQL: the event's date is coarser than a period of ``by``."""
    return {"day": MONTH_DATED, "week": MONTH_DATED, "month": YEAR_DATED}[by] + " IS TRUE"


def _period(by: str) -> str:
    """SQL: the period of an event; for a month- or year-dated one (whose date is the first day),
    the first period that starts in its month or year."""
    first = "date_trunc('week', c.date + 6)::DATE" if by == "week" else "c.date"
    return f"CASE WHEN {_coarse(by)} THEN {first} ELSE date_trunc('{by}', c.date)::DATE END"


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


def api_attribution(row: dict[str, Any], with_article: bool = True) -> dict[str, Any]:
    """The API form of a stored attribution relation: the record, its id and its events' ids made
    unique in the store (``ARTICLEKEY-ID``, as events have them), and its article."""
    record = json.loads(row["record"])
    relation_id = record.pop("id")
    key = row["article_key"]
    found = {"id": f"{key}{ID_SEPARATOR}{relation_id}", "attribution_id": relation_id, **record,
             "events": [f"{key}{ID_SEPARATOR}{event_id}" for event_id in record.get("events") or []]}
    if with_article:
        found["article"] = plain({"id": key, "doc_id": row["doc_id"], "title": row["title"], "url": row["url"],
                                  "outlet": row["outlet"], "date": row["article_date"]})
    return found


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
