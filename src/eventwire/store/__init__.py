"""The event store: one DuckDB file holding articles, events, actors, errors and their merges.

``open_store(path)`` creates or opens the file (schema in ``schema.sql``); the
:class:`Store` it returns ingests articles and answers queries as pandas
DataFrames, so a notebook needs no SQL (though ``store.sql`` is there too).

>>> import tempfile, os
>>> store = open_store(os.path.join(tempfile.mkdtemp(), "events.duckdb"))
>>> store.events().shape[0], list(store.dyad("USA", "VEN").columns)[:3]
(0, ['period', 'verbal_cooperation', 'material_cooperation'])
>>> store.close()
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

import duckdb
import pandas as pd

from ..errors import EventwireError

SCHEMA_VERSION = "1"
LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class StoreError(EventwireError):
    """The store file cannot be opened or written (locked, disk full, not a DuckDB file)."""


def open_store(path: str | os.PathLike, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at ``path``; ``read_only`` for queries beside other readers."""
    return Store(path, read_only=read_only)


class Store:
    """A DuckDB event store; use as a context manager or call ``close()``."""

    def __init__(self, path: str | os.PathLike, read_only: bool = False):
        self.path = os.fspath(path)
        self.read_only = read_only
        if read_only and not os.path.exists(self.path):
            raise StoreError(f"{self.path}: no such store")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise StoreError(describe(self.path, err)) from None
        if not read_only:
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

    # queries -----------------------------------------------------------------------------

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
        hypothetical, future...) only with ``include_hypothetical``.
        """
        from .query import events_sql

        sql, params = events_sql(actor=actor, dyad=dyad, event_type=type, cameo=cameo, since=since,
                                 until=until, include_hypothetical=include_hypothetical,
                                 canonical=canonical, limit=limit)
        return self.sql(sql, params)

    def dyad(self, a: str, b: str, by: str = "week", directed: bool = False, since: str | None = None,
             until: str | None = None, include_hypothetical: bool = False) -> pd.DataFrame:
        """Canonical events between ``a`` and ``b`` per day/week/month: counts per quad class,
        Goldstein sum and mean (both directions unless ``directed``, then ``a`` acts on ``b``)."""
        from .query import dyad_series

        return dyad_series(self, a, b, by=by, directed=directed, since=since, until=until,
                           include_hypothetical=include_hypothetical)

    def sql(self, query: str, params: Iterable[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store as a DataFrame, with ``?`` parameters bound from ``params``."""
        return self.con.execute(query, list(params or [])).df()

    def counts(self) -> dict[str, int]:
        """Rows per table.

        >>> import tempfile, os
        >>> with open_store(os.path.join(tempfile.mkdtemp(), "s.duckdb")) as store:
        ...     store.counts()["events"]
        0
        """
        tables = ("articles", "events", "actors", "canonical_events", "near_duplicates", "sentences", "errors")
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}

    # ingest ------------------------------------------------------------------------------

    def ingest(self, items, runner=None, batch_size: int = 32, store_sentences: bool = False,
               on_batch=None):
        """Code and store ``items`` (Articles and InputErrors); see :func:`write.ingest`."""
        from .write import ingest

        return ingest(self, items, runner=runner, batch_size=batch_size,
                      store_sentences=store_sentences, on_batch=on_batch)

    def for_thread(self) -> Store:
        """This store for another thread: the same open database through its own DuckDB cursor
        (a connection must not be used by two threads at once). Close it when done.

        >>> import tempfile, os
        >>> with open_store(os.path.join(tempfile.mkdtemp(), "s.duckdb")) as store:
        ...     with store.for_thread() as view:
        ...         int(view.sql("SELECT count(*) AS n FROM events").n[0])
        0
        """
        view = object.__new__(Store)
        view.path, view.read_only, view.con = self.path, self.read_only, self.con.cursor()
        return view

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def describe(path: str, err: Exception) -> str:
    """A message a user can act on for a DuckDB error on ``path``.

    >>> describe("e.duckdb", OSError('Could not set lock on file "e.duckdb": Conflicting lock '
    ...                              'is held in /usr/bin/python3 (PID 42)'))
    'e.duckdb: the store is in use by another process (PID 42); wait for it to finish, or query a copy'
    """
    text = str(err)
    if "Could not set lock" in text or "Conflicting lock" in text:
        holder = LOCK_HOLDER.search(text)
        who = f" (PID {holder.group(1)})" if holder else ""
        return f"{path}: the store is in use by another process{who}; wait for it to finish, or query a copy"
    if "No space left" in text or "File too large" in text or "disk is full" in text.lower():
        return f"{path}: cannot write, the disk is full ({text.strip()})"
    return f"{path}: {text.strip()}"


__all__ = ["Store", "StoreError", "open_store"]
