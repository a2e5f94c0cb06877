"""The records eventwire reads and writes: Article, Actor, Event, Attribution (who says what, by which
words) and CodedArticle (an article with its events and attributions);
``check_article`` says whether an Article can be coded.

Plain dataclasses with ``to_dict``/``from_dict`` so that every record
round-trips through JSON unchanged.

>>> a = Actor(text="Venezuelan leader Nicolás Maduro", code="VENGOV", country="VEN", sector="GOV")
>>> Actor.from_dict(a.to_dict()) == a
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from . import clean
from .dates import document_day
from .errors import InputError


def plain(value: Any) -> Any:
    """``value`` with every dataclass in it a dict, and its lists, tuples and dicts copied: what
    ``dataclasses.asdict`` gives, without deep-copying the leaves (strings, numbers: the records hold
    no other), at about half its cost.

    >>> plain(Actor(text="Iran", code="IRN")) == dataclasses.asdict(Actor(text="Iran", code="IRN"))
    True
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(item) for item in value)
    return value


@dataclass
class Article:
    """One news story as eventwire stores it; offsets in events point into ``text``.

    >>> Article(id="a1", text="Russia attacked Ukraine.", published="2022-02-24").date
    datetime.date(2022, 2, 24)
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None

    @property
    def date(self) -> dt.date | None:
        """The document date (first ten characters of ``published``), or None."""
        return document_day(self.published)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


@dataclass
class Actor:
    """An entity that acts or is acted upon, with its PETRARCH-style code.

    ``code`` is country + sector (``USAGOV``); ``reason`` says which KB entry
    or rule gave the code, so a coding can be debugged from the record.
    ``text``/``start``/``end`` are the words that name the actor; on an event's
    source or target, ``argument`` is the noun phrase of the sentence holding them
    that fills the event's slot (``text``, ``start``, ``end``: "Theresa May's offer"
    for Theresa May), None where the actor is not in the sentence (implied).
    """

    text: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None
    wikidata: str | None = None
    reason: str | None = None
    argument: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Actor | None:
        if data is None:
            return None
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Event:
    """One coded event; its JSON form is the event record of docs/architecture.md."""

    doc_id: str
    sentence: int
    event_type: str
    cameo: str
    trigger: dict[str, Any]
    text: str
    evidence: dict[str, int]
    source: Actor | None = None
    target: Actor | None = None
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    cameo_root: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    penta_class: int | None = None
    mentions: int = 1
    date: str | None = None
    date_precision: str = "document"
    date_reason: str | None = None
    attribution: dict[str, Any] = field(
        default_factory=lambda: {"status": "asserted", "sources": [], "cue": None}
    )
    modality: str = "asserted"
    quote: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    confidence: float = 0.0
    rule: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = event_id(self.doc_id, self.sentence, self.trigger)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record, keys in the documented order (see RECORD_ORDER)."""
        out = plain(self)
        return {key: out[key] for key in RECORD_ORDER}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["source"] = Actor.from_dict(values.get("source"))
        values["target"] = Actor.from_dict(values.get("target"))
        return cls(**values)


RECORD_ORDER = (
    "id", "doc_id", "sentence", "mentions", "date", "date_precision", "date_reason", "source", "target",
    "event_type", "mode", "contexts", "cameo", "cameo_root", "goldstein", "quad_class",
    "penta_class", "trigger", "text", "evidence", "attribution", "modality", "quote",
    "location", "confidence", "rule",
)


