"""Checking document dates given by the user (``--date``) or by a record (``date``/``published``).

>>> check_date("2025-12-01")
'2025-12-01'
>>> check_date("2025-03-14 20:30:26Z", allow_time=True)
'2025-03-14 20:30:26Z'
>>> check_date("01/12/2025")
Traceback (most recent call last):
...
ValueError: invalid date '01/12/2025' (expected YYYY-MM-DD)
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")


def check_date(value: str, allow_time: bool = False) -> str:
    """``value`` unchanged if it is a real YYYY-MM-DD date (with ``allow_time``, an ISO date-time
    such as ``2025-03-14T20:30:26Z`` is accepted too); ValueError otherwise."""
    pattern = _DATETIME if allow_time else _DATE
    if isinstance(value, str) and pattern.fullmatch(value.strip()):
        try:
            dt.date.fromisoformat(value.strip()[:10])
            return value.strip()
        except ValueError:
            pass
    raise ValueError(f"invalid date {value!r} (expected YYYY-MM-DD)")
