"""One event query, validated once: the filters, the sort, the cursor and the limit.

``FILTERS`` is the one table of event filters; the CLI options of ``eventwire
events``/``export``, the query parameters of ``GET /v1/events`` and
``GET /v1/vocabulary`` are all made from it. :class:`EventQuery` checks every
value (codes, event types, CAMEO prefixes, dates, statuses, modalities) and
names the one that is wrong in a :class:`QueryError`. An actor code the actor KB
does not know (:meth:`EventQuery.unknown_codes`) is refused by the store unless
the store holds it (a user dictionary may have coded it): an unknown code is an
error, never an empty result.

>>> EventQuery(dyad="usa:vengov", event_type="threaten", since="2025-11-01").dyad
('USA', 'VENGOV')
>>> EventQuery.from_params({"attribution": "claimed,alleged", "q": "Missile"}).attribution
('claimed', 'alleged')
>>> EventQuery(actor="XYZ", dyad="USA:VENGOV").unknown_codes()
[('actor', 'XYZ')]
>>> where, params = EventQuery(source="usa", attribution=("alleged",), text="Missile").where("e")
>>> where, params
(['(e.source_country = ? OR e.source_code = ?)', 'e.attribution_status IN (?)', \
'contains(lower(e.text), ?)', 'e.happened'], ['USA', 'USA', 'alleged', 'missile'])
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..actors.labels import code_prefixes
from ..attributes.attribution import STRENGTH
from ..attributes.modality import MODALITIES
from ..dates import day
from ..ontology.cameo import cameo_codes, cameo_info
from ..ontology.plover import plover_types

PERIODS = ("day", "week", "month")
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
STATUSES = tuple(STRENGTH)
CAMEO_ROOTS = tuple(f"{root:02d}" for root in range(1, 21))
CODE = r"^[A-Za-z0-9]{3,30}$"  # an actor: country (VEN) or full code (VENGOV, IGOUNO)
# sort name -> (SQL of its key over events, never NULL so that rows compare; the type a cursor's value is cast to)
SORT_KEYS = {
    "date": ("coalesce(e.date, DATE '0001-01-01')", "DATE"),
    "goldstein": ("coalesce(e.goldstein, -99.0)", "DOUBLE"),
    "mentions": ("coalesce(e.mentions, 0)::DOUBLE", "DOUBLE"),
    "confidence": ("coalesce(e.confidence, -1.0)", "DOUBLE"),
}
SORTS = tuple(f"{sign}{name}" for name in SORT_KEYS for sign in ("-", ""))
SORT_NAMES = {"-date": "newest first", "date": "oldest first", "-goldstein": "most cooperative first",
              "goldstein": "most conflictual first", "-mentions": "most mentioned first",
              "mentions": "least mentioned first", "-confidence": "most confident first",
              "confidence": "least confident first"}
REPORTS_ONLY = ("attribution", "modality", "text")  # columns of event reports, not of canonical events


class QueryError(ValueError):
    """A filter value that is malformed or unknown; the message starts with the filter's name."""


class BadCursor(ValueError):
    """A cursor that this listing did not hand out."""


@dataclasses.dataclass(frozen=True)
class Filter:
    """One event filter: its name (the API's query parameter), the ``EventQuery`` field it sets,
    what it takes (``kind``: code, dyad, choice, choices, cameo, int, date, text, flag, either)
    and, for the CLI, its option."""

    name: str
    field: str
    help: str
    kind: str
    option: str
    choices: Callable[[], tuple[str, ...]] | None = None
    pattern: str | None = None

    def describe(self) -> dict[str, Any]:
        """The filter for ``/v1/vocabulary``."""
        out: dict[str, Any] = {"name": self.name, "help": self.help, "kind": self.kind}
        if self.choices:
            out["choices"] = list(self.choices())
        return out


