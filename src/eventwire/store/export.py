"""Exports of the store: PLOVER JSONL, a GDELT 2.0-style event table, CSV and Parquet.

Each format is a small function in ``EXPORTERS`` taking the store's connection, where
to write (a text stream; a file path for Parquet) and an
:class:`~eventwire.store.query.EventQuery`; it returns the number of rows written.
``Store.export`` calls them.
Events that did not happen are left out unless ``include_hypothetical``.

- ``plover-jsonl``: one event report per line with the PLOVER manual's field names;
  ``link`` is the canonical event, so reports of one real-world event share it.
- ``gdelt-tsv``: one canonical event per line, the 61 columns of GDELT 2.0's event
  table (``GDELT_COLUMNS``), tab-separated and without a header row, as GDELT ships
  them; docs/store.md says where the values differ from GDELT's.
- ``csv`` / ``parquet``: one event report per row, the columns of ``store.events()``.

``ATTRIBUTION_EXPORTERS`` write the attribution relations an
:class:`~eventwire.store.attribution_query.AttributionQuery` matches, one per row
(``ATTRIBUTION_COLUMNS``), in the query's sort (``-date``: newest article
first) and up to its limit: ``csv`` (``event_ids`` joined by
``;``) and ``parquet`` (``event_ids`` a list). ``article_key`` with each id of
``event_ids`` is the ``article_key`` and ``id`` of an event row of the ``csv`` and
``parquet`` event exports, so the two tables join.

>>> import io, tempfile, os
>>> from eventwire.store import AttributionQuery, EventQuery, open_store
>>> with open_store(os.path.join(tempfile.mkdtemp(), "e.duckdb")) as store:
...     out = io.StringIO()
...     store.export("csv", out, EventQuery()), out.getvalue().split(",")[:3]
(0, ['article_key', 'id', 'doc_id'])
>>> len(GDELT_COLUMNS), GDELT_COLUMNS[26], GDELT_COLUMNS[-1]
(61, 'EventCode', 'SOURCEURL')
>>> with open_store(os.path.join(tempfile.mkdtemp(), "e.duckdb")) as store:
...     out = io.StringIO()
...     store.export_attributions("csv", out, AttributionQuery()), out.getvalue().split(",")[:3]
(0, ['article_key', 'id', 'doc_id'])
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

import duckdb

from ..ontology.plover import plover_score
from .attribution_query import AttributionQuery
from .query import EventQuery, events_sql
from .reads import ATTRIBUTION_DAY, ATTRIBUTION_POSITION, OUTLET

CHUNK = 10_000
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


def _coder() -> str:
    try:
        return f"eventwire {version('eventwire')}"
    except PackageNotFoundError:
        return "eventwire"


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> Iterator[dict[str, Any]]:
    """The query's rows as dicts, fetched a chunk at a time."""
    cursor = con.cursor()
    cursor.execute(sql, params)
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(CHUNK):
        for row in rows:
            yield dict(zip(names, row))
    cursor.close()


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


# PLOVER JSONL ------------------------------------------------------------------------------

PLOVER_SQL = """
SELECT e.record, e.article_key, e.canonical_id, e.date, e.happened, a.url, a.title, a.outlet, a.id AS article_id,
       a.ingested_at, c.num_mentions, c.num_sources, c.num_articles
FROM events e JOIN articles a USING (article_key) JOIN canonical_events c ON c.id = e.canonical_id
{where} ORDER BY e.date, a.seq, e.sentence, e.id
"""


def plover_entity(actor: dict[str, Any] | None) -> list[dict[str, Any]]:
    """An eventwire actor as a PLOVER ``actor``/``recipient`` list (empty when there is none).

    >>> plover_entity({"text": "Venezuelan leader Nicolás Maduro", "code": "VENGOV", "country": "VEN",
    ...                "sector": "GOV", "name": "Nicolás Maduro", "wikidata": "Q57413"})[0]["identifier_id"]
    'Q57413'
    """
    if not actor:
        return []
    code = actor.get("code") or ""
    return [{"code": actor.get("country") or code[:3] or None, "sector": actor.get("sector"),
             "entity_text": actor.get("text"), "identifier_id": actor.get("wikidata"),
             "identifier_text": actor.get("name"), "actor_code": actor.get("code"),
             "start": actor.get("start"), "end": actor.get("end")}]


