"""``case2021``: ACLED-style sub-event types (CASE 2021 fine-grained classification).

The gold file is TSV: ``id<TAB>snippet<TAB>subtype`` per line, subtype one of
ACLED's 25 sub-event types (``data/acled_subtypes.tsv``; case and spacing are
not significant); a first line naming the columns (``id snippet subtype``) and
``#`` comment lines are skipped. eventwire's events are mapped to subtypes by
the ordered rules of ``data/acled_mapping.tsv`` (CAMEO code, PLOVER type:mode,
source and target sectors); only events that took place count (not negated,
hypothetical, future...). The scored prediction is the mapped event the coder
is most confident of (``none`` when no event maps); the report also gives the
figures at the level of ACLED's six event types. A snippet with no mapped event is
a miss, counted wrong. Event detection: the share of snippets with any coded event,
and with one that maps to a subtype; apart, where the sentence model has a detector
head, the share of snippets it alone says hold an event.

>>> items = parse(["a1\\tArmy troops clashed with rebels near Goma.\\tarmed  CLASH"], "gold.tsv")
>>> items[0].subtype, EVENT_TYPES[items[0].subtype]
('Armed clash', 'Battles')
>>> Rule.parse({"subtype": "Arrests", "cameo": "173", "plover": "COERCE:arrest",
...             "source_sector": "", "target_sector": ""}).kinds
(('173',), ('COERCE:arrest',))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..attributes import counts_as_happened
from ..errors import InputError
from ..records import Event
from .common import (RULES, choose, code_texts, describe_rule, has_detector, model_views, other_rule, ranked,
                     read_data, read_text, unknown_labels_error)
from .metrics import classification_report, detection, render_classification, render_detection

NAME = "case2021"
DESCRIPTION = "id<TAB>snippet<TAB>ACLED sub-event type (CASE 2021); eventwire's events mapped by a documented table"
NONE = "none"
EVENT_TYPES = {row["subtype"]: row["event_type"] for row in read_data("acled_subtypes.tsv")}
_BY_KEY = {" ".join(name.lower().split()): name for name in EVENT_TYPES}
_HEADER = ("id", "snippet", "subtype")


@dataclass(frozen=True)
class Item:
    """One gold snippet, its ACLED subtype and its line in the file."""

    id: str
    text: str
    subtype: str
    line: int


@dataclass(frozen=True)
class Rule:
    """One row of the mapping: the subtype an event gets when the row matches it."""

    subtype: str
    kinds: tuple[tuple[str, ...], tuple[str, ...]]
    source_sectors: tuple[str, ...]
    target_sectors: tuple[str, ...]

    @classmethod
    def parse(cls, row: dict[str, str]) -> Rule:
        def split(value: str) -> tuple[str, ...]:
            return tuple(part.strip() for part in (value or "").split("|") if part.strip())
        return cls(row["subtype"], (split(row["cameo"]), split(row["plover"])),
                   split(row["source_sector"]), split(row["target_sector"]))

    def matches(self, event: Event) -> bool:
        """CAMEO prefix or PLOVER type:mode, and the sectors where the rule names them."""
        prefixes, plover = self.kinds
        kind = (event.cameo or "").startswith(prefixes) or f"{event.event_type}:{event.mode}" in plover
        return kind and all(not allowed or (actor is not None and actor.sector in allowed)
                            for allowed, actor in ((self.source_sectors, event.source),
                                                   (self.target_sectors, event.target)))


MAPPING = tuple(Rule.parse(row) for row in read_data("acled_mapping.tsv"))


def acled_subtype(event: Event) -> str | None:
    """The ACLED subtype of an event that took place, by the first matching rule; None if none.

    >>> from functools import partial
    >>> from eventwire.records import Actor
    >>> event = partial(Event, doc_id="d", sentence=0, trigger={}, text="", evidence={})
    >>> acled_subtype(event(event_type="ASSAULT", mode="aerial", cameo="195"))
    'Air/drone strike'
    >>> acled_subtype(event(event_type="ASSAULT", cameo="193", source=Actor("police", sector="COP"),
    ...                     target=Actor("protesters", sector="OPP")))
    'Excessive force against protesters'
    >>> acled_subtype(event(event_type="ASSAULT", cameo="195", modality="hypothetical")) is None
    True
    >>> acled_subtype(event(event_type="ACCUSE", cameo="111")) is None
    True
    """
    if not counts_as_happened(event):
        return None
    return next((rule.subtype for rule in MAPPING if rule.matches(event)), None)


def parse(lines: Iterable[str], where: str) -> list[Item]:
    """Gold items from the file's lines; InputError names the line of a malformed one."""
    items: list[Item] = []
    unknown: dict[str, list[int]] = defaultdict(list)
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[1].strip():
            raise InputError(f"expected 'id<TAB>snippet<TAB>subtype' (3 columns, a non-empty snippet), "
                             f"got {len(fields)} column{'s' if len(fields) != 1 else ''}: {line[:60]!r}",
                             where=f"{where}:{number}")
        if not items and not unknown and tuple(f.strip().lower() for f in fields) == _HEADER:
            continue
        subtype = _BY_KEY.get(" ".join(fields[2].lower().split()))
        if subtype is None:
            unknown[fields[2].strip()].append(number)
            continue
        items.append(Item(fields[0].strip(), fields[1].strip(), subtype, number))
    if unknown:
        raise unknown_labels_error(unknown, EVENT_TYPES, where)
    if not items:
        raise InputError("no gold items; expected 'id<TAB>snippet<TAB>subtype' lines", where=f"{where}:1")
    return items