FILTERS = (
    Filter("actor", "actor", "Country (VEN) or actor code (VENGOV) on either side.", "code", "--actor", pattern=CODE),
    Filter("source", "source", "Country or actor code of the source.", "code", "--source", pattern=CODE),
    Filter("target", "target", "Country or actor code of the target.", "code", "--target", pattern=CODE),
    Filter("dyad", "dyad", "SOURCE:TARGET, e.g. USA:VEN (country or actor codes).", "dyad", "--dyad",
           pattern=CODE[:-1] + ":" + CODE[1:]),
    Filter("directed", "directed", "The dyad as SOURCE:TARGET only (true, the default) or either way round.",
           "either", "--directed/--either-way"),
    Filter("type", "event_type", "PLOVER event type, e.g. THREATEN.", "choice", "--type", choices=plover_types),
    Filter("cameo", "cameo", "CAMEO code or prefix, e.g. 13 or 138.", "cameo", "--cameo", pattern=r"^\d{1,4}$"),
    Filter("cameo_root", "cameo_root", "CAMEO root, 01 to 20.", "choice", "--cameo-root",
           choices=lambda: CAMEO_ROOTS, pattern=r"^\d{2}$"),
    Filter("quad_class", "quad_class", "Quad class: 1 verbal cooperation, 2 material cooperation, "
           "3 verbal conflict, 4 material conflict.", "int", "--quad-class", choices=lambda: ("1", "2", "3", "4")),
    Filter("since", "since", "Events on or after this date (YYYY-MM-DD).", "date", "--since"),
    Filter("until", "until", "Events on or before this date (YYYY-MM-DD).", "date", "--until"),
    Filter("attribution", "attribution", f"Comma-separated: {', '.join(STATUSES)}.", "choices", "--attribution",
           choices=lambda: STATUSES),
    Filter("modality", "modality", f"Comma-separated: {', '.join(MODALITIES)} (implies hypothetical events).",
           "choices", "--modality", choices=lambda: MODALITIES),
    Filter("q", "text", "Words in the evidence sentence.", "text", "--text"),
    Filter("include_hypothetical", "include_hypothetical",
           "Also events that did not happen (negated, hypothetical, future, questions).", "flag",
           "--include-hypothetical"),
)


class Paged:
    """What a query listed page by page shares: a digest of its filters, which each cursor carries,
    and its cursors (the dataclass has ``sort``, ``limit`` and ``cursor`` fields)."""

    sort: str
    cursor: str | None

    def digest(self) -> str:
        """A digest of the filters (every field but the sort, the limit and the cursor, as
        normalised): a cursor carries it, so that it continues only the query it came from.

        >>> EventQuery(actor="usa").digest() == EventQuery(actor="USA", limit=5).digest() != EventQuery().digest()
        True
        """
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                  if f.name not in ("sort", "limit", "cursor")}
        return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def cursor_after(self) -> list[Any]:
        """The sort key, article key and row key that ``cursor`` holds (BadCursor if it is not
        one of ours, is corrupt, or was made for another sort or other filters)."""
        return decode_cursor(self.cursor, self.sort, self.digest()) if self.cursor else []

    def cursor_for(self, key: Any, article_key: str, row: str) -> str:
        """The cursor of the page after the row (``key``, ``article_key``, ``row``) of this query."""
        return encode_cursor(self.sort, self.digest(), key, article_key, row)


