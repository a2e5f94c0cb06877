"""eventwire: political event data from news text.

>>> import eventwire
>>> events = eventwire.code("Russian troops attacked Ukrainian positions.", date="2024-05-01")
>>> events[0].event_type, events[0].source.code
('ASSAULT', 'RUSMIL')
"""

from __future__ import annotations

import datetime as dt
import functools

from .records import Actor, Article, Event

__all__ = ["Actor", "Article", "Coder", "Event", "code", "open_store"]


def __getattr__(name: str):
    """``eventwire.Coder`` and ``eventwire.open_store`` are imported on first use, so the CLI
    starts without spaCy or DuckDB."""
    if name == "Coder":
        from .pipeline import Coder

        return Coder
    if name == "open_store":
        from .store import open_store

        return open_store
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")


@functools.lru_cache(maxsize=1)
def _default_coder():
    from .pipeline import Coder

    return Coder()


def code(text: str | Article, date: str | dt.date | None = None, doc_id: str | None = None) -> list[Event]:
    """Code one article (text or Article) with a shared default Coder."""
    return _default_coder().code(text, date=date, doc_id=doc_id)
