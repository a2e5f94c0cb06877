"""When did the event happen? A date expression resolved against the document date.

``resolve(text, document)`` turns one expression into a date and a precision:
``day`` (``2025-11-27``), ``week`` (written as its Monday, ``2025-11-24``),
``month`` (``2025-11``), ``year`` (``2019``): every date reads as ISO 8601
and sorts with the others. An expression without a year is placed
before the document date (news reports what happened), or after it when the
event is in the future ("will meet on Monday"). What cannot be resolved stays
at precision ``document`` (the document date) and ``reason`` says why; every
result carries a reason, so the record shows where its date came from.
``event_date(trigger, document)`` finds the expression that dates an event:
one on the event's own clause ("met in Geneva on Thursday"); a date on a verb
of saying dates the saying, not the event ("said on Thursday that ...").
The words behind the rules are in ``data/dates.yaml``.

>>> import datetime as dt
>>> doc_date = dt.date(2025, 12, 1)          # a Monday
>>> resolve("in late November", doc_date)
Resolved(date='2025-11', precision='month', reason="'in late November' counted from 2025-12-01")
>>> resolve("on Thursday", doc_date).date, resolve("last week", doc_date).date
('2025-11-27', '2025-11-24')
>>> resolve("Monday", doc_date, future=True).date, resolve("in 2019", doc_date).precision
('2025-12-01', 'year')
>>> resolve("since 2009", doc_date).reason
"'since 2009' is a period, not a date"
>>> resolve("in recent months", doc_date)
Resolved(date='2025-12-01', precision='document', reason="'in recent months' names no date")
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.tokens import Span, Token

from .modality import clause_path

LEADING = re.compile(r"^(?:(?:on|in|at|during|of|around|about|the)\s+)+")
# A period ("since 2009", "until March", "for years") is not the date of one event.
PERIOD = re.compile(r"^(?:since|until|till|by|from|for|throughout|over|as of)\s")
ATTACHING = {"prep", "pobj", "npadvmod", "tmod", "advmod", "pcomp"}


@dataclass(frozen=True)
class Resolved:
    """A resolved date: ``date`` (None without a document date), ``precision``, and why."""

    date: str | None
    precision: str
    reason: str


@functools.cache
def _words() -> dict:
    text = resources.files("eventwire.attributes").joinpath("data/dates.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def _patterns() -> dict[str, re.Pattern]:
    words = _words()
    month = "|".join(sorted(words["months"], key=len, reverse=True))
    weekday = "|".join(words["weekdays"])
    number = "|".join([*(n for n in words["numbers"]), r"\d+"])
    qualifier = "|".join(sorted(map(re.escape, words["qualifiers"]), key=len, reverse=True))
    relative = "|".join(words["relative"])
    day = "|".join(sorted(map(re.escape, words["days"]), key=len, reverse=True))
    return {
        "iso": re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
        "month_day": re.compile(rf"(?:(?:{weekday}),?\s+)?({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                                rf"(?:,?\s+(\d{{4}}))?"),
        "day_month": re.compile(rf"(?:(?:{weekday}),?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({month})\.?"
                                rf"(?:,?\s+(\d{{4}}))?"),
        "month": re.compile(rf"(?:(?:{qualifier})-?\s*)?({month})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?"),
        "year": re.compile(rf"(?:(?:{qualifier})-?\s*)?(?:the\s+year\s+)?(\d{{4}})"),
        "weekday": re.compile(rf"(?:(?:last|this|next|past)\s+)?({weekday})"
                              rf"(?:\s+(?:morning|afternoon|evening|night))?"),
        "day": re.compile(rf"({day})"),
        "relative": re.compile(rf"(?:(?:{qualifier})\s+)?({relative})\s+(week|month|year)"),
        "ago": re.compile(rf"({number})\s+(day|week|month|year)s?\s+ago"),
    }


def _week_of(day: dt.date) -> str:
    """The Monday of ``day``'s week: a week is written as the date it starts on."""
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def _shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _placed_year(document: dt.date, month: int, day: int, future: bool) -> int:
    """The year of a month/day given without one: the latest not after the document (or the next, for the future)."""
    if future:
        return document.year if (month, day) >= (document.month, document.day) else document.year + 1
    return document.year if (month, day) <= (document.month, document.day) else document.year - 1


