"""``petrarch-validation``: PETRARCH's validation XML (expected CAMEO codings per sentence).

The file holds ``<Sentence date="YYYYMMDD" id="...">`` elements, each with one
or more ``<EventCoding sourcecode="USA" targetcode="IRN" eventcode="111"/>``
(or ``<EventCoding noevents="True"/>``: the sentence has no event) and a
``<Text>``; other elements (``<Parse>``, ``<Environment>``, comments) are
ignored, a sentence holding ``<Skip/>`` is left out and ``<Stop/>`` ends the
file, as in PETRARCH. Each sentence is coded on its date.

Reported, as the field reports coders against this suite: for each expected
coding, whether the scored event has the same CAMEO code (``event exact``), the
same root (``event root``), the expected source and target (a coded actor
agrees when its code starts with the expected one), and all of code, source and
target (``full``); the share of sentences whose every coding is fully found; the
false-positive rate (no-event sentences where an event was coded, and where one
was coded as having happened: not negated, hypothetical, future...); and
accuracy, macro-F1 and a confusion matrix over CAMEO roots, ``none`` standing
for a no-event sentence (a sentence with expected codings and no coded event is
predicted ``none``: a miss, counted wrong). Event detection: recall (sentences with
codings that get a coded event) and precision (sentences with a coded event that
have codings). Apart, the sentence model alone: its penta class against the
expected codes' penta classes and, with a detector head, its own detection.

>>> gold = parse(b'<Sentences><Sentence date="20240105" id="s1">'
...              b'<EventCoding sourcecode="USA" targetcode="IRN" eventcode="111"/>'
...              b'<Text>Washington condemned Tehran.</Text></Sentence></Sentences>', "v.xml")
>>> gold[0].date, gold[0].codings[0].event, gold[0].line
('2024-01-05', '111', 1)
"""

from __future__ import annotations

import xml.sax
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..attributes import counts_as_happened
from ..dates import compact_day
from ..errors import InputError
from ..records import Event
from ..ontology import cameo_codes, cameo_info
from .common import RULES, code_texts, describe_rule, has_detector, model_views, other_rule, unknown_labels_error
from .metrics import classification_report, code_agrees, detection, render_classification, render_detection, share

NAME = "petrarch-validation"
DESCRIPTION = ("PETRARCH validation XML: <Sentence date id> with <EventCoding sourcecode targetcode eventcode> "
               "or noevents")
STATEMENTS = True  # the coder writes CAMEO statements (01x) too: its codings include CAMEO 01x
NONE = "none"
LEVELS = ("event exact", "event root", "source", "target", "full")
_NO_ACTOR = {"", "---"}


@dataclass(frozen=True)
class Coding:
    """One expected event: CAMEO event code, source and target codes (empty when not given)."""

    event: str
    source: str = ""
    target: str = ""

    def agrees(self, event: Event, level: str) -> bool:
        """Whether a coded event agrees with this coding at ``level`` (one of ``LEVELS``)."""
        checks = {"event exact": lambda: event.cameo == self.event,
                  "event root": lambda: event.cameo_root == self.event[:2],
                  "source": lambda: code_agrees(self.source, event.source),
                  "target": lambda: code_agrees(self.target, event.target)}
        if level == "full":
            return all(checks[name]() for name in ("event exact", "source", "target") if self.given(name))
        return checks[level]()

    def given(self, level: str) -> bool:
        """Whether this coding says anything at ``level`` (a source or target may be left open)."""
        return level not in ("source", "target") or getattr(self, level) not in _NO_ACTOR


@dataclass
class Sentence:
    """A validation sentence: its text, document date, expected codings (none: no event) and line."""

    id: str
    text: str
    date: str | None
    codings: list[Coding] = field(default_factory=list)
    line: int = 0
    noevents: bool = False
    skip: bool = False


