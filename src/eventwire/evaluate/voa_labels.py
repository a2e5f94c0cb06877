"""``voa-labels``: eventwire's own hand-labelled sentences of the VOA stories (tests/data/events/).

The format: one JSON object a line naming a sentence of a story in
``voa/voa_stories.jsonl`` under the shared data folder (``$EVENTWIRE_SHARED_DATA``,
default ``../shared/data``) by ``story`` id and character offsets ``start``/``end``,
with ``sha1`` (the first hex digits of the SHA-1 of the sentence text, to catch a
changed story), ``event`` (does it hold a political event), ``types`` (its PLOVER
types, main event first), the main event's ``source`` and ``target`` as written,
and ``split`` (``tune`` or ``heldout``). The story text itself is never stored.

Each labelled story is coded whole (``Coder.code_all``) and an event belongs to the
sentence holding its trigger. Per split the report gives event detection (a gold
event sentence with no coded event is a miss, a coded event in a no-event sentence a
false alarm), the type accuracy of detected sentences (the most confident event
against the main gold type, and any coded event against any gold type), whether
the main event's source and target overlap the gold spans, the same detection
figures from the hand and dictionary patterns alone and from the sentence model
alone (``rule == "model"``), and the detection figures again on the stories
lower-cased.

>>> item = parse(['{"story": "1", "start": 0, "end": 5, "sha1": "ab", "event": true, '
...               '"types": ["ASSAULT"], "source": "", "target": "", "split": "tune"}'], "g.jsonl")[0]
>>> item.types, item.split, item.line
(('ASSAULT',), 'tune', 1)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ontology import plover_types
from ..records import Article, Event
from .common import describe_rule, read_text

NAME = "voa-labels"
DESCRIPTION = ("JSONL of news sentences by story id + offsets, PLOVER types (tests/data/events/); "
               "stories from $EVENTWIRE_SHARED_DATA (VOA, PolNeAR training articles)")
SPLITS = ("tune", "heldout")
STORIES = Path("voa") / "voa_stories.jsonl"
# where a line's ``corpus`` (default "voa") finds its stories, under the shared data folder
CORPORA = {"voa": STORIES, "polnear-train": Path("dev") / "polnear" / "train.jsonl"}
FIELDS = {"story": str, "start": int, "end": int, "sha1": str, "event": bool, "types": list,
          "source": str, "target": str, "split": str}
MODEL_RULE = "model"


@dataclass(frozen=True)
class Story:
    """One VOA story as the shared file holds it."""

    id: str
    text: str
    published: str | None = None


@dataclass(frozen=True)
class Item:
    """One labelled sentence; ``story`` is filled by :func:`attach` (None right after parsing)."""

    story_id: str
    start: int
    end: int
    sha1: str
    event: bool
    types: tuple[str, ...]
    source: str
    target: str
    split: str
    line: int
    story: Story | None = None
    corpus: str = "voa"

    @property
    def text(self) -> str:
        return self.story.text[self.start:self.end] if self.story else ""


def digest(text: str, length: int) -> str:
    """The first ``length`` hex digits of the SHA-1 of ``text`` (UTF-8).

    >>> digest("Rebels shelled the town.", 10)
    'dff01d5307'
    """
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def _item(record, number: int, where: str, known: frozenset[str]) -> Item:
    """One line's record checked field by field; InputError naming ``where:number`` otherwise."""
    at = f"{where}:{number}"
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}", where=at)
    for key, kind in FIELDS.items():
        if key not in record:
            raise InputError(f"missing field {key!r}", where=at)
        value = record[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InputError(f"field {key!r} must be {kind.__name__}, got {value!r}", where=at)
    start, end, types = record["start"], record["end"], record["types"]
    if not 0 <= start < end:
        raise InputError(f"expected 0 <= start < end, got start {start}, end {end}", where=at)
    unknown = [t for t in types if t not in known]
    if unknown:
        raise InputError(f"unknown PLOVER type{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(map(repr, unknown))}", where=at)
    if record["event"] != bool(types):
        raise InputError("'event' is true but 'types' is empty" if record["event"]
                         else "'event' is false but 'types' lists event types", where=at)
    if record["split"] not in SPLITS:
        raise InputError(f"'split' must be one of {', '.join(SPLITS)}, got {record['split']!r}", where=at)
    if not record["sha1"] or any(c not in "0123456789abcdef" for c in record["sha1"]):
        raise InputError(f"'sha1' must be lower-case hex digits, got {record['sha1']!r}", where=at)
    corpus = record.get("corpus", "voa")
    if corpus not in CORPORA:
        raise InputError(f"'corpus' must be one of {', '.join(CORPORA)}, got {corpus!r}", where=at)
    return Item(record["story"], start, end, record["sha1"], record["event"], tuple(types),
                record["source"], record["target"], record["split"], number, corpus=corpus)


def parse(lines: Iterable[str], where: str) -> list[Item]:
    """Labelled sentences from the file's lines (blank lines skipped), stories not yet attached.

    >>> parse(['{"story": "1"}'], "g.jsonl")
    Traceback (most recent call last):
    eventwire.errors.InputError: g.jsonl:1: missing field 'start'
    >>> parse(["{not json"], "g.jsonl")
    Traceback (most recent call last):
    eventwire.errors.InputError: g.jsonl:1: not JSON: Expecting property name enclosed in double quotes (column 2)
    """
    known = frozenset(plover_types())
    items: list[Item] = []
    seen: dict[tuple[str, int], int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"not JSON: {error.msg} (column {error.colno})", where=f"{where}:{number}") from None
        item = _item(record, number, where, known)
        key = (item.story_id, item.start)
        if key in seen:
            raise InputError(f"sentence {item.story_id}:{item.start} is labelled twice (first on line {seen[key]})",
                             where=f"{where}:{number}")
        seen[key] = number
        items.append(item)
    return items


def shared_data() -> Path:
    """The shared data folder: ``$EVENTWIRE_SHARED_DATA``, else ``../shared/data`` from here."""
    return Path(os.environ.get("EVENTWIRE_SHARED_DATA") or Path("..") / "shared" / "data")


def read_stories(path: Path) -> dict[str, Story]:
    """The stories of a JSONL file (``id``, ``text``, ``published`` or ``date``) by id; InputError naming
    the file when it is missing or bad.

    >>> read_stories(Path("/no/voa.jsonl"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    eventwire.errors.InputError: /no/voa.jsonl: the stories are not there; set EVENTWIRE_SHARED_DATA ...
    """
    if not path.is_file():
        raise InputError("the stories are not there; set EVENTWIRE_SHARED_DATA to the shared data folder "
                         f"(the one holding {STORIES.as_posix()})", where=str(path))
    stories: dict[str, Story] = {}
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            stories[str(record["id"])] = Story(str(record["id"]), record["text"],
                                               record.get("published") or record.get("date"))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InputError(f"not a story record ({type(error).__name__}: {error})",
                             where=f"{path}:{number}") from None
    return stories


def attach(items: list[Item], stories: dict[str, dict[str, Story]], where: str) -> list[Item]:
    """Each item with its story (``stories``: by corpus, then id); InputError naming the line when the
    story is unknown, the offsets fall outside it or the sentence's text no longer has the labelled hash."""
    attached: list[Item] = []
    for item in items:
        at = f"{where}:{item.line}"
        story = stories.get(item.corpus, {}).get(item.story_id)
        if story is None:
            raise InputError(f"no story with id {item.story_id!r} in the {item.corpus} stories", where=at)
        if item.end > len(story.text):
            raise InputError(f"offsets {item.start}-{item.end} run past story {story.id} "
                             f"({len(story.text)} characters)", where=at)
        text = story.text[item.start:item.end]
        if digest(text, len(item.sha1)) != item.sha1:
            raise InputError(f"the text at {story.id}:{item.start}-{item.end} has changed since it was labelled "
                             f"(sha1 {digest(text, len(item.sha1))}, labelled {item.sha1}): {text[:60]!r}", where=at)
        attached.append(Item(**{**item.__dict__, "story": story}))
    return attached


def load(path: Path) -> list[Item]:
    """The labelled sentences of ``path``, each with its story from the shared data folder."""
    items = parse(read_text(path).splitlines(), str(path))
    corpora = {item.corpus for item in items}
    return attach(items, {c: read_stories(shared_data() / CORPORA[c]) for c in corpora}, str(path))


# -- scoring ---------------------------------------------------------------------------


def lower(text: str) -> str:
    """``text`` lower-cased character by character, so that offsets still hold.

    >>> lower("İstanbul POLICE")
    'İstanbul police'
    """
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def code_stories(coder, stories: list[Story], n_process: int, transform=None) -> tuple[dict[str, list], int]:
    """The events of each story (most confident first) with their trigger offsets in the story's text,
    and how many stories the coder refused."""
    articles = [Article(id=s.id, text=transform(s.text) if transform else s.text, published=s.published)
                for s in stories]
    found: dict[str, list[tuple[int, Event]]] = {}
    failed = 0
    for story, article, result in zip(stories, articles, coder.code_all(articles, n_process=n_process)):
        if result.error is not None:
            failed += 1
            found[story.id] = []
            continue
        same = result.article.text == article.text
        events = []
        for event in sorted(result.events, key=lambda e: -e.confidence):
            start = event.trigger["start"]
            if not same:  # the coder normalised the text (NFC, line ends): find the event's sentence
                place = article.text.find(event.text) if event.text else -1
                start = place + start - event.evidence["start"] if place >= 0 else -1
            events.append((start, event))
        found[story.id] = events
    return found, failed


def sentence_events(items: list[Item], coded: dict[str, list]) -> list[list[Event]]:
    """For each item, the coded events whose trigger starts inside it, most confident first."""
    return [[event for start, event in coded.get(item.story_id, []) if item.start <= start < item.end]
            for item in items]


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def detection(items: list[Item], events: list[list[Event]]) -> dict:
    """Event detection over sentences: a gold event sentence is found when any event is coded in it.

    >>> gold = [Item("1", 0, 5, "a", True, ("ASSAULT",), "", "", "tune", 1),
    ...         Item("1", 6, 9, "b", False, (), "", "", "tune", 2)]
    >>> figures = detection(gold, [[], ["an event"]])
    >>> figures["missed"], figures["false_alarms"], figures["recall"], figures["precision"]
    (1, 1, 0.0, 0.0)
    """
    found = sum(bool(e) for item, e in zip(items, events) if item.event)
    gold = sum(item.event for item in items)
    false_alarms = sum(bool(e) for item, e in zip(items, events) if not item.event)
    precision, recall = _ratio(found, found + false_alarms), _ratio(found, gold)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"gold_events": gold, "no_event": len(items) - gold, "found": found, "missed": gold - found,
            "false_alarms": false_alarms, "precision": precision, "recall": recall, "f1": f1}