def plover_record(row: dict[str, Any], coder: str) -> dict[str, Any]:
    """One PLOVER record from an events row joined with its article and canonical event."""
    event = json.loads(row["record"])
    location = event.get("location")
    ingested: dt.datetime = row["ingested_at"]
    return {
        "id": f"{row['article_key']}-{event['id']}",
        "has_event": True,
        "date": row["date"].isoformat() if row["date"] else None,
        "date_precision": event.get("date_precision"),
        "actor": plover_entity(event.get("source")),
        "recipient": plover_entity(event.get("target")),
        "event": [event["event_type"]],
        "event_loc": {"extracted_place": location.get("name"), "resolved_place": location.get("name"),
                      "geonameid": location.get("geonameid"), "lat": location.get("lat"),
                      "lon": location.get("lon"), "country_code": location.get("country")} if location else None,
        "event_text": [event["trigger"].get("text")],
        "quad_code": event.get("quad_class"),
        "event_scale": _plover_scale(event),
        "goldstein": event.get("goldstein"),
        "mode": [event["mode"]] if event.get("mode") else [],
        "context": event.get("contexts") or [],
        "link": row["canonical_id"],
        "text": event.get("text"),
        "text_info": {"sequence": event.get("sentence"), "start": event["evidence"].get("start"),
                      "end": event["evidence"].get("end")},
        "cite_info": {"citation": row["article_id"], "url": row["url"], "title": row["title"],
                      "publication": row["outlet"], "language": "en", "coder": coder},
        "coder": coder,
        "coded_date": ingested.date().isoformat(),
        "coded_time": ingested.time().isoformat(timespec="seconds"),
        "cameo": event.get("cameo"),
        "modality": event.get("modality"),
        "attribution": event.get("attribution"),
        "happened": row["happened"],
        "mentions": event.get("mentions"),
        "num_mentions": row["num_mentions"], "num_sources": row["num_sources"],
        "num_articles": row["num_articles"],
        "confidence": event.get("confidence"),
        "rule": event.get("rule"),
    }


def _plover_scale(event: dict[str, Any]) -> float | None:
    """The PLOVER manual's conflict-cooperation score of the event's type and mode."""
    try:
        return plover_score(event["event_type"], event.get("mode"))
    except KeyError:
        return None


def export_plover(con: duckdb.DuckDBPyConnection, out: TextIO, query: EventQuery) -> int:
    """PLOVER JSONL, one line per event report."""
    where, params = query.where("e")
    coder = _coder()
    count = 0
    for row in _fetch(con, PLOVER_SQL.format(where=_where(where)), params):
        out.write(json.dumps(plover_record(row, coder), ensure_ascii=False) + "\n")
        count += 1
    return count


# GDELT 2.0-style event table ---------------------------------------------------------------


def fraction_date(day: dt.date) -> float:
    """GDELT's FractionDate: year + (month * 30 + day) / 365, four decimals.

    >>> fraction_date(dt.date(2025, 11, 28))
    2025.9808
    """
    return round(day.year + (day.month * 30 + day.day) / 365, 4)


def gdelt_row(c: dict[str, Any]) -> list[Any]:
    """The GDELT_COLUMNS values of one canonical event row."""
    day: dt.date | None = c["date"]
    cameo = c["cameo"] or ""
    sides = []
    for role in ("source", "target"):
        sides += [c[f"{role}_code"], c[f"{role}_name"], c[f"{role}_country"], None, None, None, None,
                  c[f"{role}_sector"], None, None]
    if c["location_lat"] is not None:
        geo_type = 4 if c["location_name"] else 1
    else:
        geo_type = 1 if c["location_country"] else 0
    action_geo = [geo_type, c["location_name"], c["location_country"], None, None, c["location_lat"],
                  c["location_lon"], c["location_geonameid"]]
    added: dt.datetime | None = c["first_ingested_at"]
    return [
        int(c["id"][:15], 16),
        day.strftime("%Y%m%d") if day else None, day.strftime("%Y%m") if day else None,
        day.year if day else None, fraction_date(day) if day else None,
        *sides,
        1 if c["sentence"] == 0 else 0, cameo, cameo[:3], c["cameo_root"] or cameo[:2], c["quad_class"],
        c["goldstein"], c["num_mentions"], c["num_sources"], c["num_articles"], None,
        *([0] + [None] * 7), *([0] + [None] * 7), *action_geo,
        added.strftime("%Y%m%d%H%M%S") if added else None,
        c["source_url"] or c["first_article_key"],
    ]


