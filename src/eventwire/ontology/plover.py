"""PLOVER event types and the manual's conflict–cooperation scores per type and type:mode.

Data: ``data/plover_scores.tsv``, built by ``scripts/build_ontology.py`` from the
PLOVER manual's table "PLOVER conflict--cooperation scores" (values as printed;
note the manual gives ACCUSE as a whole +3 while its modes are all negative).

>>> plover_types()[:3]
('AGREE', 'CONSULT', 'SUPPORT')
>>> plover_score("CONSULT", "phone"), plover_score("CONSULT")
(1.5, 2.5)
"""

from __future__ import annotations

from functools import lru_cache

from ._data import read_tsv


@lru_cache(maxsize=1)
def plover_scores() -> dict[tuple[str, str | None], float]:
    """Scores keyed by ``(type, mode)``; ``(type, None)`` is the type's own score.

    >>> plover_scores()[("ASSAULT", "aerial")]
    -9.5
    """
    return {
        (row["plover_type"], row["mode"] or None): float(row["score"])
        for row in read_tsv("plover_scores.tsv")
    }


@lru_cache(maxsize=1)
def plover_types() -> tuple[str, ...]:
    """The 16 PLOVER event types, in the manual's order (cooperation to conflict)."""
    return tuple(ptype for ptype, mode in plover_scores() if mode is None)


def plover_score(plover_type: str, mode: str | None = None) -> float:
    """The score of ``type:mode``, or of the type when the mode has none; KeyError for an unknown type.

    >>> plover_score("THREATEN", "violence"), plover_score("THREATEN", "ultimatum")
    (-3.5, -3.5)
    """
    scores = plover_scores()
    if mode is not None and (plover_type, mode.lower()) in scores:
        return scores[(plover_type, mode.lower())]
    try:
        return scores[(plover_type, None)]
    except KeyError:
        raise KeyError(f"not a PLOVER event type: {plover_type!r}") from None
