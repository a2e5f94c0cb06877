"""eventwire: political event data from news text.

>>> import eventwire
>>> events = eventwire.code("Russian troops attacked Ukrainian positions.", date="2024-05-01")
>>> events[0].event_type, events[0].source.code
('ASSAULT', 'RUSMIL')
"""

from __future__ import annotations

import datetime as dt
import functools

from .coder import Coder
from .model import Actor, Article, Event

__all__ = ["Actor", "Article", "Coder", "Event", "code"]


@functools.lru_cache(maxsize=1)
def _default_coder() -> Coder:
    return Coder()


def code(text: str | Article, date: str | dt.date | None = None, doc_id: str | None = None) -> list[Event]:
    """Code one article (text or Article) with a shared default Coder."""
    return _default_coder().code(text, date=date, doc_id=doc_id)