def _overlaps(actor, span: str, item: Item) -> bool:
    """Whether a coded actor overlaps the gold span (offsets when both have them, else its text)."""
    if actor is None or not span:
        return False
    place = item.text.find(span)
    if actor.start is not None and actor.end is not None and place >= 0:
        start = item.start + place
        return actor.start < start + len(span) and start < actor.end
    return bool(actor.text) and (actor.text.lower() in span.lower() or span.lower() in actor.text.lower())


def types_and_roles(items: list[Item], events: list[list[Event]]) -> dict:
    """Type accuracy and source/target overlap on the gold event sentences with a coded event."""
    pairs = [(item, e) for item, e in zip(items, events) if item.event and e]
    top = sum(e[0].event_type == item.types[0] for item, e in pairs)
    top_in_gold = sum(e[0].event_type in item.types for item, e in pairs)
    any_match = sum(any(ev.event_type in item.types for ev in e) for item, e in pairs)
    with_source = [(item, e) for item, e in pairs if item.source]
    with_target = [(item, e) for item, e in pairs if item.target]
    return {"detected": len(pairs),
            "top": _ratio(top, len(pairs)), "top_in_gold": _ratio(top_in_gold, len(pairs)),
            "any": _ratio(any_match, len(pairs)),
            "source_overlap": _ratio(sum(_overlaps(e[0].source, item.source, item) for item, e in with_source),
                                     len(with_source)),
            "target_overlap": _ratio(sum(_overlaps(e[0].target, item.target, item) for item, e in with_target),
                                     len(with_target)),
            "with_source": len(with_source), "with_target": len(with_target)}