@dataclasses.dataclass(frozen=True)
class EventQuery(Paged):
    """Which events, in which order, from where, how many: every value checked on creation.

    Codes are upper-cased, dates become ``datetime.date``, comma-separated statuses and
    modalities become tuples. ``sort`` is one of ``SORTS`` (``-date``: newest first);
    ``cursor`` continues a page of that sort (see :meth:`cursor_after`).
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = True
    event_type: str | None = None
    cameo: str | None = None
    cameo_root: str | None = None
    quad_class: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    attribution: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    text: str | None = None
    include_hypothetical: bool = False
    sort: str = "-date"
    limit: int | None = None
    cursor: str | None = None

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        for name in ("actor", "source", "target"):
            put(name, actor_code(getattr(self, name), name))
        if self.dyad:
            put("dyad", tuple(actor_code(code, "dyad") for code in parse_dyad(self.dyad)))
        else:
            put("dyad", None)
        if self.event_type:
            put("event_type", _one_of(self.event_type.strip().upper(), plover_types(), "type", "a PLOVER event type"))
        if self.cameo:
            put("cameo", cameo_prefix(self.cameo))
        if self.cameo_root:
            put("cameo_root", _one_of(str(self.cameo_root).strip(), CAMEO_ROOTS, "cameo_root", "a CAMEO root"))
        if self.quad_class is not None:
            put("quad_class", int(_one_of(str(self.quad_class).strip(), ("1", "2", "3", "4"), "quad_class",
                                          "a quad class")))
        put("since", _day(self.since, "since"))
        put("until", _day(self.until, "until"))
        put("attribution", _all_of(self.attribution, STATUSES, "attribution"))
        put("modality", _all_of(self.modality, MODALITIES, "modality"))
        put("text", self.text or None)
        put("sort", _one_of(self.sort, SORTS, "sort", "a sort"))
        if self.limit is not None and int(self.limit) < 0:
            raise QueryError(f"limit: at least 0, not {self.limit}")

    @classmethod
    def from_params(cls, params: Mapping[str, Any], **rest: Any) -> EventQuery:
        """The query of filter values keyed by their ``FILTERS`` names (as the API and the CLI
        take them: lists comma-separated, None for a filter not given), plus ``rest``
        (sort, limit, cursor)."""
        fields: dict[str, Any] = {}
        for spec in FILTERS:
            value = params.get(spec.name)
            if value is None:
                continue
            if spec.kind == "choices" and isinstance(value, str):
                value = tuple(v for v in value.split(",") if v.strip())
            fields[spec.field] = value
        return cls(**fields, **rest)

    @property
    def counts_only_happened(self) -> bool:
        """Events that did not happen are left out (no ``include_hypothetical``, no ``modality``)."""
        return not (self.include_hypothetical or self.modality)

    def where(self, alias: str, canonical: bool = False) -> tuple[list[str], list]:
        """WHERE conditions and their parameters over a table aliased ``alias`` (events, or
        canonical events when ``canonical``: those have no attribution, modality or text)."""
        if canonical:
            given = [spec.name for spec in FILTERS if spec.field in REPORTS_ONLY and getattr(self, spec.field)]
            if given:
                raise QueryError(f"{given[0]}: a filter on event reports, not on canonical events")
        where: list[str] = []
        params: list = []

        def add(sql: str, values: list) -> None:
            where.append(sql)
            params.extend(values)

        if self.actor:
            (src, p1), (tgt, p2) = _side(alias, "source", self.actor), _side(alias, "target", self.actor)
            add(f"({src} OR {tgt})", p1 + p2)
        for role in ("source", "target"):
            if getattr(self, role):
                add(*_side(alias, role, getattr(self, role)))
        if self.dyad:
            add(*pair_filter(alias, *self.dyad, directed=self.directed))
        if self.event_type:
            add(f"{alias}.event_type = ?", [self.event_type])
        if self.cameo:
            add(f"starts_with({alias}.cameo, ?)", [self.cameo])
        if self.cameo_root:
            add(f"{alias}.cameo_root = ?", [self.cameo_root])
        if self.quad_class is not None:
            add(f"{alias}.quad_class = ?", [self.quad_class])
        for column, values in (("attribution_status", self.attribution), ("modality", self.modality)):
            if values:
                add(f"{alias}.{column} IN ({', '.join('?' * len(values))})", list(values))
        if self.text:
            add(f"contains(lower({alias}.text), ?)", [self.text.lower()])
        if self.since is not None:
            add(f"{alias}.date >= ?", [self.since])
        if self.until is not None:
            add(f"{alias}.date <= ?", [self.until])
        if self.counts_only_happened:
            where.append(f"{alias}.happened")
        return where, params

    def unknown_codes(self) -> list[tuple[str, str]]:
        """(filter name, code) of each actor code given that the actor KB does not know."""
        given = [(name, getattr(self, name)) for name in ("actor", "source", "target")]
        given += [("dyad", code) for code in self.dyad or ()]
        return [(name, code) for name, code in given if code and not known_code(code)]



def vocabulary() -> dict[str, Any]:
    """The values the filters take, and the filters themselves (``GET /v1/vocabulary``)."""
    return {"event_types": list(plover_types()),
            "cameo_roots": [{"code": code, "name": cameo_info(code).name} for code in CAMEO_ROOTS],
            "quad_classes": [{"value": value, "name": name} for value, name in enumerate(QUADS, 1)],
            "attributions": list(STATUSES), "modalities": list(MODALITIES), "sorts": list(SORTS),
            "sort_names": [{"value": sort, "name": SORT_NAMES[sort]} for sort in SORTS],
            "periods": list(PERIODS), "filters": [spec.describe() for spec in FILTERS]}


# --- values -----------------------------------------------------------------------------------

def parse_dyad(dyad: str | tuple[str, str] | list[str]) -> tuple[str, str]:
    """``"USA:VEN"`` or ``("USA", "VEN")`` as a pair of upper-case codes.

    >>> parse_dyad("usa:ven")
    ('USA', 'VEN')
    """
    parts = dyad.split(":") if isinstance(dyad, str) else list(dyad)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise QueryError(f"dyad: a dyad is SOURCE:TARGET, such as USA:VEN, not {dyad!r}")
    return parts[0].strip().upper(), parts[1].strip().upper()


def actor_code(code: str | None, name: str) -> str | None:
    """``code`` upper-cased if it has the form of an actor code (3 to 30 letters and digits), else a
    QueryError naming it; whether anyone knows it is :func:`known_code`'s question.

    >>> actor_code("vengov", "actor"), actor_code(None, "actor")
    ('VENGOV', None)
    """
    if code is None or not str(code).strip():
        return None
    code = str(code).strip().upper()
    if not re.fullmatch(CODE, code):
        raise QueryError(f"{name}: {code!r} is not an actor code (3 to 30 letters and digits, such as VEN or VENGOV)")
    return code


def known_code(code: str) -> bool:
    """Whether the actor KB knows ``code``: a country code (``VEN``), a code that starts with one
    (``VENGOV``) or with a sector or organisation code (``GOV``, ``IGOUNO``).

    >>> known_code("VENGOV"), known_code("IGOUNOREF"), known_code("XYZ")
    (True, True, False)
    """
    return code[:3] in code_prefixes()


def unknown_code(name: str, code: str) -> QueryError:
    """The error for an actor code that neither the actor KB nor the store knows."""
    return QueryError(f"{name}: unknown actor code {code!r} (a country code such as VEN, a code that starts "
                      "with one such as VENGOV, or a sector or organisation code such as GOV or IGOUNO)")


def cameo_prefix(code: str) -> str:
    """``code`` if some CAMEO code starts with it, else a QueryError naming it.

    >>> cameo_prefix("13"), cameo_prefix(" 1")
    ('13', '1')
    >>> cameo_prefix("3")
    Traceback (most recent call last):
    ...
    eventwire.store.query.QueryError: cameo: no CAMEO code starts with '3'
    """
    code = str(code).strip()
    if not re.fullmatch(r"\d{1,4}", code):
        raise QueryError(f"cameo: a CAMEO code or prefix is 1 to 4 digits, not {code!r}")
    if not any(known.startswith(code) for known in cameo_codes()):
        raise QueryError(f"cameo: no CAMEO code starts with {code!r}")
    return code


def _day(value: str | dt.date | None, name: str) -> dt.date | None:
    try:
        return day(value, name)
    except ValueError as err:
        raise QueryError(str(err)) from None


def _one_of(value: str, allowed: tuple[str, ...], name: str, what: str) -> str:
    if value not in allowed:
        raise QueryError(f"{name}: {value!r} is not {what} ({', '.join(allowed)})")
    return value


def _all_of(values: tuple[str, ...] | list[str] | str, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    chosen = tuple(v.strip().lower() for v in ([values] if isinstance(values, str) else values) if v.strip())
    wrong = [v for v in chosen if v not in allowed]
    if wrong:
        raise QueryError(f"{name}: {', '.join(map(repr, wrong))} not one of {', '.join(allowed)}")
    return chosen


# --- SQL ------------------------------------------------------------------------------------

def _side(alias: str, role: str, code: str) -> tuple[str, list[str]]:
    """SQL matching ``code`` on one side: a country code matches the country or the bare code."""
    if len(code) == 3:
        return f"({alias}.{role}_country = ? OR {alias}.{role}_code = ?)", [code, code]
    return f"{alias}.{role}_code = ?", [code]


def pair_filter(alias: str, a: str, b: str, directed: bool = True) -> tuple[str, list]:
    """One WHERE condition: ``a`` acting on ``b`` (``directed``), or either way round.

    >>> pair_filter("e", "USAGOV", "VENGOV", directed=False)
    ('((e.source_code = ? AND e.target_code = ?) OR (e.source_code = ? AND e.target_code = ?))', \
['USAGOV', 'VENGOV', 'VENGOV', 'USAGOV'])
    """
    (src, p1), (tgt, p2) = _side(alias, "source", a), _side(alias, "target", b)
    pair, params = f"({src} AND {tgt})", p1 + p2
    if not directed:
        (src, p1), (tgt, p2) = _side(alias, "source", b), _side(alias, "target", a)
        pair, params = f"({pair} OR ({src} AND {tgt}))", params + p1 + p2
    return pair, params


def events_sql(query: EventQuery, canonical: bool = False, record: bool = False) -> tuple[str, list]:
    """SQL and parameters for :meth:`Store.events`: one row per report (event record), with its
    article's URL and outlet and its canonical event's counts (``record``: with the record's
    JSON too); or with ``canonical`` one row per canonical event. In ``query.sort`` order
    (``date``: oldest first; undated events last)."""
    where, params = query.where("e", canonical=canonical)
    where_sql = " WHERE " + " AND ".join(where) if where else ""
    limit_sql = f" LIMIT {int(query.limit)}" if query.limit is not None else ""
    field, direction = query.sort.lstrip("-"), "DESC" if query.sort.startswith("-") else "ASC"
    if canonical:
        key = {"date": "e.date", "goldstein": "e.goldstein", "mentions": "e.num_mentions"}.get(field)
        if key is None:
            raise QueryError(f"sort: canonical events have no {field}")
        order = f"{key} {direction} NULLS LAST, e.first_ingested_at {direction}, e.id {direction}"
        return f"SELECT e.* FROM canonical_events e{where_sql} ORDER BY {order}{limit_sql}", params
    columns = "e.*" if record else "e.* EXCLUDE (record)"
    order = [f"{field} {direction} NULLS LAST", f"article_key {direction}", "sentence", "id"]
    # filter, sort and cut the events alone, then join the few rows left to their article and canonical event
    sql = (f"WITH hit AS (SELECT {columns} FROM events e{where_sql} ORDER BY {', '.join(order)}{limit_sql}) "
           "SELECT hit.*, a.url, a.outlet, c.num_mentions, c.num_sources, c.num_articles FROM hit "
           "JOIN articles a USING (article_key) JOIN canonical_events c ON c.id = hit.canonical_id "
           f"ORDER BY {', '.join('hit.' + c for c in order)}")
    return sql, params


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise QueryError(f"by: one of {', '.join(PERIODS)}, not {by!r}")
    return by


def encode_cursor(sort: str, digest: str, key: Any, article_key: str, record_id: str) -> str:
    """An opaque cursor: where the page after this row starts, for the sort ``sort`` and the
    filters whose :meth:`EventQuery.digest` is ``digest``.

    >>> cursor = encode_cursor("-date", "f1", dt.date(2025, 12, 1), "k1", "e1")
    >>> decode_cursor(cursor, "-date", "f1")
    ['2025-12-01', 'k1', 'e1']
    >>> decode_cursor(cursor, "-date", "f2")
    Traceback (most recent call last):
    ...
    eventwire.store.query.BadCursor: cursor: made for other filters than this request's (a cursor continues only \
the listing that handed it out; start again without one)
    """
    if isinstance(key, dt.datetime):
        key = key.date()
    value = key.isoformat() if isinstance(key, dt.date) else float(key)
    raw = json.dumps([sort, digest, value, article_key, record_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


CURSOR_ID = re.compile(r"[!-~]{1,200}")  # an article key or record id: printable ASCII, as the store writes them


def decode_cursor(cursor: str, sort: str, digest: str) -> list[Any]:
    """The sort key, article key and record id in ``cursor``, each checked: BadCursor naming the
    problem when it is not a cursor, was made for another sort or other filters, or holds a
    sort key of the wrong kind (a date that is not a date, a number that is text).

    >>> decode_cursor("bm9wZQ", "-date", "f1")
    Traceback (most recent call last):
    ...
    eventwire.store.query.BadCursor: cursor: not a cursor handed out by this listing
    >>> forged = base64.urlsafe_b64encode(json.dumps(["-date", "f1", "abc", "k", "e"]).encode()).decode()
    >>> decode_cursor(forged, "-date", "f1")
    Traceback (most recent call last):
    ...
    eventwire.store.query.BadCursor: cursor: its date 'abc' is not a date (YYYY-MM-DD)
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, made_digest, value, article_key, record_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise BadCursor("cursor: not a cursor handed out by this listing") from None
    if made_for != sort:
        shown = made_for if made_for in SORTS else "another sort"
        raise BadCursor(f"cursor: made for sort={shown}, not sort={sort}")
    if made_digest != digest:
        raise BadCursor("cursor: made for other filters than this request's (a cursor continues only the "
                        "listing that handed it out; start again without one)")
    field = sort.lstrip("-")
    shown = repr(value)[:40]
    if field == "date":
        try:
            value = day(value).isoformat() if isinstance(value, str) else None
        except ValueError:
            value = None
        if value is None:
            raise BadCursor(f"cursor: its date {shown} is not a date (YYYY-MM-DD)")
    elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadCursor(f"cursor: its {field} value {shown} is not a number")
    for name, text in (("article key", article_key), ("record id", record_id)):
        if not isinstance(text, str) or not CURSOR_ID.fullmatch(text):
            raise BadCursor(f"cursor: its {name} is not one the store writes")
    return [value, article_key, record_id]
