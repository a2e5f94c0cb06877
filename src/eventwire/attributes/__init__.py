"""Per-event attributes read off the parse, one module each: ``modality`` (did it
happen), ``attribution`` (according to whom, and the quote carrying it),
``dates`` (when, resolved against the document date), ``places`` (where,
geocoded offline). Their words are in ``data/*.yaml``; docs/attributes.md
describes the fields.

``counts_as_happened(event)`` is the one rule the store, counts and timelines
use to decide whether an event took place: every modality except those that
say it did not (yet) happen. ``future`` and ``intent`` are excluded too: "will
meet" and "plans to strike" have not happened when the article is written
(the threat in "threatened to strike" is itself an asserted event; only the
threatened strike is future).

>>> counts_as_happened({"modality": "asserted"}), counts_as_happened({"modality": "hypothetical"})
(True, False)
"""

from __future__ import annotations

from typing import Any

# Modalities of events that did not (or not yet) take place.
NOT_HAPPENED = frozenset({"negated", "hypothetical", "conditional", "future", "intent", "question"})


def counts_as_happened(event: Any) -> bool:
    """True unless the event's modality says it did not (yet) happen.

    Accepts an ``Event`` or its dict form; a missing modality counts as asserted.
    """
    modality = event.get("modality") if isinstance(event, dict) else getattr(event, "modality", None)
    return (modality or "asserted") not in NOT_HAPPENED


__all__ = ["NOT_HAPPENED", "counts_as_happened"]