class _Reader(xml.sax.ContentHandler):
    """Collects ``<Sentence>`` records with the line each starts on; malformed ones raise InputError."""

    def __init__(self, where: str):
        super().__init__()
        self.where = where
        self.sentences: list[Sentence] = []
        self.unknown: dict[str, list[int]] = defaultdict(list)
        self.current: Sentence | None = None
        self.text: list[str] | None = None
        self.stopped = False

    def setDocumentLocator(self, locator):  # noqa: N802 (SAX's name)
        self.locator = locator

    def _here(self) -> str:
        return f"{self.where}:{self.locator.getLineNumber()}"

    def startElement(self, name, attrs):  # noqa: N802
        if self.stopped:
            return
        if name == "Sentence":
            self.current = Sentence(id=attrs.get("id", ""), text="", date=self._date(attrs.get("date")),
                                    line=self.locator.getLineNumber())
        elif self.current is None:
            return
        elif name == "EventCoding":
            self._coding(attrs)
        elif name == "Text":
            self.text = []
        elif name == "Skip":
            self.current.skip = True
        elif name == "Stop":
            self.stopped, self.current = True, None

    def characters(self, content):
        if self.text is not None:
            self.text.append(content)

    def endElement(self, name):
        if self.current is None:
            return
        if name == "Text" and self.text is not None:
            self.current.text = " ".join("".join(self.text).split())
            self.text = None
        elif name == "Sentence":
            self._finish(self.current)
            self.current = None

    def _finish(self, sentence: Sentence) -> None:
        where = f"{self.where}:{sentence.line}"
        if sentence.skip:
            return
        if not sentence.text:
            raise InputError(f"<Sentence id={sentence.id!r}> has no <Text>", where=where)
        if sentence.noevents and sentence.codings:
            raise InputError(f"<Sentence id={sentence.id!r}> has both noevents and event codings", where=where)
        if not (sentence.noevents or sentence.codings):
            raise InputError(f"<Sentence id={sentence.id!r}> has no <EventCoding> "
                             "(expected sourcecode/targetcode/eventcode or noevents=\"True\")", where=where)
        self.sentences.append(sentence)

    def _date(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return compact_day(value, "date", two_digit_years=False).isoformat()
        except ValueError as err:
            raise InputError(str(err), where=self._here()) from None

    def _coding(self, attrs) -> None:
        if attrs.get("noevents"):
            self.current.noevents = True
            return
        event = (attrs.get("eventcode") or "").strip()
        if not event:
            raise InputError("<EventCoding> without eventcode (expected sourcecode, targetcode, eventcode "
                             "or noevents=\"True\")", where=self._here())
        if event not in cameo_codes():
            self.unknown[event].append(self.locator.getLineNumber())
        self.current.codings.append(Coding(event, (attrs.get("sourcecode") or "").strip().upper(),
                                           (attrs.get("targetcode") or "").strip().upper()))


def parse(data: bytes, where: str) -> list[Sentence]:
    """The sentences of a validation file's bytes; InputError names the line of what is wrong."""
    reader = _Reader(where)
    try:
        xml.sax.parseString(data, reader)
    except xml.sax.SAXParseException as error:
        raise InputError(f"malformed XML: {error.getMessage()} (column {error.getColumnNumber()})",
                         where=f"{where}:{error.getLineNumber()}") from None
    if reader.unknown:
        raise unknown_labels_error(reader.unknown, ["a CAMEO code such as '042' or '1041'"], where)
    if not reader.sentences:
        raise InputError("no <Sentence> with <Text> and <EventCoding> found; expected PETRARCH validation XML",
                         where=f"{where}:1")
    return reader.sentences


def load(path: Path) -> list[Sentence]:
    """The sentences of a PETRARCH validation file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", where=str(path)) from None
    return parse(data, str(path))


def score(coder, gold: list[Sentence], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Agreement with the expected codings, false positives, and the CAMEO-root classification."""
    coded = [[e for e in events if e.cameo] for events in
             code_texts(coder, (s.text for s in gold), n_process, dates=(s.date for s in gold))]
    results = {r: _results(gold, coded, r) for r in RULES}
    quiet = [events for sentence, events in zip(gold, coded) if sentence.noevents]
    other = results[other_rule(rule)]
    return {"format": NAME, "rule": rule, "rule_text": describe_rule(rule), "sentences": len(gold),
            "sentences_with_events": sum(not s.noevents for s in gold),
            "codings": sum(len(s.codings) for s in gold), **results[rule],
            "false_positives": _false_positives(quiet),
            "detection": detection([bool(events) for events in coded], gold=[not s.noevents for s in gold]),
            "model": _model_alone(coder, gold),
            "other_rule": {"rule": other_rule(rule), "accuracy": other["accuracy"], "macro_f1": other["macro_f1"],
                           **{level: other["agreement"][level]["share"] for level in LEVELS},
                           "sentences_fully_right": other["sentences_fully_right"]["share"]}}


def _model_alone(coder, gold: list[Sentence]) -> dict | None:
    """The sentence model's penta class against each expected coding's, and its own detection."""
    views = model_views(coder, [s.text for s in gold])
    if not views:
        return None
    pairs = [(str(cameo_info(c.event).penta_class), view.penta)
             for sentence, view in zip(gold, views) for c in sentence.codings]
    return {"penta": share(g == p for g, p in pairs),
            "detection": (detection([bool(v.event) for v in views], gold=[not s.noevents for s in gold])
                          if has_detector(views) else None)}


def _false_positives(quiet: list[list[Event]]) -> dict:
    """No-event sentences with an event coded, and with one coded as having happened (not negated,
    hypothetical, future...), over all no-event sentences."""
    coded = sum(bool(events) for events in quiet)
    happened = sum(any(counts_as_happened(e) for e in events) for events in quiet)
    return {"noevents_sentences": len(quiet), "coded": coded, "happened": happened,
            "rate": round(coded / len(quiet), 4) if quiet else 0.0,
            "rate_happened": round(happened / len(quiet), 4) if quiet else 0.0}


def _results(gold: list[Sentence], coded: list[list[Event]], rule: str) -> dict:
    pairs = [(coding, events if rule == "any" else events[:1])
             for sentence, events in zip(gold, coded) for coding in sentence.codings]
    agreement = {level: share(any(coding.agrees(e, level) for e in scored)
                              for coding, scored in pairs if coding.given(level))
                 for level in LEVELS}
    gold_roots, predicted = [], []
    for sentence, events in zip(gold, coded):
        roots = list(dict.fromkeys(e.cameo_root for e in events))
        for expected in [c.event[:2] for c in sentence.codings] or [NONE]:
            gold_roots.append(expected)
            hit = rule == "any" and expected in roots or expected == NONE and not roots
            predicted.append(expected if hit else roots[0] if roots else NONE)
    labels = sorted(set(gold_roots) - {NONE}) + ([NONE] if NONE in gold_roots else [])
    report = classification_report(gold_roots, predicted, labels=labels)
    report["agreement"] = agreement
    report["sentences_fully_right"] = share(
        all(any(c.agrees(e, "full") for e in (events if rule == "any" else events[:1])) for c in s.codings)
        for s, events in zip(gold, coded) if s.codings)
    return report


def render(report: dict) -> str:
    """The report as text: rule, agreement with the expected codings, false positives, CAMEO roots."""
    fp = report["false_positives"]
    lines = [f"rule {report['rule_text']}",
             f"sentences {report['sentences']}   with events {report['sentences_with_events']}"
             f"   expected codings {report['codings']}",
             "agreement with the expected codings   right   gold   share"]
    rows = list(report["agreement"].items()) + [("sentences fully right", report["sentences_fully_right"])]
    lines += [f"{name:36} {s['right']:6d} {s['gold']:6d} {s['share']:7.3f}" for name, s in rows]
    lines.append(f"false positives: an event coded in {fp['coded']} of {fp['noevents_sentences']} "
                 f"no-event sentences (rate {fp['rate']:.3f}); one that happened (not negated, hypothetical, "
                 f"future...) in {fp['happened']} (rate {fp['rate_happened']:.3f})")
    lines.append("CAMEO root per expected coding (none: a no-event sentence)")
    lines.append(render_classification(report))
    lines.append(render_detection("pipeline", report["detection"]))
    model = report["model"]
    if model:
        penta = model["penta"]
        lines.append(f"sentence model alone: penta class of the expected coding {penta['right']} of {penta['gold']}"
                     f" ({penta['share']:.3f})")
        if model["detection"]:
            lines.append(render_detection("sentence model's detector alone", model["detection"]))
    other = report["other_rule"]
    lines.append(f"rule {other['rule']}: event exact {other['event exact']:.3f}   event root {other['event root']:.3f}"
                 f"   full {other['full']:.3f}   root accuracy {other['accuracy']:.3f}"
                 f"   root macro-F1 {other['macro_f1']:.3f}")
    return "\n".join(lines)