def _match(text: str, document: dt.date | None, future: bool) -> tuple[str, str, bool] | str:
    """(date, precision, whether the text gave the year), or why it cannot be resolved."""
    words, p = _words(), _patterns()
    months = words["months"]
    if m := p["iso"].fullmatch(text):
        try:
            return dt.date(*map(int, m.groups())).isoformat(), "day", True
        except ValueError:
            return "is not a calendar date"
    for key in ("month_day", "day_month"):
        if m := p[key].fullmatch(text):
            month_name, day_text = (m[1], m[2]) if key == "month_day" else (m[2], m[1])
            month, day = months[month_name], int(day_text)
            if m[3] is None and document is None:
                return "gives no year and there is no document date"
            year = int(m[3]) if m[3] else _placed_year(document, month, day, future)
            try:
                return dt.date(year, month, day).isoformat(), "day", m[3] is not None
            except ValueError:
                return "is not a calendar date"
    if m := p["month"].fullmatch(text):
        month = months[m[1]]
        if m[2] is None and document is None:
            return "gives no year and there is no document date"
        year = int(m[2]) if m[2] else _placed_year(document, month, 1 if future else 0, future)
        return f"{year}-{month:02d}", "month", m[2] is not None
    if m := p["year"].fullmatch(text):
        return m[1], "year", True
    if document is None:
        return "is relative and there is no document date"
    return _relative(text, document, future)


def _relative(text: str, document: dt.date, future: bool) -> tuple[str, str, bool] | str:
    """Expressions that count from the document date: "yesterday", "on Thursday", "last week", "two days ago"."""
    words, p = _words(), _patterns()
    if m := p["day"].fullmatch(text):
        return (document + dt.timedelta(days=words["days"][m[1]])).isoformat(), "day", False
    if m := p["weekday"].fullmatch(text):
        weekday = words["weekdays"].index(m[1])
        back = (document.weekday() - weekday) % 7 or (7 if text.startswith("last") else 0)
        forward = (weekday - document.weekday()) % 7 or (7 if text.startswith("next") else 0)
        ahead = future or text.startswith("next")
        return (document + dt.timedelta(days=forward if ahead else -back)).isoformat(), "day", False
    if m := p["relative"].fullmatch(text):
        step, unit = words["relative"][m[1]], m[2]
    elif m := p["ago"].fullmatch(text):
        count = int(m[1]) if m[1].isdigit() else words["numbers"][m[1]]
        if count is None:
            return "names no date"
        step, unit = -count, m[2]
    else:
        return "names no date"
    if unit == "day":
        return (document + dt.timedelta(days=step)).isoformat(), "day", False
    if unit == "week":
        return _week_of(document + dt.timedelta(weeks=step)), "week", False
    if unit == "month":
        year, month = _shift_months(document, step)
        return f"{year}-{month:02d}", "month", False
    return str(document.year + step), "year", False


def resolve(text: str, document: dt.date | None, future: bool = False) -> Resolved:
    """The date named by ``text`` (a date expression) relative to the ``document`` date."""
    normal = LEADING.sub("", " ".join(text.lower().replace("\u2019", "'").split()).strip(" .,;"))
    found = "is a period, not a date" if PERIOD.match(normal) else _match(normal, document, future)
    if isinstance(found, str):
        return Resolved(document.isoformat() if document else None, "document", f"'{text}' {found}")
    date, precision, absolute = found
    basis = "as written" if absolute else f"counted from {document}{' (future)' if future else ''}"
    return Resolved(date, precision, f"'{text}' {basis}")


def no_date(document: dt.date | None, why: str = "no date expression on the event's clause") -> Resolved:
    """The document-precision result, with ``why``.

    >>> no_date(None).reason
    "no date expression on the event's clause; no document date"
    """
    if document is None:
        return Resolved(None, "document", f"{why}; no document date")
    return Resolved(document.isoformat(), "document", why)


def _expressions(sent: Span) -> list[Span]:
    """The date expressions of a sentence (spaCy DATE entities), with their preposition."""
    found = []
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        start = ent.start
        head = ent.root.head
        if ent.root.dep_ == "pobj" and head.dep_ == "prep" and head.i == start - 1:
            start = head.i
        found.append(ent.doc[start:ent.end])
    return found


def _anchor(expression: Span) -> Token:
    """The token a date expression modifies: the head above its preposition."""
    token = expression.root
    while token.dep_ in ATTACHING and token.head.i != token.i and (token.dep_ != "advmod" or token is expression.root):
        token = token.head
        if token.pos_ in ("VERB", "AUX", "NOUN", "PROPN") and token.dep_ not in ("pobj",):
            break
    return token


def event_date(trigger: Token, document: dt.date | None, future: bool = False) -> Resolved:
    """The date of the event whose trigger head is ``trigger``, resolved against ``document``."""
    on_path = {t.i: position for position, t in enumerate(clause_path(trigger))}
    best: tuple[int, Span] | None = None
    for expression in _expressions(trigger.sent):
        anchor = _anchor(expression)
        if anchor.i in on_path and (best is None or on_path[anchor.i] < best[0]):
            best = (on_path[anchor.i], expression)
    if best is None:
        return no_date(document)
    return resolve(best[1].text, document, future)
