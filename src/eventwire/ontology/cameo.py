"""CAMEO codes: name, root, Goldstein value, quad/penta class and PLOVER equivalent.

The table is ``data/cameo.tsv``, built by ``scripts/build_ontology.py`` from the
CAMEO code file, the Goldstein scale and the CAMEO→PLOVER table. It holds every
CAMEO code (2-digit roots, 3- and 4-digit codes); an unknown code raises KeyError.

>>> info = cameo_info("1041")
>>> info.name, info.root, info.goldstein, info.quad_class, info.penta_class
('Demand change in leadership', '10', -5.0, 3, 3)
>>> info.plover_type, info.plover_mode, info.contexts
('REQUEST', 'change', ('executive',))
>>> cameo_info("010").plover_type is None   # public statements have no PLOVER type
True
>>> is_valid_cameo("999")
False
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ._data import read_tsv


@dataclass(frozen=True)
class CameoInfo:
    """One CAMEO code and what it maps to; ``plover_type`` is None for 01x (statements)."""

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    penta_class: int
    plover_type: str | None
    plover_mode: str | None
    contexts: tuple[str, ...]


@lru_cache(maxsize=1)
def _table() -> dict[str, CameoInfo]:
    return {
        row["code"]: CameoInfo(
            code=row["code"],
            name=row["name"],
            root=row["root"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            penta_class=int(row["penta_class"]),
            plover_type=row["plover_type"] or None,
            plover_mode=row["plover_mode"] or None,
            contexts=tuple(c for c in row["contexts"].split(";") if c),
        )
        for row in read_tsv("cameo.tsv")
    }


def cameo_info(code: str) -> CameoInfo:
    """Everything known about a CAMEO code string ("04", "041", "1041").

    Raises KeyError for a code that is not in CAMEO (leading zeros matter: "41" is not "041").

    >>> cameo_info("195").plover_type
    'ASSAULT'
    """
    try:
        return _table()[code]
    except (KeyError, TypeError):
        raise KeyError(f"not a CAMEO code: {code!r}") from None


def is_valid_cameo(code: str) -> bool:
    """True if ``code`` is a CAMEO code string.

    >>> is_valid_cameo("0256"), is_valid_cameo("256")
    (True, False)
    """
    return isinstance(code, str) and code in _table()


def cameo_codes() -> list[str]:
    """All CAMEO codes, each root followed by its 3- and 4-digit codes.

    >>> cameo_codes()[:3]
    ['01', '010', '011']
    """
    return list(_table())