def event_id(doc_id: str, sentence: int, trigger: dict[str, Any], pair: tuple = ()) -> str:
    """Stable id from the document, sentence and trigger offsets; for the events of a predicate after
    its first (one per further pair of conjoined actors: "The United States and Britain condemned
    Iran"), the ``pair`` too (the source's and target's codes and offsets), so that each is its own.

    >>> event_id("d1", 0, {"start": 3, "end": 9})
    '15abcfd0c7e7c593'
    >>> event_id("d1", 0, {"start": 3, "end": 9}, ("GBR", 22, "IRN", 40))
    'd7a0cb426149ca2d'
    """
    key = f"{doc_id}\x1f{sentence}\x1f{trigger.get('start')}\x1f{trigger.get('end')}"
    if pair:
        key += "\x1f" + "\x1f".join(str(part) for part in pair)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def sibling(event: Event) -> bool:
    """Whether ``event`` is a further pair of conjoined actors of a predicate coded already (its id is
    not the plain id of its trigger): the story type and the top event are read without these.

    >>> first = Event("d1", 0, "ACCUSE", "111", {"start": 3, "end": 9}, "", {})
    >>> second = Event("d1", 0, "ACCUSE", "111", {"start": 3, "end": 9}, "", {},
    ...                id=event_id("d1", 0, {"start": 3, "end": 9}, ("GBR", 22, "IRN", 40)))
    >>> sibling(first), sibling(second)
    (False, True)
    """
    return event.id != event_id(event.doc_id, event.sentence, event.trigger)


@dataclass
class Attribution:
    """One attribution relation of an article: a ``source`` says or thinks the ``content``, by the
    words of the ``cue``. Spans are ``{"text", "start", "end"}`` with offsets into the article's
    text; ``source`` or ``cue`` is None when the text gives none ("reportedly" has no source).
    ``source_actor`` is the source resolved through the actor KB, ``quote`` whether the content
    is a direct quotation, ``events`` the ids of the article's events whose trigger lies in the
    content.

    >>> a = Attribution(doc_id="d", sentence=0, content={"text": "talks failed", "start": 15, "end": 27},
    ...                 source={"text": "Officials", "start": 0, "end": 9})
    >>> a.id, Attribution.from_dict(a.to_dict()) == a
    ('8c53d10c77c20fdb', True)
    """

    doc_id: str
    sentence: int
    content: dict[str, Any]
    source: dict[str, Any] | None = None
    cue: dict[str, Any] | None = None
    source_actor: Actor | None = None
    quote: bool = False
    events: list[str] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = event_id(self.doc_id, -1, self.content)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["source_actor"] = Actor.from_dict(values.get("source_actor"))
        return cls(**values)


@dataclass
class CodedArticle:
    """What coding one article gave: ``article.text`` is the text as stored (event and attribution
    offsets index into it), ``sentences`` how many were parsed; ``error`` is set, and ``events``
    and ``attributions`` empty, when the article could not be coded. With a sentence model that
    has a detector head, ``story_type`` is the PLOVER type the article most probably reports and
    ``top_event`` the id of its lead event (the most confident of that kind; ``events.story``).

    >>> CodedArticle(Article(id="a", text="")).events
    []
    """

    article: Article
    events: list[Event] = field(default_factory=list)
    sentences: int = 0
    error: InputError | None = None
    attributions: list[Attribution] = field(default_factory=list)
    story_type: str | None = None
    top_event: str | None = None


ARTICLE_FIELDS = ("id", "text", "title", "url", "source", "published")


def check_article(article: Article) -> Article:
    """``article`` if it can be coded; InputError naming it otherwise: a field that is not a string,
    or not text (a lone surrogate or a NUL: :func:`eventwire.clean.not_text`), a text that is empty
    or only invisible characters, a bad date. ``Coder.code_all`` checks every article with it; so
    can whoever must refuse an article before it is coded (the error names it printably).

    >>> check_article(Article(id="a", text="Rain\\ud800"))
    Traceback (most recent call last):
    ...
    eventwire.errors.InputError: a: 'text' holds a lone surrogate (\\ud800) at character 4: not valid Unicode
    """
    where = clean.printable(str(article.id))
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        if value is None and name not in ("id", "text"):
            continue
        if not isinstance(value, str):
            raise InputError(f"{name!r} must be a string, not {type(value).__name__}", where)
        problem = clean.not_text(name, value)
        if problem:
            raise InputError(problem, where)
    if not article.text.strip():
        raise InputError("empty text: nothing to code", where)
    invisible = clean.invisible_only(article.text)
    if invisible:
        raise InputError(f"text holds nothing readable, only invisible characters ({invisible}): nothing to code",
                         where)
    if article.published:
        try:
            document_day(article.published)
        except ValueError as err:
            raise InputError(str(err), where) from None
    return article