def per_type(items: list[Item], events: list[list[Event]]) -> dict:
    """For each main gold type: sentences, share detected, share whose top coded event has the type."""
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item, e in zip(items, events):
        if item.event:
            row = rows[item.types[0]]
            row[0] += 1
            row[1] += bool(e)
            row[2] += bool(e) and e[0].event_type == item.types[0]
    return {t: {"sentences": n, "recall": _ratio(d, n), "top_right": _ratio(r, n)}
            for t in plover_types() if t in rows for n, d, r in [rows[t]]}


def split_report(items: list[Item], events: list[list[Event]], lowered: list[list[Event]]) -> dict:
    """Every figure of one split."""
    patterns = [[e for e in evs if e.rule != MODEL_RULE] for evs in events]
    model = [[e for e in evs if e.rule == MODEL_RULE] for evs in events]
    report = {"sentences": len(items), "detection": detection(items, events),
              "types": types_and_roles(items, events),
              "patterns_alone": detection(items, patterns), "model_alone": detection(items, model),
              "lower_case": {**detection(items, lowered), "types": types_and_roles(items, lowered)},
              "per_type": per_type(items, events)}
    report["lower_case"]["recall_drop_points"] = round(
        100 * (report["detection"]["recall"] - report["lower_case"]["recall"]), 2)
    return report


