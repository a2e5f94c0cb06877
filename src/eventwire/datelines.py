"""Datelines: "KABUL (Reuters) -" at the start of an article or paragraph.

Wire copy and newspaper archives open stories, and often paragraphs, with where
the reporter filed from, the date and the agency. Parsed as part of the first
sentence, the city becomes an actor ("KABUL (Reuters) - Rebels shelled the town":
the Afghan government shelled it). :func:`dateline` finds one at the start of a
paragraph, so that ``clean.prepare`` can leave it out of the parse and the place
stage can fall back on its place. Two forms count:

- with an agency of ``data/datelines.yaml`` in brackets or slashes, in any case:
  "KABUL (Reuters) -", "kabul (reuters) -", "Kyiv, Ukraine (AP) —",
  "UNITED NATIONS, March 3 (Reuters) -", "Paris, 3 March 2019 /PRNewswire/ --", "(CNN)";
- without one, a place in capitals of at least ``MIN_LETTERS`` letters ("WASHINGTON —",
  "GAZA CITY, Jan. 5 -"), or a place with its region and then a sentence starting with a
  capital ("Kyiv, Ukraine — Russian drones"), before a dash; a single hyphen only after a
  region or a date ("US - China talks" is no dateline), never in a paragraph written all in
  capitals, never a word of ``not_places`` ("NATO — Russia talks").

>>> found = dateline("KABUL, Afghanistan (AP) — Rebels shelled the town.")
>>> found.place, found.region, found.agency, found.end
('KABUL', 'Afghanistan', 'AP', 26)
>>> dateline("Kabul (the capital) was shelled.") is None, dateline("WASHINGTON and Beijing agreed.") is None
(True, True)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

MIN_LETTERS = 4  # a place in capitals without an agency: at least this many letters ("GAZA", not "US")
WORD = r"[^\W\d_][\w'’.&-]*"  # a word of a place name: "Port-au-Prince", "St.", "N'Djamena"
PLACE = rf"(?P<place>{WORD}(?: {WORD}){{0,3}})"
DASH = r"(?:—|–|--+|-|_)"
LONG_DASH = r"(?:—|–|--+)"


@dataclass
class Dateline:
    """A dateline: its span (``start``, ``end``: the dash and the spaces after it included),
    the place and where its name starts, the region, date and agency as written (None if absent)."""

    start: int
    end: int
    place: str | None
    place_start: int | None
    region: str | None
    date: str | None
    agency: str | None

    def shifted(self, by: int) -> Dateline:
        """The same dateline, its offsets ``by`` characters further on."""
        moved = None if self.place_start is None else self.place_start + by
        return Dateline(self.start + by, self.end + by, self.place, moved, self.region, self.date, self.agency)


@functools.cache
def _words() -> dict:
    text = resources.files("eventwire").joinpath("data/datelines.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """The dateline with an agency (any case), the one without, and the agencies by lower-case name."""
    words = _words()
    agencies = {a.lower(): a for a in words["agencies"]}
    agency = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True))
    month = r"(?:" + "|".join(words["months"]) + r")\.?"
    date = rf"(?P<date>\d{{1,2}} {month}(?:,? \d{{4}})?|{month} \d{{1,2}}(?:,? \d{{4}})?)"
    region = rf"(?P<region>(?!{month}\b){WORD}(?: {WORD}){{0,2}})"
    place = rf"{PLACE}(?:, {region})?(?:,? {date})?"
    with_agency = re.compile(rf"[ \t]*(?:{place}[ \t]+)?(?:\((?P<agency>{agency})\)|/(?P<wire>{agency})/)"
                             rf"(?:[ \t]*{DASH}[ \t]*|[ \t]+|$)", re.IGNORECASE)
    without = re.compile(rf"[ \t]*{place}(?:[ \t]*{LONG_DASH}[ \t]*|(?<=[\w.])[ \t]+[-_][ \t]+)(?=\S|$)")
    return with_agency, without, agencies


def dateline(paragraph: str) -> Dateline | None:
    """The dateline ``paragraph`` opens with, or None (see the module docstring).

    >>> [dateline(p).place for p in ("WASHINGTON — The Senate voted.", "MOSCOW, 12 May (ITAR-TASS) — Talks.")]
    ['WASHINGTON', 'MOSCOW']
    >>> found = dateline("(CNN) The Senate voted.")
    >>> found.place, found.agency, found.end
    (None, 'CNN', 6)
    >>> [dateline(p) for p in ("US - China talks resumed.", "NATO — Russia talks resumed.")]
    [None, None]
    """
    with_agency, without, agencies = _patterns()
    found = with_agency.match(paragraph)
    if found is not None:
        agency = agencies[(found.group("agency") or found.group("wire")).lower()]
    else:
        found = without.match(paragraph)
        if found is None or not _bare_place(found, paragraph):
            return None
        agency = None
    place = found.group("place")
    return Dateline(0, found.end(), place, found.start("place") if place else None, found.group("region"),
                    found.group("date"), agency)


def _bare_place(found: re.Match, paragraph: str) -> bool:
    """Whether a dateline without an agency names a place as datelines do: in capitals (at least
    ``MIN_LETTERS`` letters, no word of ``not_places``, not in a paragraph all in capitals) or
    followed by its region and then a sentence that starts with a capital ("However, Moscow —
    which..." is none); after a single hyphen, only with a region or a date."""
    place, rest = found.group("place"), paragraph[found.end():]
    words = place.replace(".", " ").split()
    if found.group().rstrip().endswith(("-", "_")) and not found.group().rstrip().endswith("--") \
            and not (found.group("region") or found.group("date")):
        return False
    if place.isupper():
        return (sum(c.isalpha() for c in place) >= MIN_LETTERS and not rest.isupper()
                and not any(w.upper() in _not_places() for w in words))
    region = (found.group("region") or "").split()
    return bool(region) and all(w[:1].isupper() for w in [*words, *region]) and not rest[:1].islower()


@functools.cache
def _not_places() -> frozenset[str]:
    return frozenset({*_words()["not_places"], "AND", "OR"})
