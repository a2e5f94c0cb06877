"""The :class:`Store`: one DuckDB file, every query and every write the CLI and the API make.

>>> import tempfile, os
>>> store = open_store(os.path.join(tempfile.mkdtemp(), "events.duckdb"))
>>> store.events().shape[0], list(store.dyad("USA", "VEN").columns)[:3]
(0, ['period', 'verbal_cooperation', 'material_cooperation'])
>>> store.events_page(EventQuery(dyad="USA:VEN"))["events"], store.article("nope")
([], None)
>>> store.attributions(AttributionQuery(source_actor="VEN", since="2025-11-01"))["attributions"]
[]
>>> store.close()
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any, TextIO

import duckdb
import pandas as pd

from ..errors import InputError
from ..records import Article
from ..runners import LocalRunner
from . import export, reads, write
from .attribution_query import AttributionQuery
from .errors import StoreError, describe
from .query import EventQuery, actor_code, events_sql, known_code, unknown_code
from .write import IngestSummary

SCHEMA_VERSION = "1"
# columns added to tables since the first stores were written; schema.sql adds them to a store opened
# for writing, a store opened read-only is read through views that add them empty: (table, column, type)
ADDED_COLUMNS = (("canonical_events", "date_text", "VARCHAR"),)
# tables added since: created by schema.sql when a store is opened for writing; a store opened read-only
# is read through an empty temporary table of the same definition
ADDED_TABLES = ("attributions",)
TABLES = ("articles", "events", "actors", "attributions", "canonical_events", "near_duplicates", "sentences",
          "errors")


def open_store(path: str | os.PathLike, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at ``path``; ``read_only`` for queries beside other readers."""
    return Store(path, read_only=read_only)


