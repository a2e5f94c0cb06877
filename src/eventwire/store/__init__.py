"""The event store: one DuckDB file holding articles, events, actors, errors and their merges.

``open_store(path)`` creates or opens the file (schema in ``schema.sql``); the
:class:`Store` it returns ingests articles and answers queries (an
:class:`EventQuery`) as pandas DataFrames or JSON-ready dicts, so neither a
notebook nor the CLI nor the API writes SQL (though ``store.sql`` is there too).
The names below are imported on first use (DuckDB, pandas and MinHash take a
second to load), so the CLI starts fast.

>>> import tempfile, os
>>> from eventwire.store import EventQuery, open_store
>>> with open_store(os.path.join(tempfile.mkdtemp(), "events.duckdb")) as store:
...     store.select_events(EventQuery(actor="VEN", since="2025-11-01")).shape[0]
0
"""

from importlib import import_module

EXPORTS = {
    "Store": "database", "open_store": "database", "StoreError": "errors", "IngestSummary": "write",
    "AttributionQuery": "attribution_query", "ATTRIBUTION_FILTERS": "attribution_query",
    **dict.fromkeys(("FILTERS", "PERIODS", "QUADS", "SORTS", "BadCursor", "EventQuery", "Filter", "QueryError",
                     "vocabulary"), "query"),
}


def __getattr__(name: str):
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{EXPORTS[name]}", __name__), name)


__all__ = sorted(EXPORTS)
