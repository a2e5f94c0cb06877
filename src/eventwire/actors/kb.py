"""The actor knowledge base, its data model: names → entries with dated roles, countries, agent words.

Everything is precompiled into dicts keyed by normalised word sequences
(``words("U.S. President")`` → ``"us president"``), so that the resolver only
does dict look-ups per span. This module only holds the data; the loaders fill
it: :mod:`~eventwire.actors.builtin` (the shipped KB, and user files on top of it),
:mod:`~eventwire.actors.userfile` (YAML/CSV/TSV) and :mod:`~eventwire.actors.petrarch`
(Phoenix dictionaries). Every problem found while loading is kept in
:attr:`KnowledgeBase.problems` instead of being raised.

>>> import datetime as dt
>>> kb = KnowledgeBase()
>>> kb.add_entry(Entry("Donald Trump", roles=[Role("USAGOV", "USA", "GOV", dt.date(2017, 1, 20),
...                                                dt.date(2021, 1, 20), ("president",))]))
>>> kb.incumbent("USA", "president", dt.date(2019, 5, 1)).entry.name
'Donald Trump'
>>> [item.kind for item in kb.items("donald trump")]
['entry']
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .labels import sector_codes

# Codes whose first three letters are not a country but a kind of transnational actor.
NON_STATE_PREFIXES = frozenset({"IGO", "IMG", "NGO", "NGM", "MNC", "UIS", "INS"})
_PUNCT = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "-": " ", "–": " ", "—": " ", "/": " ", ".": "",
     ",": " ", "(": " ", ")": " ", '"': " ", "“": " ", "”": " ", "_": " ", ":": " ", ";": " "}
)
_POSSESSIVE = re.compile(r"(\w)'s\b")
_ARTICLES = frozenset({"the", "a", "an"})


@functools.lru_cache(maxsize=200_000)
def words(text: str) -> tuple[str, ...]:
    """Normalised words of ``text``: no accents, lower case, no dots or articles.

    >>> words("the U.S.-led Nicolás Maduro's")
    ('us', 'led', 'nicolas', 'maduro', "'s")
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower().translate(_PUNCT)
    t = _POSSESSIVE.sub(r"\1 's", t)
    return tuple(w for w in t.split() if w not in _ARTICLES)


SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # not a surname: "George Bush Jr"


def is_cased(alias: str) -> bool:
    """True for short all-capital aliases ("US", "IS", "WHO") that must match in capitals.

    >>> is_cased("US"), is_cased("Hamas")
    (True, False)
    """
    bare = alias.replace(".", "")
    return bare.isalpha() and bare.isupper() and len(bare) <= 4


def split_code(code: str, countries: frozenset[str] | set[str]) -> tuple[str | None, str | None]:
    """(country, sector) of a PETRARCH-style code.

    A region's or a group's code followed by a sector has that sector ("EAFREB": East African rebels).

    >>> split_code("USAGOV", {"USA"}), split_code("IGOUNO", {"USA"}), split_code("REB", {"USA"})
    (('USA', 'GOV'), (None, 'IGO'), (None, 'REB'))
    >>> split_code("EAFREB", {"USA"}), split_code("GOVMIL", {"USA"})
    ((None, 'REB'), (None, 'GOV'))
    """
    head = code[:3]
    if head in countries:
        return head, (code[3:6] or None)
    if head in NON_STATE_PREFIXES:
        return None, head
    sectors = sector_codes()
    if head not in sectors and code[3:6] in sectors:
        return None, code[3:6]
    return None, head or None


@dataclass(frozen=True)
class Role:
    """One code an entry holds, optionally between two dates (end exclusive)."""

    code: str
    country: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    titles: tuple[str, ...] = ()
    source: str = ""

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds_on(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)

    def span_text(self) -> str:
        return f"{self.start or ''}..{self.end or ''}"