def export_gdelt(con: duckdb.DuckDBPyConnection, out: TextIO, query: EventQuery, header: bool = False) -> int:
    """GDELT 2.0-style events, one canonical event per line, tab-separated (``header``: a first
    row of column names; GDELT's own files have none)."""
    where, params = query.where("c", canonical=True)
    sql = f"SELECT c.* FROM canonical_events c{_where(where)} ORDER BY c.date, c.first_ingested_at, c.id"
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writerow(GDELT_COLUMNS)
    count = 0
    for row in _fetch(con, sql, params):
        writer.writerow(["" if v is None else v for v in gdelt_row(row)])
        count += 1
    return count


# CSV and Parquet --------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def export_csv(con: duckdb.DuckDBPyConnection, out: TextIO, query: EventQuery) -> int:
    """CSV with a header row: one event report per row, the columns of ``store.events()``."""
    sql, params = events_sql(query)
    cursor = con.cursor()
    cursor.execute(sql, params)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([d[0] for d in cursor.description])
    count = 0
    while rows := cursor.fetchmany(CHUNK):
        writer.writerows([_cell(v) for v in row] for row in rows)
        count += len(rows)
    cursor.close()
    return count


def export_parquet(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, query: EventQuery) -> int:
    """A Parquet file at ``path`` with the rows and typed columns of ``store.events()``."""
    sql, params = events_sql(query)
    relation = con.sql(sql, params=params)
    relation.write_parquet(os.fspath(path))
    return con.execute("SELECT count(*) FROM read_parquet(?)", [os.fspath(path)]).fetchall()[0][0]


# attribution relations --------------------------------------------------------------------

ATTRIBUTION_COLUMNS = (
    "article_key", "id", "doc_id", "article_date", "outlet", "url", "title", "sentence",
    "source_text", "source_start", "source_end", "source_code", "source_country", "source_sector", "source_name",
    "source_wikidata", "cue_text", "cue_start", "cue_end", "content_text", "content_start", "content_end",
    "quote", "event_ids",
)  # fmt: skip


def attributions_sql(query: AttributionQuery, events_as_text: bool) -> tuple[str, list]:
    """SQL and parameters of the ``ATTRIBUTION_COLUMNS`` rows ``query`` matches, in its sort (by
    article date; each article's relations in the order of its text) and up to its limit
    (``events_as_text``: the event ids joined by ``;``)."""
    where, params = query.where("t", "a")
    event_ids = "array_to_string(t.events, ';')" if events_as_text else "t.events"
    columns = {"article_date": "a.date", "outlet": OUTLET, "url": "a.url", "title": "a.title", "event_ids": event_ids}
    select = ", ".join(f"{columns.get(name, 't.' + name)} AS {name}" for name in ATTRIBUTION_COLUMNS)
    direction = "DESC" if query.sort.startswith("-") else "ASC"
    limit = f" LIMIT {int(query.limit)}" if query.limit is not None else ""
    return (f"SELECT {select} FROM attributions t JOIN articles a USING (article_key){_where(where)} "
            f"ORDER BY {ATTRIBUTION_DAY} {direction}, t.article_key {direction}, {ATTRIBUTION_POSITION}{limit}",
            params)


def export_attributions_csv(con: duckdb.DuckDBPyConnection, out: TextIO, query: AttributionQuery) -> int:
    """CSV with a header row: one attribution relation per row, the ``ATTRIBUTION_COLUMNS``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ATTRIBUTION_COLUMNS)
    count = 0
    for row in _fetch(con, *attributions_sql(query, events_as_text=True)):
        writer.writerow([_cell(row[name]) for name in ATTRIBUTION_COLUMNS])
        count += 1
    return count


def export_attributions_parquet(con: duckdb.DuckDBPyConnection, path: str | os.PathLike,
                                query: AttributionQuery) -> int:
    """A Parquet file at ``path``: the ``ATTRIBUTION_COLUMNS``, typed (``event_ids`` a list of strings)."""
    sql, params = attributions_sql(query, events_as_text=False)
    con.sql(sql, params=params).write_parquet(os.fspath(path))
    return con.execute("SELECT count(*) FROM read_parquet(?)", [os.fspath(path)]).fetchall()[0][0]


EXPORTERS = {"plover-jsonl": export_plover, "gdelt-tsv": export_gdelt, "csv": export_csv, "parquet": export_parquet}
ATTRIBUTION_EXPORTERS = {"csv": export_attributions_csv, "parquet": export_attributions_parquet}
TO_FILE_ONLY = frozenset({"parquet"})
