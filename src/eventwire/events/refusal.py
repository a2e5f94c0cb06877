"""Refusals: an act declared not to be done ("Iran will not release the sailors") is the
declaration of a refusal, CAMEO's 12 REJECT, rather than the act negated. The code of declining
each act is in ``data/refusals.json``.

>>> refusal_code("0841"), refusal_code("085"), refusal_code("190")
('1243', '1244', None)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..ontology import cameo_info
from ..records import Event

DATA = Path(__file__).resolve().parent / "data" / "refusals.json"


def refusal_code(cameo: str) -> str | None:
    """The CAMEO code of refusing the act coded ``cameo`` (by the code, else its first three
    digits); None for an act with no refusal in CAMEO (an attack not done is no refusal)."""
    table = _table()
    return table.get(cameo) or table.get(cameo[:3])


def recode_as_refusal(event: Event) -> bool:
    """Recode a negated ``event`` whose act has a refusal in CAMEO as that refusal, declared
    (``modality`` asserted, ``rule`` saying so); False, and ``event`` unchanged, for any other act.

    >>> event = Event(doc_id="d", sentence=0, event_type="RETREAT", cameo="085", modality="negated", rule="lift",
    ...               trigger={"text": "lift", "start": 14, "end": 18}, text="Oman will not lift the ban.", evidence={})
    >>> recode_as_refusal(event), event.event_type, event.cameo, event.modality, event.rule
    (True, 'REJECT', '1244', 'asserted', 'lift; declared not done: refusal -> 1244')
    """
    code = refusal_code(event.cameo) if event.cameo else None
    if code is None:
        return False
    info = cameo_info(code)
    event.event_type, event.mode, event.contexts = info.plover_type, info.plover_mode, list(info.contexts)
    event.cameo, event.cameo_root, event.goldstein = info.code, info.root, info.goldstein
    event.quad_class, event.penta_class, event.modality = info.quad_class, info.penta_class, "asserted"
    event.rule = f"{event.rule}; declared not done: refusal -> {code}"
    return True


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    return {k: v for k, v in json.loads(DATA.read_text(encoding="utf-8")).items() if not k.startswith("_")}
