"""The store's two questions as SQL: which events match these filters, and a dyad's series over time.

Filters are the same for the Python API and the CLI. An actor is a country code
(``VEN``: any actor of that country, or the bare country code) or a full code
(``VENGOV``); a dyad is ``"USA:VEN"`` (source, then target).

>>> sql, params = events_sql(dyad="USA:VENGOV", event_type="threaten", since="2025-11-01")
>>> params
['USA', 'USA', 'VENGOV', 'THREATEN', datetime.date(2025, 11, 1)]
>>> "e.happened" in sql
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ..dates import day

PERIODS = ("day", "week", "month")
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


def parse_dyad(dyad: str | tuple[str, str]) -> tuple[str, str]:
    """``"USA:VEN"`` or ``("USA", "VEN")`` as a pair of upper-case codes.

    >>> parse_dyad("usa:ven")
    ('USA', 'VEN')
    """
    parts = dyad.split(":") if isinstance(dyad, str) else list(dyad)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise ValueError(f"a dyad is SOURCE:TARGET, such as USA:VEN, not {dyad!r}")
    return parts[0].strip().upper(), parts[1].strip().upper()


def _side(alias: str, role: str, code: str) -> tuple[str, list[str]]:
    """SQL matching ``code`` on one side: a country code matches the country or the bare code."""
    code = code.strip().upper()
    if len(code) == 3:
        return f"({alias}.{role}_country = ? OR {alias}.{role}_code = ?)", [code, code]
    return f"{alias}.{role}_code = ?", [code]


def filters(alias: str, actor: str | None = None, dyad: str | tuple[str, str] | None = None,
            event_type: str | None = None, cameo: str | None = None, since: str | dt.date | None = None,
            until: str | dt.date | None = None, include_hypothetical: bool = False, source: str | None = None,
            target: str | None = None, cameo_root: str | None = None, quad_class: int | None = None,
            attribution: Sequence[str] = (), modality: Sequence[str] = (),
            text: str | None = None) -> tuple[list[str], list]:
    """WHERE conditions and their parameters over a table aliased ``alias`` (events or canonical;
    ``attribution`` statuses, ``modality`` values and ``text``, a case-insensitive substring of
    the evidence sentence, exist on events only).

    >>> filters("e", source="usa", attribution=["alleged", "claimed"], text="Missile")
    (['(e.source_country = ? OR e.source_code = ?)', 'e.attribution_status IN (?, ?)', \
'contains(lower(e.text), ?)', 'e.happened'], ['USA', 'USA', 'alleged', 'claimed', 'missile'])
    """
    where: list[str] = []
    params: list = []

    def add(sql: str, values: list) -> None:
        where.append(sql)
        params.extend(values)

    if actor:
        (src, p1), (tgt, p2) = _side(alias, "source", actor), _side(alias, "target", actor)
        add(f"({src} OR {tgt})", p1 + p2)
    for role, code in (("source", source), ("target", target)):
        if code:
            add(*_side(alias, role, code))
    if dyad:
        a, b = parse_dyad(dyad)
        (src, p1), (tgt, p2) = _side(alias, "source", a), _side(alias, "target", b)
        add(f"{src} AND {tgt}", p1 + p2)
    if event_type:
        add(f"{alias}.event_type = ?", [event_type.strip().upper()])
    if cameo:
        add(f"starts_with({alias}.cameo, ?)", [cameo.strip()])
    if cameo_root:
        add(f"{alias}.cameo_root = ?", [cameo_root.strip()])
    if quad_class is not None:
        add(f"{alias}.quad_class = ?", [int(quad_class)])
    for column, values in (("attribution_status", attribution), ("modality", modality)):
        if values:
            add(f"{alias}.{column} IN ({', '.join('?' * len(values))})", list(values))
    if text:
        add(f"contains(lower({alias}.text), ?)", [text.lower()])
    if since is not None:
        add(f"{alias}.date >= ?", [day(since, "since")])
    if until is not None:
        add(f"{alias}.date <= ?", [day(until, "until")])
    if not include_hypothetical:
        where.append(f"{alias}.happened")
    return where, params


def events_sql(canonical: bool = False, limit: int | None = None, record: bool = False,
               **filter_args) -> tuple[str, list]:
    """SQL and parameters for :meth:`Store.events`: one row per report (event record), with its
    article's URL and outlet and its canonical event's counts (``record``: with the record's
    JSON too); or with ``canonical`` one row per canonical event. Oldest first."""
    where, params = filters("e", **filter_args)
    where_sql = " WHERE " + " AND ".join(where) if where else ""
    limit_sql = f" LIMIT {int(limit)}" if limit is not None else ""
    if canonical:
        return (f"SELECT e.* FROM canonical_events e{where_sql} ORDER BY e.date, e.first_ingested_at, e.id"
                f"{limit_sql}"), params
    columns = "e.*" if record else "e.* EXCLUDE (record)"
    order = "date, article_key, sentence, id"
    # filter, sort and cut the events alone, then join the few rows left to their article and canonical event
    sql = (f"WITH hit AS (SELECT {columns} FROM events e{where_sql} ORDER BY {order}{limit_sql}) "
           "SELECT hit.*, a.url, a.outlet, c.num_mentions, c.num_sources, c.num_articles FROM hit "
           "JOIN articles a USING (article_key) JOIN canonical_events c ON c.id = hit.canonical_id "
           f"ORDER BY {', '.join('hit.' + c for c in order.split(', '))}")
    return sql, params


def dyad_series(store, a: str, b: str, by: str = "week", directed: bool = False, since=None, until=None,
                include_hypothetical: bool = False) -> pd.DataFrame:
    """Canonical events between ``a`` and ``b`` per period (gaps filled with zeros): counts per
    quad class, all events, their reports (an article reporting two of them counts twice:
    GDELT's NumArticles summed), Goldstein sum and mean."""
    _check_period(by)
    where, params = dyad_filters("c", a, b, directed, since, until, include_hypothetical)
    quads = ", ".join(f"count(h.quad_class) FILTER (WHERE h.quad_class = {i}) AS {name}"
                      for i, name in enumerate(QUADS, 1))
    sql = f"""
    WITH hits AS (
        SELECT date_trunc('{by}', c.date)::DATE AS period, 1 AS one, c.quad_class, c.goldstein, c.num_articles
        FROM canonical_events c WHERE {' AND '.join(where)}),
    span AS (
        SELECT coalesce(date_trunc('{by}', ?::DATE)::DATE, min(period)) AS lo,
               coalesce(date_trunc('{by}', ?::DATE)::DATE, max(period)) AS hi FROM hits),
    periods AS (
        SELECT unnest(generate_series(lo::TIMESTAMP, hi::TIMESTAMP, INTERVAL 1 {by}))::DATE AS period
        FROM span WHERE lo IS NOT NULL AND hi IS NOT NULL)
    SELECT p.period, {quads}, count(h.one) AS events,
           coalesce(sum(h.num_articles), 0)::BIGINT AS reports,
           coalesce(sum(h.goldstein), 0) AS goldstein_sum, avg(h.goldstein) AS goldstein_mean
    FROM periods p LEFT JOIN hits h USING (period)
    GROUP BY p.period ORDER BY p.period
    """
    return store.sql(sql, params + [day(since, "since"), day(until, "until")])


def dyad_types(store, a: str, b: str, by: str = "week", directed: bool = False, since=None, until=None,
               include_hypothetical: bool = False) -> pd.DataFrame:
    """The canonical events of :func:`dyad_series` counted per period and event type
    (columns ``period``, ``event_type``, ``events``; periods without events are absent)."""
    _check_period(by)
    where, params = dyad_filters("c", a, b, directed, since, until, include_hypothetical)
    return store.sql(f"SELECT date_trunc('{by}', c.date)::DATE AS period, c.event_type, count(*) AS events "
                     f"FROM canonical_events c WHERE {' AND '.join(where)} "
                     "GROUP BY ALL ORDER BY period, events DESC, c.event_type", params)


def dyad_filters(alias: str, a: str, b: str, directed: bool = False, since=None, until=None,
                 include_hypothetical: bool = False) -> tuple[list[str], list]:
    """WHERE conditions for dated events between ``a`` and ``b`` (``a`` acting on ``b`` when
    ``directed``, else either way round).

    >>> where, params = dyad_filters("c", "USA", "VENGOV", directed=True)
    >>> where[1:], params
    (['c.happened', 'c.date IS NOT NULL'], ['USA', 'USA', 'VENGOV'])
    """
    pair, params = pair_filter(alias, a, b, directed)
    rest, p_rest = filters(alias, since=since, until=until, include_hypothetical=include_hypothetical)
    return [pair, *rest, f"{alias}.date IS NOT NULL"], params + p_rest


def pair_filter(alias: str, a: str, b: str, directed: bool = True) -> tuple[str, list]:
    """One WHERE condition: ``a`` acting on ``b`` (``directed``), or either way round.

    >>> pair_filter("e", "USAGOV", "VENGOV", directed=False)
    ('((e.source_code = ? AND e.target_code = ?) OR (e.source_code = ? AND e.target_code = ?))', \
['USAGOV', 'VENGOV', 'VENGOV', 'USAGOV'])
    """
    ab, params = filters(alias, dyad=(a, b), include_hypothetical=True)
    pair = f"({' AND '.join(ab)})"
    if not directed:
        ba, p_ba = filters(alias, dyad=(b, a), include_hypothetical=True)
        pair, params = f"({pair} OR ({' AND '.join(ba)}))", params + p_ba
    return pair, params


def _check_period(by: str) -> None:
    if by not in PERIODS:
        raise ValueError(f"by: one of {', '.join(PERIODS)}, not {by!r}")
