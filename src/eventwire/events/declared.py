"""Acts declared rather than done, coded as CAMEO codes the declaration:

- an act declared not to be done ("Iran will not release the sailors") is the refusal of it,
  CAMEO's 12 REJECT (``data/refusals.json``);
- a cooperative act announced for the future ("Putin will visit China", "said it would send
  aid") is the expressed intent to do it, CAMEO's 03, PLOVER's AGREE (``data/intents.json``).

>>> refusal_code("0841"), refusal_code("085"), refusal_code("190")
('1243', '1244', None)
>>> intent_code("042"), intent_code("073"), intent_code("0872")
('036', '0333', None)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..ontology import cameo_info
from ..records import Event

DATA = Path(__file__).resolve().parent / "data"
WHY = ("declared not done: refusal", "declared for the future: intent")  # what a recoded event's rule says


def refusal_code(cameo: str) -> str | None:
    """The CAMEO code of refusing the act coded ``cameo`` (by the code, else its first three
    digits); None for an act with no refusal in CAMEO (an attack not done is no refusal)."""
    return _lookup("refusals.json", cameo)


def intent_code(cameo: str) -> str | None:
    """The CAMEO code of expressing the intent to do the act coded ``cameo`` (by the code, else its
    first three digits); None for an act whose announcement is not an intent to cooperate."""
    return _lookup("intents.json", cameo)


def recode_as_refusal(event: Event) -> bool:
    """Recode a negated ``event`` whose act has a refusal in CAMEO as that refusal, declared
    (``modality`` asserted, ``rule`` saying so); False, and ``event`` unchanged, for any other act.

    >>> event = Event(doc_id="d", sentence=0, event_type="RETREAT", cameo="085", modality="negated", rule="lift",
    ...               trigger={"text": "lift", "start": 14, "end": 18}, text="Oman will not lift the ban.", evidence={})
    >>> recode_as_refusal(event), event.event_type, event.cameo, event.modality, event.rule
    (True, 'REJECT', '1244', 'asserted', 'lift; declared not done: refusal -> 1244')
    """
    code = refusal_code(event.cameo) if event.cameo else None
    return code is not None and _recode(event, code, WHY[0])


def recode_as_intent(event: Event) -> bool:
    """Recode a future cooperative ``event`` as the intent to do it, declared (``modality``
    asserted, ``rule`` saying so); False, and ``event`` unchanged, for any other act.

    >>> event = Event(doc_id="d", sentence=0, event_type="CONSULT", cameo="042", modality="future", rule="visit",
    ...               trigger={"text": "visit", "start": 10, "end": 15}, text="Putin will visit China.", evidence={})
    >>> recode_as_intent(event), event.event_type, event.cameo, event.modality, event.rule
    (True, 'AGREE', '036', 'asserted', 'visit; declared for the future: intent -> 036')
    """
    code = intent_code(event.cameo) if event.cameo else None
    return code is not None and _recode(event, code, WHY[1])


def declared(event: Event) -> bool:
    """Whether ``event`` was recoded as a declaration (a refusal or an intent): its ``rule`` says so.

    >>> declared(Event("d", 0, "AGREE", "036", {}, "", {}, rule="visit; declared for the future: intent -> 036"))
    True
    """
    return any(f"; {why} -> " in (event.rule or "") for why in WHY)


def _recode(event: Event, code: str, why: str) -> bool:
    info = cameo_info(code)
    event.event_type, event.mode, event.contexts = info.plover_type, info.plover_mode, list(info.contexts)
    event.cameo, event.cameo_root, event.goldstein = info.code, info.root, info.goldstein
    event.quad_class, event.penta_class, event.modality = info.quad_class, info.penta_class, "asserted"
    event.rule = f"{event.rule}; {why} -> {code}"
    return True


def _lookup(name: str, cameo: str) -> str | None:
    table = _table(name)
    return table.get(cameo) or table.get(cameo[:3])


@lru_cache(maxsize=2)
def _table(name: str) -> dict[str, str]:
    return {k: v for k, v in json.loads((DATA / name).read_text(encoding="utf-8")).items() if not k.startswith("_")}