@dataclass
class Entry:
    """A named actor: a person or an organisation, with its roles and aliases."""

    name: str
    type: str = "person"
    roles: list[Role] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    source: str = ""
    gender: str | None = None

    def role_on(self, date: dt.date | None) -> tuple[Role, str]:
        """The role held on ``date`` and how it was chosen (``None``: the latest role).

        Outside every dated role a person becomes a former/future elite (country + ELI)
        unless the entry has an undated default role.
        """
        dated = [r for r in self.roles if r.dated]
        default = next((r for r in self.roles if not r.dated), None)
        if date is None:
            if dated:
                current = [r for r in dated if r.end is None]
                pick = max(current or dated, key=lambda r: (r.start or dt.date.min))
                return pick, "latest role"
            return default, "undated"
        for role in dated:
            if role.holds_on(date):
                return role, "held on date"
        if default is not None:
            return default, "undated default"
        nearest = min(dated, key=lambda r: _distance(r, date))
        if self.type == "person" and nearest.country:
            return (
                Role(nearest.code[:3] + "ELI", nearest.country, "ELI", source=nearest.source),
                f"outside office ({nearest.code} {nearest.span_text()})",
            )
        return nearest, "nearest dated role"


def _distance(role: Role, date: dt.date) -> int:
    if role.start and date < role.start:
        return (role.start - date).days
    if role.end and date >= role.end:
        return (date - role.end).days
    return 0


@dataclass(frozen=True)
class Item:
    """What a normalised key can mean: a KB entry, a country name, a capital, an agent word."""

    kind: str  # "entry" | "country" | "demonym" | "capital" | "agent" | "unit"
    entry: Entry | None = None
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    cased: bool = False
    lowercase: bool = False  # a curated alias written in lower case: news names the actor so ("the contras")
    source: str = ""
    person: str | None = None  # an agent word naming one person: "yes", or its gender "m"/"f"
    role: bool = False  # an agent word naming a post in whatever body a word beside it names ("union leaders")


