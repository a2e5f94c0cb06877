"""Every date a user or a file gives eventwire, read in one place with one wording of errors.

``day`` reads a calendar day (``--date``, ``since``/``until``, a KB role's start);
``published`` checks a document date, which may carry a time; ``document_day`` is the
day of a checked document date; ``first_day`` reads the loose dates of stored
events (``2025-11``); ``compact_day`` reads PETRARCH's ``YYMMDD``/``YYYYMMDD``.

>>> day("2025-12-01")
datetime.date(2025, 12, 1)
>>> day("Nov 1", "since")
Traceback (most recent call last):
...
ValueError: since: invalid date 'Nov 1' (expected YYYY-MM-DD)
>>> published("2025-03-14 20:30:26Z")
'2025-03-14 20:30:26Z'
"""

from __future__ import annotations

import datetime as dt
import re

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")


def invalid(value: object, name: str | None = None, expected: str = "YYYY-MM-DD") -> ValueError:
    """The error for a date that cannot be read, worded the same everywhere.

    >>> str(invalid("2019-5-1", "--date"))
    "--date: invalid date '2019-5-1' (expected YYYY-MM-DD)"
    """
    return ValueError(f"{name + ': ' if name else ''}invalid date {value!r} (expected {expected})")


def day(value: str | dt.date | None, name: str | None = None) -> dt.date | None:
    """``value`` as a date (None gives None); ValueError naming ``name`` unless it is a real
    day written ``YYYY-MM-DD``.

    >>> day(dt.datetime(2025, 1, 2, 3, 4)), day(None)
    (datetime.date(2025, 1, 2), None)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise invalid(value, name)


def published(value: object, name: str | None = None) -> str:
    """A document date as given (stripped) if it is ``YYYY-MM-DD``, optionally followed by an ISO
    time (``2025-03-14T20:30:26Z``); ValueError otherwise.

    >>> published("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: invalid date '2025-02-30' (expected YYYY-MM-DD)
    """
    if isinstance(value, str) and DATETIME.fullmatch(value.strip()):
        try:
            dt.date.fromisoformat(value.strip()[:10])
            return value.strip()
        except ValueError:
            pass
    raise invalid(value, name)


def document_day(value: str | dt.date | None) -> dt.date | None:
    """The day of a document date (its first ten characters), or None.

    >>> document_day("2025-03-14T20:30:26Z")
    datetime.date(2025, 3, 14)
    """
    if not value:
        return None
    if isinstance(value, dt.date):
        return day(value)
    return day(str(value)[:10])


def first_day(value: str | None) -> dt.date | None:
    """The first day of ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (what follows a ``T`` or a space
    is ignored); None for anything else.

    >>> first_day("2025-11-28T10:00"), first_day("2025-11"), first_day("soon")
    (datetime.date(2025, 11, 28), datetime.date(2025, 11, 1), None)
    """
    if not value:
        return None
    text = str(value)[:10]
    for form in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def compact_day(text: str, name: str | None = None, two_digit_years: bool = True) -> dt.date:
    """A PETRARCH date: ``YYYYMMDD``, or ``YYMMDD`` (years up to 30 read as 20xx) when
    ``two_digit_years``.

    >>> compact_day("130419"), compact_day("19991231")
    (datetime.date(2013, 4, 19), datetime.date(1999, 12, 31))
    """
    value = text.strip()
    if two_digit_years and len(value) == 6 and value.isdigit():
        yy = int(value[:2])
        value = f"{2000 + yy if yy <= 30 else 1900 + yy}{value[2:]}"
    expected = "YYMMDD or YYYYMMDD" if two_digit_years else "YYYYMMDD"
    if len(value) != 8 or not value.isdigit():
        raise invalid(text, name, expected)
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise invalid(text, name, expected) from None
