"""Acts declared rather than done, coded as CAMEO codes the declaration (``KINDS``):

- ``refusal``: an act declared not to be done ("Iran will not release the sailors") is the refusal
  of it, CAMEO's 12 REJECT (``data/refusals.json``);
- ``intent``: a cooperative act announced for the future ("Putin will visit China", "said it would
  send aid") is the expressed intent to do it, CAMEO's 03, PLOVER's AGREE (``data/intents.json``);
  its modality stays ``future``: what the words announce has not happened;
- ``threat``: an act of conflict announced on a condition ("Russia will attack Ukraine unless Kyiv
  withdraws") is the threat of it, CAMEO's 13 THREATEN (``data/threats.json``); the threat is made.

>>> declared_code("refusal", "0841"), declared_code("refusal", "085"), declared_code("refusal", "190")
('1243', '1244', None)
>>> declared_code("intent", "042"), declared_code("intent", "073"), declared_code("intent", "0872")
('036', '0333', None)
>>> declared_code("threat", "195"), declared_code("threat", "163"), declared_code("threat", "042")
('1384', '1312', None)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..ontology import cameo_info
from ..records import Event

DATA = Path(__file__).resolve().parent / "data"
# kind -> (its table, what a recoded event's rule says, its modality: None keeps the event's)
KINDS = {"refusal": ("refusals.json", "declared not done: refusal", "asserted"),
         "intent": ("intents.json", "declared for the future: intent", None),
         "threat": ("threats.json", "declared on a condition: threat", "asserted")}


def declared_code(kind: str, cameo: str) -> str | None:
    """The CAMEO code of declaring the act coded ``cameo`` in the way ``kind`` says (by the code,
    else its first three digits); None for an act CAMEO has no such declaration of (an attack not
    done is no refusal, a retreat announced no intent to cooperate)."""
    table = _table(KINDS[kind][0])
    return table.get(cameo) or table.get(cameo[:3])


def recode(event: Event, kind: str) -> bool:
    """Recode ``event`` (negated, for a refusal; future, for an intent) as its declaration, its
    ``rule`` saying so (a refusal is ``asserted``: it is made; an intent keeps ``future``); False,
    and ``event`` unchanged, for an act with no such declaration.

    >>> event = Event(doc_id="d", sentence=0, event_type="RETREAT", cameo="085", modality="negated", rule="lift",
    ...               trigger={"text": "lift", "start": 14, "end": 18}, text="Oman will not lift the ban.", evidence={})
    >>> recode(event, "refusal"), event.event_type, event.cameo, event.modality, event.rule
    (True, 'REJECT', '1244', 'asserted', 'lift; declared not done: refusal -> 1244')
    >>> event = Event(doc_id="d", sentence=0, event_type="CONSULT", cameo="042", modality="future", rule="visit",
    ...               trigger={"text": "visit", "start": 10, "end": 15}, text="Putin will visit China.", evidence={})
    >>> recode(event, "intent"), event.event_type, event.cameo, event.modality, declared(event)
    (True, 'AGREE', '036', 'future', True)
    """
    code = declared_code(kind, event.cameo) if event.cameo else None
    if code is None:
        return False
    info = cameo_info(code)
    event.event_type, event.mode, event.contexts = info.plover_type, info.plover_mode, list(info.contexts)
    event.cameo, event.cameo_root, event.goldstein = info.code, info.root, info.goldstein
    event.quad_class, event.penta_class = info.quad_class, info.penta_class
    _, why, modality = KINDS[kind]
    event.modality = modality or event.modality
    event.rule = f"{event.rule}; {why} -> {code}"
    return True


def declared(event: Event) -> bool:
    """Whether ``event`` was recoded as a declaration: its ``rule`` says so."""
    return any(f"; {why} -> " in (event.rule or "") for _, why, _ in KINDS.values())


@lru_cache(maxsize=2)
def _table(name: str) -> dict[str, str]:
    return {k: v for k, v in json.loads((DATA / name).read_text(encoding="utf-8")).items() if not k.startswith("_")}