class KnowledgeBase:
    """Look-up tables for actors, filled by the loaders (:func:`eventwire.actors.builtin.knowledge_base`).

    ``fallback``: a function giving a second KB (loaded on first use) asked only for the names
    this one does not know; the built-in KB puts the Phoenix dictionaries there.
    """

    def __init__(self, fallback: Callable[[], KnowledgeBase] | None = None) -> None:
        self.fallback = fallback
        self.index: dict[str, list[Item]] = {}
        self.entries: list[Entry] = []
        self.country_codes: set[str] = set()
        self.country_names: dict[str, str] = {}
        self.problems: list[str] = []
        self.prefixes: set[str] = set()  # every key's leading words ("united", "united states", ...)
        self._titles: dict[tuple[str, str], list[tuple[Role, Entry]]] = {}
        # entries of this (fallback) KB that an upper KB holds too, by the upper entry's name
        self.earlier: dict[str, list[Entry]] = {}
        # people described by whom they are close to (associates.tsv): group words and their own
        # sector ("" takes the tied actor's), ties ("close to") and the heads they may follow
        self.groups: dict[str, str] = {}
        self.ties: dict[tuple[str, ...], str] = {}
        self.counts: set[str] = set()  # "dozens of X": words that stand for their "of" phrase
        self.surnames: dict[str, list[Entry]] = {}  # last word of a person's name -> the people

    # -- building -----------------------------------------------------------

    def add_key(self, text: str, item: Item) -> None:
        key = " ".join(words(text))
        if key:
            self.add_normalised(key, item)

    def add_normalised(self, key: str, item: Item) -> None:
        """Index ``item`` under ``key``, already in the form :func:`words` gives, space-joined."""
        bucket = self.index.setdefault(key, [])
        if item not in bucket:
            bucket.append(item)
        end = key.find(" ")
        while end != -1:
            self.prefixes.add(key[:end])
            end = key.find(" ", end + 1)
        self.prefixes.add(key)

    def add_entry(self, entry: Entry) -> None:
        """Index ``entry`` under its name and aliases; report clashes with different codes."""
        for text in [entry.name, *entry.aliases]:
            key = " ".join(words(text))
            for other in self.index.get(key, ()):
                if other.kind == "entry" and other.entry is not entry:
                    clash = _clash(entry, other.entry)
                    if clash:
                        self.problems.append(
                            f"{entry.source}: warning: '{text}' is {clash[0]} here but "
                            f"{clash[1]} in {other.entry.source} ('{other.entry.name}'); "
                            "both kept, the later file is preferred"
                        )
            self.add_key(text, Item("entry", entry=entry, cased=is_cased(text), lowercase=text.islower(),
                                    source=entry.source))
        self.entries.append(entry)
        self.add_surname(entry)
        for role in entry.roles:
            for title in role.titles:
                place = role.country or role.code  # IGO offices are keyed by the body's code
                self._titles.setdefault((place, title), []).append((role, entry))

    def add_surname(self, entry: Entry) -> None:
        """Index a person ``entry`` under the last word of its name, for ``by_surname``."""
        name = [w for w in words(entry.name) if w not in SUFFIXES]
        if entry.type == "person" and len(name) >= 2:
            self.surnames.setdefault(name[-1], []).append(entry)

    def country_of(self, code: str) -> tuple[str | None, str | None]:
        return split_code(code, self.country_codes)

    # -- querying -----------------------------------------------------------

    def items(self, key: str) -> list[Item]:
        """What the normalised ``key`` can mean here, else in the fallback KB."""
        found = self.index.get(key)
        if found or self.fallback is None:
            return found or []
        return self.fallback().items(key)

    def by_surname(self, surname: str, date: dt.date | None) -> Entry | None:
        """The one person here (else in the fallback KB) whose name ends in ``surname`` and who
        holds a dated role on ``date``; None when no one or several do, or without a date.

        >>> kb = KnowledgeBase()
        >>> kb.add_entry(Entry("Yasser Arafat", roles=[Role("PSEGOV", "PSE", "GOV", dt.date(1994, 7, 5),
        ...                                                  dt.date(2004, 11, 11))]))
        >>> kb.by_surname("arafat", dt.date(2001, 5, 1)).name, kb.by_surname("arafat", dt.date(2008, 1, 1))
        ('Yasser Arafat', None)
        """
        if date is None:
            return None
        holders = {id(e): e for e in self.surnames.get(surname, ())
                   if any(r.dated and r.holds_on(date) for r in e.roles)}
        if len(holders) == 1:
            return next(iter(holders.values()))
        if holders or self.fallback is None:
            return None
        return self.fallback().by_surname(surname, date)

    def people_named(self, surname: str) -> int:
        """How many people (by full name, here and in the fallback KB) have a name ending in ``surname``.

        >>> kb = KnowledgeBase()
        >>> kb.add_entry(Entry("Yasser Arafat", roles=[Role("PSEGOV", "PSE", "GOV")]))
        >>> kb.people_named("arafat"), kb.people_named("abbas")
        (1, 0)
        """
        return len(self._names_ending(surname))

    def _names_ending(self, surname: str) -> set[str]:
        fallback = self.fallback()._names_ending(surname) if self.fallback is not None else set()
        return {entry.name for entry in self.surnames.get(surname, ())} | fallback

    def same_actor(self, entry: Entry) -> list[Entry]:
        """The fallback KB's records of ``entry`` (found under one of its full names): their roles
        tell what ``entry`` was on dates its own roles do not cover."""
        return [] if self.fallback is None else self.fallback().earlier.get(entry.name, [])

    def is_prefix(self, key: str) -> bool:
        """Whether some key here or in the fallback KB starts with the words of ``key``."""
        return key in self.prefixes or (self.fallback is not None and self.fallback().is_prefix(key))

    def incumbent(self, country: str, title: str, date: dt.date | None) -> _Holder | None:
        """Who held ``title`` (e.g. "president") in ``country`` (or an IGO code such as
        IGOUNO) on ``date`` (None: now)."""
        best = None
        for role, entry in self._titles.get((country, title), ()):
            if date is None:
                if role.end is not None:
                    continue
            elif not role.holds_on(date):
                continue
            if best is None or (role.start or dt.date.min) >= (best.role.start or dt.date.min):
                best = _Holder(role, entry)
        return best


@dataclass(frozen=True)
class _Holder:
    role: Role
    entry: Entry


def _clash(new: Entry, old: Entry) -> tuple[str, str] | None:
    """The two codes when ``new`` and ``old`` give different codes at an overlapping time."""
    for a in new.roles:
        for b in old.roles:
            if a.code != b.code and _overlap(a, b):
                return a.code, b.code
    return None


def _overlap(a: Role, b: Role) -> bool:
    lo = max(a.start or dt.date.min, b.start or dt.date.min)
    hi = min(a.end or dt.date.max, b.end or dt.date.max)
    return lo < hi