def load(path) -> list[Item]:
    """The gold items of a CASE 2021 subtype TSV."""
    return parse(read_text(path).splitlines(), str(path))


def score(coder, gold: list[Item], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Accuracy, macro-F1 over the gold subtypes, per subtype, confusion; the same for event types."""
    coded = code_texts(coder, (i.text for i in gold), n_process)
    candidates = [ranked(events, acled_subtype) for events in coded]
    reports = {r: _report(gold, candidates, r) for r in RULES}
    other = reports[other_rule(rule)]
    views = model_views(coder, [i.text for i in gold])
    return {"format": NAME, "rule": rule, "rule_text": describe_rule(rule), "snippets": len(gold),
            "snippets_without_acled_event": sum(not c for c in candidates), **reports[rule],
            "detection": detection([bool(events) for events in coded]),
            "detection_acled": detection([bool(c) for c in candidates]),
            "model": ({"detection": detection([bool(v.event) for v in views])} if has_detector(views) else None),
            "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"],
                           "event_type_accuracy": other["event_types"]["accuracy"],
                           "event_type_macro_f1": other["event_types"]["macro_f1"]}}


def _report(gold: list[Item], candidates: list[list[str]], rule: str) -> dict:
    predicted = [choose(c, item.subtype, rule, NONE) for c, item in zip(candidates, gold)]
    labels = [s for s in EVENT_TYPES if any(item.subtype == s for item in gold)]
    report = classification_report([item.subtype for item in gold], predicted, labels=labels)
    coarse = [EVENT_TYPES.get(p, NONE) for p in predicted]
    report["event_types"] = classification_report(
        [EVENT_TYPES[item.subtype] for item in gold], coarse,
        labels=list(dict.fromkeys(EVENT_TYPES[s] for s in labels)))
    return report


def render(report: dict) -> str:
    """The report as text: rule, subtype table and confusion, event-type headline, the other rule."""
    coarse = report["event_types"]
    other = report["other_rule"]
    return "\n".join([
        f"rule {report['rule_text']}",
        f"snippets {report['snippets']}   without an ACLED event (predicted '{NONE}') "
        f"{report['snippets_without_acled_event']}",
        "ACLED sub-event type (macro-F1 over the gold subtypes)",
        render_classification(report),
        "ACLED event type",
        render_classification(coarse),
        render_detection("pipeline, any event", report["detection"]),
        render_detection("pipeline, an event mapped to a subtype", report["detection_acled"]),
        *([render_detection("sentence model's detector alone", report["model"]["detection"])]
          if report["model"] else []),
        f"rule {other['rule']}: accuracy {other['accuracy']:.3f}   macro-F1 {other['macro_f1']:.3f}"
        f"   event type accuracy {other['event_type_accuracy']:.3f}   macro-F1 {other['event_type_macro_f1']:.3f}"])
