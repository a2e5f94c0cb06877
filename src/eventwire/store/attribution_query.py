"""One query of attribution relations (who says what, by which words), validated once.

``ATTRIBUTION_FILTERS`` is the table of its filters: the options of ``eventwire
attributions`` and the query parameters of ``GET /v1/attributions`` are made from
it, as the event filters are made from :data:`eventwire.store.query.FILTERS`.
:class:`AttributionQuery` checks every value and names the wrong one in a
:class:`~eventwire.store.query.QueryError`; an actor code nobody knows is refused
by the store, as for events.

>>> q = AttributionQuery.from_params({"source_actor": "ven", "cue": " Said ", "since": "2025-11-01"})
>>> q.source_actor, q.cue, q.since
('VEN', 'said', datetime.date(2025, 11, 1))
>>> where, params = q.where("t", "a")
>>> where
['(t.source_country = ? OR starts_with(t.source_code, ?))', 'contains(lower(t.cue_text), ?)', 'a.date >= ?']
>>> AttributionQuery(sort="goldstein")
Traceback (most recent call last):
...
eventwire.store.query.QueryError: sort: 'goldstein' is not a sort (-date, date)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..dates import day
from .query import CODE, Filter, Paged, QueryError, actor_code, known_code

ATTRIBUTION_SORTS = ("-date", "date")  # by the article's date; within an article, in the order of the text
ATTRIBUTION_FILTERS = (
    Filter("source_actor", "source_actor", "Country (VEN) or actor code (VENGOV) of the source; a code also "
           "matches the longer codes it begins.", "code", "--source-actor", pattern=CODE),
    Filter("source", "source", "Words in the source as the text names it (officials, the broadcaster).", "text",
           "--source"),
    Filter("cue", "cue", "Words in the cue (said, according to, denied).", "text", "--cue"),
    Filter("since", "since", "Articles dated on or after this date (YYYY-MM-DD).", "date", "--since"),
    Filter("until", "until", "Articles dated on or before this date (YYYY-MM-DD).", "date", "--until"),
    Filter("q", "text", "Words in the content: what the source says.", "text", "--q"),
    Filter("quote", "quote", "Only direct quotations.", "flag", "--quote"),
    Filter("article", "article", "One article: its store id (as in /v1/articles/ID) or its id in the input.",
           "text", "--article"),
)


@dataclasses.dataclass(frozen=True)
class AttributionQuery(Paged):
    """Which attribution relations, in which order, from where, how many: checked on creation.

    ``source_actor`` is upper-cased; ``source``, ``cue`` and ``text`` match words case-insensitively
    (lower-cased, trimmed); dates become ``datetime.date``. ``sort`` is ``-date`` (newest
    articles first) or ``date``; ``cursor`` continues a page (see :meth:`cursor_after`);
    ``limit`` None: every relation.
    """

    source_actor: str | None = None
    source: str | None = None
    cue: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None
    quote: bool = False
    article: str | None = None
    sort: str = "-date"
    limit: int | None = None
    cursor: str | None = None

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        put("source_actor", actor_code(self.source_actor, "source_actor"))
        for name in ("source", "cue", "text"):
            value = getattr(self, name)
            put(name, str(value).strip().lower() or None if value is not None else None)
        put("article", str(self.article).strip() or None if self.article is not None else None)
        for name in ("since", "until"):
            try:
                put(name, day(getattr(self, name), name))
            except ValueError as err:
                raise QueryError(str(err)) from None
        put("quote", bool(self.quote))
        if self.sort not in ATTRIBUTION_SORTS:
            raise QueryError(f"sort: {self.sort!r} is not a sort ({', '.join(ATTRIBUTION_SORTS)})")
        if self.limit is not None and int(self.limit) < 0:
            raise QueryError(f"limit: at least 0, not {self.limit}")

    @classmethod
    def from_params(cls, params: Mapping[str, Any], **rest: Any) -> AttributionQuery:
        """The query of filter values keyed by their ``ATTRIBUTION_FILTERS`` names (None for a
        filter not given), plus ``rest`` (sort, limit, cursor)."""
        fields = {spec.field: params[spec.name] for spec in ATTRIBUTION_FILTERS if params.get(spec.name) is not None}
        return cls(**fields, **rest)

    def where(self, alias: str, article: str) -> tuple[list[str], list]:
        """WHERE conditions and their parameters over ``attributions`` aliased ``alias`` joined
        to ``articles`` aliased ``article``."""
        where: list[str] = []
        params: list = []

        def add(sql: str, values: list) -> None:
            where.append(sql)
            params.extend(values)

        if self.source_actor:
            code = self.source_actor
            if len(code) == 3:
                add(f"({alias}.source_country = ? OR starts_with({alias}.source_code, ?))", [code, code])
            else:
                add(f"starts_with({alias}.source_code, ?)", [code])
        for column, value in (("source_text", self.source), ("cue_text", self.cue), ("content_text", self.text)):
            if value:
                add(f"contains(lower({alias}.{column}), ?)", [value])
        if self.quote:
            where.append(f"{alias}.quote")
        if self.article:
            add(f"({alias}.article_key = ? OR {article}.id = ?)", [self.article, self.article])
        if self.since is not None:
            add(f"{article}.date >= ?", [self.since])
        if self.until is not None:
            add(f"{article}.date <= ?", [self.until])
        return where, params

    def unknown_codes(self) -> list[tuple[str, str]]:
        """(filter name, code) of the source actor code, if the actor KB does not know it."""
        code = self.source_actor
        return [("source_actor", code)] if code and not known_code(code) else []