class Store:
    """A DuckDB event store; use as a context manager or call ``close()``.

    Reads take an :class:`EventQuery` (or the few keyword filters of :meth:`events` and
    :meth:`dyad`, for notebooks); writes go through :meth:`ingest` and :meth:`add_articles`,
    one at a time (``write_lock``, shared with every :meth:`for_thread` view).
    """

    def __init__(self, path: str | os.PathLike, read_only: bool = False):
        self.path = os.fspath(path)
        self.read_only = read_only
        self.write_lock = threading.Lock()
        if read_only and not os.path.exists(self.path):
            raise StoreError(f"{self.path}: no such store")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise StoreError(describe(self.path, err)) from None
        if read_only:
            _read_older_store(self.con)
        else:
            self._create_schema()

    def _create_schema(self) -> None:
        schema = resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")
        try:
            self.con.execute(schema)
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                             [SCHEMA_VERSION])
        except duckdb.Error as err:
            self.con.close()
            raise StoreError(describe(self.path, err)) from None

    # events ------------------------------------------------------------------------------

    def events(self, actor: str | None = None, dyad: str | tuple[str, str] | None = None,
               type: str | None = None, cameo: str | None = None, since: str | None = None,
               until: str | None = None, include_hypothetical: bool = False, canonical: bool = False,
               limit: int | None = None) -> pd.DataFrame:
        """Events matching every filter given, oldest first.

        ``actor``: a country (``VEN``) or full code (``VENGOV``) on either side; ``dyad``:
        ``"USA:VEN"`` or ``("USA", "VEN")``, source then target; ``type``: a PLOVER event
        type (``THREATEN``); ``cameo``: a CAMEO code or prefix (``13``); ``since``/``until``:
        ``YYYY-MM-DD``, inclusive. One row per report (event record), with its canonical
        event's ``num_mentions``/``num_sources``/``num_articles``; ``canonical=True`` gives one
        row per real-world event instead. Events that did not happen (negated,
        hypothetical, future...) only with ``include_hypothetical``. Any other filter:
        :meth:`select_events` with an :class:`EventQuery`.
        """
        query = EventQuery(actor=actor, dyad=dyad, event_type=type, cameo=cameo, since=since, until=until,
                           include_hypothetical=include_hypothetical, sort="date", limit=limit)
        return self.select_events(query, canonical=canonical)

    def select_events(self, query: EventQuery, canonical: bool = False, record: bool = False) -> pd.DataFrame:
        """The events ``query`` matches as a DataFrame, in its sort (undated events last): one row
        per report (``record``: with its JSON), or per canonical event with ``canonical``."""
        return reads.frame(self.con, *events_sql(self._checked(query), canonical=canonical, record=record))

    def events_page(self, query: EventQuery, count: bool = False) -> dict[str, Any]:
        """One page of events as JSON-ready dicts, with ``next_cursor`` (see :func:`reads.events_page`)."""
        return reads.events_page(self.con, self._checked(query), count=count)

    def event(self, event_id: str, max_reports: int | None = None) -> dict[str, Any] | None:
        """The event report ``ARTICLEKEY-EVENTID`` with the reports of its real-world event (the
        first ``max_reports``) and their number, ``reports_total``; None if absent."""
        return reads.event(self.con, event_id, max_reports=max_reports)

    def export(self, output_format: str, out: TextIO | str, query: EventQuery, **options: Any) -> int:
        """Write the events ``query`` matches to ``out`` in ``output_format`` (one of
        ``export.EXPORTERS``; a path for Parquet); returns the rows written."""
        return export.EXPORTERS[output_format](self.con, out, self._checked(query), **options)

    # attribution relations ---------------------------------------------------------------

    def attributions(self, query: AttributionQuery, count: bool = False) -> dict[str, Any]:
        """One page of attribution relations (who says what, by which words) as JSON-ready dicts, with
        ``next_cursor`` (see :func:`reads.attributions_page`); ``query.limit`` None: all of them."""
        return reads.attributions_page(self.con, self._checked_source(query), count=count)

    def export_attributions(self, output_format: str, out: TextIO | str, query: AttributionQuery) -> int:
        """Write the attribution relations ``query`` matches to ``out`` in ``output_format`` (one of
        ``export.ATTRIBUTION_EXPORTERS``; a path for Parquet); returns the rows written."""
        return export.ATTRIBUTION_EXPORTERS[output_format](self.con, out, self._checked_source(query))

    def _checked_source(self, query: AttributionQuery) -> AttributionQuery:
        """``query``, once its source actor code is known to the actor KB or held by this store."""
        for name, code in query.unknown_codes():
            if not reads.holds_source(self.con, code) and not reads.holds_code(self.con, code):
                raise unknown_code(name, code)
        return query

    # articles ----------------------------------------------------------------------------

    def articles_page(self, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Stored articles, newest first."""
        return reads.articles_page(self.con, limit=limit, offset=offset)

    def article(self, key: str) -> dict[str, Any] | None:
        """One article with its text, near-duplicates, events and attribution relations; None if absent."""
        return reads.article(self.con, key)

    # actors and dyads --------------------------------------------------------------------

    def actors(self, level: str = "country", query: EventQuery | None = None, limit: int = 20) -> dict[str, Any]:
        """The most active actors and the strongest dyads (see :func:`reads.actors`)."""
        return reads.actors(self.con, level=level, query=query, limit=limit)

    def dyad(self, a: str, b: str, by: str = "week", directed: bool = False, since: str | None = None,
             until: str | None = None, include_hypothetical: bool = False,
             max_periods: int | None = None) -> pd.DataFrame:
        """Canonical events between ``a`` and ``b`` per day/week/month: counts per quad class,
        Goldstein sum and mean (both directions unless ``directed``, then ``a`` acts on ``b``);
        ``month_dated``: events dated only to their month, apart; ``max_periods``: a QueryError
        rather than a longer series (see :func:`reads.dyad_series`)."""
        query = EventQuery(since=since, until=until, include_hypothetical=include_hypothetical)
        return reads.dyad_series(self.con, *self._pair(a, b), by=by, directed=directed, query=query,
                                 max_periods=max_periods)

    def dyad_types(self, a: str, b: str, by: str = "week", directed: bool = False, since: str | None = None,
                   until: str | None = None, include_hypothetical: bool = False) -> pd.DataFrame:
        """The events of :meth:`dyad` per period and PLOVER type."""
        query = EventQuery(since=since, until=until, include_hypothetical=include_hypothetical)
        return reads.dyad_types(self.con, *self._pair(a, b), by=by, directed=directed, query=query)

    def _pair(self, a: str, b: str) -> tuple[str, str]:
        pair = actor_code(a, "a") or "", actor_code(b, "b") or ""
        for name, code in zip("ab", pair):
            if not known_code(code) and not reads.holds_code(self.con, code):
                raise unknown_code(name, code)
        return pair

    def _checked(self, query: EventQuery) -> EventQuery:
        """``query``, once every actor code in it is known to the actor KB or held by this store
        (a user dictionary may have coded it); else a QueryError naming the first unknown one."""
        for name, code in query.unknown_codes():
            if not reads.holds_code(self.con, code):
                raise unknown_code(name, code)
        return query

    # writes ------------------------------------------------------------------------------

    def ingest(self, items: Iterable[Article | InputError], runner=None, batch_size: int = 32,
               store_sentences: bool = False,
               on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
        """Code and store ``items`` (Articles and InputErrors); see :func:`write.ingest`."""
        with self.write_lock:
            return write.ingest(self.con, self.path, items, runner=runner, batch_size=batch_size,
                                store_sentences=store_sentences, on_batch=on_batch)

    def add_articles(self, items: list[Article | InputError], runner: LocalRunner | None = None) -> list[dict]:
        """Code and store ``items``, one result per item (see :func:`write.add_articles`)."""
        with self.write_lock:
            return write.add_articles(self.con, self.path, items, runner=runner)

    # the rest ----------------------------------------------------------------------------

    def sql(self, query: str, params: Iterable[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store as a DataFrame, with ``?`` parameters bound from ``params``."""
        return reads.frame(self.con, query, list(params or []))

    def counts(self) -> dict[str, int]:
        """Rows per table.

        >>> import tempfile, os
        >>> with open_store(os.path.join(tempfile.mkdtemp(), "s.duckdb")) as store:
        ...     store.counts()["events"]
        0
        """
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}

    def for_thread(self) -> Store:
        """This store for another thread: the same open database through its own DuckDB cursor
        (a connection must not be used by two threads at once), the same write lock. Close it when done.

        >>> import tempfile, os
        >>> with open_store(os.path.join(tempfile.mkdtemp(), "s.duckdb")) as store:
        ...     with store.for_thread() as view:
        ...         view.counts()["events"]
        0
        """
        view = object.__new__(Store)
        view.path, view.read_only, view.write_lock = self.path, self.read_only, self.write_lock
        view.con = self.con.cursor()
        if self.read_only:
            _read_older_store(view.con)  # temporary views belong to one connection
        return view

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_older_store(con: duckdb.DuckDBPyConnection) -> None:
    """Let a store written by an earlier eventwire, opened read-only, be read like a current one:
    each table missing a column of ``ADDED_COLUMNS`` is read through a temporary view adding it empty,
    each table of ``ADDED_TABLES`` it lacks is an empty temporary table."""
    [(database,)] = con.execute("SELECT current_database()").fetchall()
    for table in ADDED_TABLES:
        [(present,)] = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? "
                                   "AND schema_name = 'main' AND table_name = ?", [database, table]).fetchall()
        if not present:
            con.execute(_table_definition(table).replace("CREATE TABLE IF NOT EXISTS", "CREATE TEMP TABLE", 1))
    for table, column, kind in ADDED_COLUMNS:
        [(present,)] = con.execute("SELECT count(*) FROM duckdb_columns() WHERE database_name = ? "
                                   "AND schema_name = 'main' AND table_name = ? AND column_name = ?",
                                   [database, table, column]).fetchall()
        if not present:
            quoted = database.replace('"', '""')
            con.execute(f'CREATE TEMP VIEW {table} AS SELECT *, NULL::{kind} AS {column} FROM "{quoted}".main.{table}')


def _table_definition(table: str) -> str:
    """The ``CREATE TABLE`` statement of ``table`` in schema.sql (its comments left out).

    >>> _table_definition("attributions").splitlines()[0]
    'CREATE TABLE IF NOT EXISTS attributions ('
    """
    schema = resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")
    found = re.search(rf"^CREATE TABLE IF NOT EXISTS {table} \(.*?^\);", schema, re.S | re.M)
    if found is None:
        raise LookupError(f"schema.sql defines no table {table}")
    return re.sub(r"--[^\n]*", "", found.group(0))
