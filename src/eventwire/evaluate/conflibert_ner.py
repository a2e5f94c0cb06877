"""``conflibert-ner``: source/target spans scored against ConfliBERT's token-tagged files.

The format: one ``token TAG`` per line, a blank line between sentences, tags
``O``, ``B-S``/``I-S`` (source), ``B-T``/``I-T`` (target), ``B-R``/``I-R``
(reciprocal actor). Each sentence is coded by the real pipeline; the event the
coder is most confident of gives the predicted source and target spans, each
side's argument phrase (the "most confident" rule; ``any`` scores the
best-matching event instead).
Spans are compared exactly and by overlap (at least one shared token). A
sentence with no coded event predicts no span: its gold spans are misses.
Reported beside: event detection (the share of sentences with at least one
coded event) and, apart, the sentence model alone (its own tagged S/T spans,
scored the same way).

>>> s = read_sentences(["Iraqi B-S", "troops I-S", "attacked O", "Mosul B-T", ". O"], "x.txt")[0]
>>> s.text, s.spans
('Iraqi troops attacked Mosul .', [('S', 0, 2), ('T', 3, 4)])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..records import Event
from .common import code_texts, describe_rule, model_views, other_rule, read_text
from .metrics import detection, prf, render_detection

NAME = "conflibert-ner"
DESCRIPTION = "token TAG per line, blank line between sentences; S/T actor spans (B/I-S, B/I-T, B/I-R)"
STATEMENTS = True  # the coder writes CAMEO statements (01x) too: its sentences are CAMEO-coded, statements included

TAGS = {"O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R"}
ROLES = ("S", "T")


@dataclass
class Sentence:
    """A gold sentence: tokens, the text they make, and labelled token spans (role, start, end)."""

    tokens: list[str]
    spans: list[tuple[str, int, int]]
    line: int

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def token_at(self, char: int) -> int:
        """Index of the token holding character ``char`` of ``text``."""
        position = 0
        for index, token in enumerate(self.tokens):
            if char < position + len(token) + 1:
                return index
            position += len(token) + 1
        return len(self.tokens) - 1


@dataclass
class Counts:
    """True positives, predicted and gold span counts, with precision/recall/F1."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def scores(self) -> dict[str, float]:
        return {**prf(self.tp, self.predicted, self.gold),
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass
class Report:
    """Exact and overlap counts per role, plus sentences with no event coded."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    sentences: int = 0
    without_event: int = 0

    def as_dict(self) -> dict:
        out = {"sentences": self.sentences, "sentences_without_event": self.without_event}
        for name, table in (("exact", self.exact), ("overlap", self.overlap)):
            merged = Counts(*(sum(getattr(c, f) for c in table.values()) for f in ("tp", "predicted", "gold")))
            out[name] = {**{role: c.scores() for role, c in table.items()}, "S+T": merged.scores()}
        return out


def read_sentences(lines: Iterable[str], where: str) -> list[Sentence]:
    """Parse the file's lines; a malformed line raises InputError naming ``where:line``."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    start_line = 1

    def flush() -> None:
        if tokens:
            sentences.append(Sentence(list(tokens), _spans(tags), start_line))
        tokens.clear()
        tags.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip():
            flush()
            start_line = number + 1
            continue
        token, _, tag = line.rpartition(" ")
        if not token or tag not in TAGS:
            raise InputError(f"expected 'TOKEN TAG' with TAG one of {sorted(TAGS)}, got {line!r}",
                             where=f"{where}:{number}")
        tokens.append(token)
        tags.append(tag)
    flush()
    return sentences


def _spans(tags: list[str]) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    for index, tag in enumerate(tags):
        if tag.startswith("B-") or (tag.startswith("I-") and (index == 0 or tags[index - 1][2:] != tag[2:])):
            spans.append((tag[2:], index, index + 1))
        elif tag.startswith("I-"):
            role, start, _ = spans[-1]
            spans[-1] = (role, start, index + 1)
    return spans


def predicted_spans(sentence: Sentence, event: Event) -> list[tuple[str, int, int]]:
    """Token spans of the event's source and target: each side's ``argument`` phrase (ConfliBERT
    tags the argument, "Theresa May's offer"), else the actor's own words."""
    spans = []
    for role, actor in (("S", event.source), ("T", event.target)):
        if actor is None or actor.start is None:
            continue
        start, end = (actor.argument["start"], actor.argument["end"]) if actor.argument else (actor.start, actor.end)
        spans.append((role, sentence.token_at(start), sentence.token_at(end - 1) + 1))
    return spans


def _score(report: Report, gold: list[tuple[str, int, int]], predicted: list[tuple[str, int, int]]) -> None:
    for role in ROLES:
        g = [s for s in gold if s[0] == role]
        p = [s for s in predicted if s[0] == role]
        for table, match in ((report.exact, lambda a, b: a == b),
                             (report.overlap, lambda a, b: a[1] < b[2] and b[1] < a[2])):
            table[role].gold += len(g)
            table[role].predicted += len(p)
            table[role].tp += sum(any(match(x, y) for y in g) for x in p)


def load(path: Path) -> list[Sentence]:
    """The gold sentences of a ConfliBERT NER file."""
    return read_sentences(read_text(path).splitlines(), str(path))


def score(coder, gold: list[Sentence], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Code every sentence and score its spans under ``rule``, with the other rule's S+T figures,
    event detection and the sentence model's own spans."""
    coded = code_texts(coder, (s.text for s in gold), n_process=n_process)
    report = _evaluate(gold, coded, rule).as_dict()
    other = _evaluate(gold, coded, other_rule(rule)).as_dict()
    result = {"format": NAME, "rule": rule, "rule_text": describe_rule(rule), **report,
              "detection": detection([bool(events) for events in coded]),
              "other_rule": {"rule": other_rule(rule),
                             "exact_f1": other["exact"]["S+T"]["f1"], "overlap_f1": other["overlap"]["S+T"]["f1"]}}
    views = model_views(coder, [s.text for s in gold])
    if views:
        alone = Report()
        for sentence, view in zip(gold, views):
            alone.sentences += 1
            _score(alone, [s for s in sentence.spans if s[0] in ROLES],
                   [(span.role, sentence.token_at(span.start), sentence.token_at(span.end - 1) + 1)
                    for span in view.spans if span.role in ROLES])
        spans = alone.as_dict()
        result["model"] = {"exact": spans["exact"]["S+T"], "overlap": spans["overlap"]["S+T"]}
    return result


def render(report: dict) -> str:
    """The report as a text table."""
    lines = [f"rule {report['rule_text']}",
             f"sentences {report['sentences']}   without an event {report['sentences_without_event']}",
             f"{'match':8} {'role':5} {'precision':>9} {'recall':>7} {'f1':>7} {'tp':>6} {'pred':>6} {'gold':>6}"]
    for match in ("exact", "overlap"):
        for role, s in report[match].items():
            lines.append(f"{match:8} {role:5} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:7.3f}"
                         f" {s['tp']:6d} {s['predicted']:6d} {s['gold']:6d}")
    other, model = report["other_rule"], report.get("model")
    lines.append(render_detection("pipeline", report["detection"]))
    lines.append(f"rule {other['rule']}: S+T exact F1 {other['exact_f1']:.3f}   overlap F1 {other['overlap_f1']:.3f}")
    if model:
        lines.append(f"sentence model alone (its own S/T spans): S+T exact F1 {model['exact']['f1']:.3f}   "
                     f"overlap F1 {model['overlap']['f1']:.3f}")
    return "\n".join(lines)


def _evaluate(sentences: list[Sentence], coded: list[list[Event]], rule: str) -> Report:
    report = Report()
    for sentence, events in zip(sentences, coded):
        report.sentences += 1
        gold = [s for s in sentence.spans if s[0] in ROLES]
        if not events:
            report.without_event += 1
            _score(report, gold, [])
            continue
        if rule == "any":
            best = max(events, key=lambda e: _overlap_hits(gold, predicted_spans(sentence, e)))
        else:
            best = events[0]
        _score(report, gold, predicted_spans(sentence, best))
    return report


def _overlap_hits(gold, predicted) -> int:
    return sum(1 for p in predicted for g in gold if p[0] == g[0] and p[1] < g[2] and g[1] < p[2])