def score(coder, gold: list[Item], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Detection, type and argument figures per split (tune, heldout, all), as cased and lower-cased."""
    stories = list({item.story_id: item.story for item in gold}.values())
    coded, failed = code_stories(coder, stories, n_process)
    coded_lower, failed_lower = code_stories(coder, stories, n_process, transform=lower)
    events, lowered = sentence_events(gold, coded), sentence_events(gold, coded_lower)
    report = {"format": NAME, "rule": rule, "rule_text": describe_rule(rule),
              "type_figure": "top" if rule == "confident" else "any",
              "stories": len(stories), "stories_failed": failed, "stories_failed_lower_case": failed_lower,
              "splits": {}}
    for split in (*SPLITS, "all"):
        chosen = [i for i, item in enumerate(gold) if split == "all" or item.split == split]
        report["splits"][split] = split_report([gold[i] for i in chosen], [events[i] for i in chosen],
                                               [lowered[i] for i in chosen])
    return report


def render(report: dict) -> str:
    """The report as text: one block per split, the per-type table of the tune split."""
    key = report["type_figure"]
    lines = [f"rule {report['rule_text']} (type accuracy: {'top event' if key == 'top' else 'any event'})",
             f"stories {report['stories']} coded whole ({report['stories_failed']} refused)"]
    for split, part in report["splits"].items():
        det, types, low = part["detection"], part["types"], part["lower_case"]
        lines += [
            f"{split}: {part['sentences']} sentences, {det['gold_events']} with an event, {det['no_event']} without",
            f"  detection  P {det['precision']:.3f}  R {det['recall']:.3f}  F1 {det['f1']:.3f}   "
            f"(missed {det['missed']}, false alarms {det['false_alarms']})",
            f"  type accuracy on {types['detected']} detected: top {types['top']:.3f}  "
            f"top in gold {types['top_in_gold']:.3f}  any {types['any']:.3f}",
            f"  source overlap {types['source_overlap']:.3f} ({types['with_source']})   "
            f"target overlap {types['target_overlap']:.3f} ({types['with_target']})",
            f"  patterns alone P {part['patterns_alone']['precision']:.3f} R {part['patterns_alone']['recall']:.3f}   "
            f"model alone P {part['model_alone']['precision']:.3f} R {part['model_alone']['recall']:.3f}",
            f"  lower-cased: P {low['precision']:.3f}  R {low['recall']:.3f}  F1 {low['f1']:.3f}  "
            f"type top {low['types']['top']:.3f}   recall drop {low['recall_drop_points']:+.1f} points",
        ]
    tune = report["splits"]["tune"]["per_type"]
    if tune:
        lines.append("tune, by main gold type: sentences  recall  top type right")
        lines += [f"  {t:10} {row['sentences']:4}  {row['recall']:.3f}  {row['top_right']:.3f}"
                  for t, row in tune.items()]
    return "\n".join(lines)

