"""Rule-based coreference state for one document: who was mentioned last, and as what.

Mentions are recorded in document order as the resolver meets them; a pronoun,
a bare surname or a definite description ("the president") is answered by the
most recent compatible person mentioned before it.

>>> from eventwire.records import Actor
>>> state = Coref()
>>> state.add(Mention(0, 12, "Donald Trump", Actor("Trump", code="USAGOV", country="USA"),
...                   country="USA", titles=frozenset({"president"})))
>>> state.last_person(50, title="president").name
'Donald Trump'
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from eventwire.records import Actor

# Personal pronouns that point back to one person ("his allies" uses the possessive),
# with the gender they require of it.
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
# Words that make a plural title phrase name a group of people already mentioned.
GROUP_WORDS = frozenset({"two", "both", "three"})


@dataclass
class Mention:
    """A person mentioned at ``start``-``end``: the actor it resolved to (or None) and its offices."""

    start: int
    end: int
    name: str
    actor: Actor | None
    country: str | None = None
    titles: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # first and last name words, for "Trump", "Lee"
    gender: str | None = None

    @property
    def named(self) -> bool:
        """False for a person only described ("the minister"), whom a pronoun may still mean."""
        return bool(self.names)


class Coref:
    """Person mentions of one document, kept sorted by offset."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._mentions: list[Mention] = []

    def add(self, mention: Mention) -> None:
        """Record ``mention``; a later mention at the same offset replaces the earlier one."""
        i = bisect.bisect_left(self._starts, mention.start)
        if i < len(self._starts) and self._starts[i] == mention.start:
            self._mentions[i] = mention
            return
        self._starts.insert(i, mention.start)
        self._mentions.insert(i, mention)

    def known(self, start: int) -> bool:
        i = bisect.bisect_left(self._starts, start)
        return i < len(self._starts) and self._starts[i] == start

    def _before(self, offset: int):
        i = bisect.bisect_left(self._starts, offset)
        return reversed(self._mentions[:i])

    def last_person(
        self, before: int, title: str | None = None, country: str | None = None,
        gender: str | None = None, skip: tuple[int, int] | None = None,
    ) -> Mention | None:
        """The most recent mention before ``before`` holding ``title`` in ``country``, of a
        compatible ``gender``, not inside the ``skip`` offsets (a clause's own subject)."""
        for m in self._before(before):
            if m.end > before or (skip and skip[0] <= m.start < skip[1]):
                continue
            if title and title not in m.titles:
                continue
            if country and m.country != country:
                continue
            if gender and m.gender and m.gender != gender:
                continue
            return m
        return None

    def people_between(self, start: int, before: int, gender: str | None = None) -> list[Mention]:
        """The mentions from ``start`` up to ``before`` of a compatible ``gender``, the most recent first."""
        return [m for m in self._before(before) if m.start >= start and m.end <= before
                and not (gender and m.gender and m.gender != gender)]

    def by_name(self, before: int, word: str) -> Mention | None:
        """The most recent person before ``before`` whose first or last name word is ``word``."""
        for m in self._before(before):
            if word in m.names and m.end <= before:
                return m
        return None

    def last_people(self, before: int, count: int, title: str | None = None) -> list[Mention]:
        """Up to ``count`` distinct people (by name) mentioned last before ``before``."""
        seen: dict[str, Mention] = {}
        for m in self._before(before):
            if m.end > before or not m.named or (title and m.titles and title not in m.titles):
                continue
            seen.setdefault(m.name, m)
            if len(seen) == count:
                break
        return list(seen.values())[::-1]
