"""Readable names for actor codes, for people reading tables and charts.

A code that starts with a country gives the country's name and each further
three-letter code its role (``data/sectors.tsv``); any other code of an
organisation (an IGO, NGO, armed group) gives that organisation's name.

>>> actor_label("USAGOV"), actor_label("VEN"), actor_label("IGOUNO"), actor_label("IGOUNOREF")
('United States government', 'Venezuela', 'United Nations', 'UNHCR')
>>> actor_label("REB"), actor_label("RUSMILXYZ"), actor_label(None)
('rebels', 'Russian Federation military XYZ', None)
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


def code_prefixes() -> frozenset[str]:
    """The three-letter codes an actor code the KB gives may start with: its countries
    (``VEN``, ``XKX``), roles and sectors (``GOV``) and its organisations' leading codes (``IGO``).

    >>> {"VEN", "XKX", "GOV", "IGO"} <= code_prefixes(), "XYZ" in code_prefixes()
    (True, False)
    """
    countries, organisations, sectors = _tables()
    return frozenset(countries) | frozenset(sectors) | {code[:3] for code in organisations}


@lru_cache(maxsize=1)
def sector_codes() -> frozenset[str]:
    """The role and sector codes of ``data/sectors.tsv`` (``GOV``, ``REB``, ``IGO`` ...).

    >>> {"GOV", "REB"} <= sector_codes(), "EAF" in sector_codes()
    (True, False)
    """
    return frozenset(_tables()[2])


def actor_label(code: str | None) -> str | None:
    """``code`` in words; an unknown part stays as it is."""
    if not code:
        return None
    countries, organisations, sectors = _tables()
    if code[:3] not in countries and code in organisations:
        return organisations[code]
    words = []
    if code[:3] in countries:
        words.append(countries[code[:3]])
        code = code[3:]
    for start in range(0, len(code), 3):
        part = code[start:start + 3]
        words.append(sectors.get(part, part))
    return " ".join(words)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Country code -> its first name, organisation code -> its first entry's name, role code -> words."""
    countries = {row["code"]: row["names"].split(";")[0] for row in _rows("countries.tsv")}
    organisations: dict[str, str] = {}
    for row in _rows("organizations.tsv"):
        organisations.setdefault(row["code"], row["name"])
    sectors = {row["code"]: row["label"] for row in _rows("sectors.tsv")}
    return countries, organisations, sectors


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
