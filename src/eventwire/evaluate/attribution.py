"""``attribution``: attribution status and modality of one event per sentence.

The format: TSV with the header ``split, status, modality, trigger, sentence``
(``#`` lines are comments). ``trigger`` is a word of the sentence that heads
the event (``word@2`` for its second occurrence); ``split`` is ``tune`` (used
to tune the cues) or ``test`` (held out). Each sentence is coded by the real
pipeline and the event whose trigger covers that word is scored; when the
pipeline codes no event there (no actor it can code, a threatened act), the
attribute rules are applied to the parse at that word, and the report counts
how often that happened: the status and modality tables score the attribute rules
on every gold event. Beside them, honestly: event detection (the share of gold
events the pipeline coded) and the pipeline's own figures, where an event it did
not code is predicted ``none`` and counted wrong. The gold names its event, so
``--rule`` changes nothing here. The shipped set is ``tests/data/attribution/wire_sentences.tsv``.

>>> items = parse(["split\\tstatus\\tmodality\\ttrigger\\tsentence",
...                "test\\treported\\tasserted\\tattacked\\tRebels attacked, police said."], "gold.tsv")
>>> items[0].status, items[0].trigger, items[0].line
('reported', 'attacked', 2)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..attributes.attribution import STRENGTH, attribution
from ..attributes.modality import MODALITIES, modality
from ..errors import InputError
from .common import code_texts, read_text
from .metrics import classification_report, detection, render_classification, render_detection

NAME = "attribution"
DESCRIPTION = "TSV split/status/modality/trigger/sentence: attribution status and modality per event"
STATUSES = tuple(STRENGTH)
HEADER = ["split", "status", "modality", "trigger", "sentence"]
SPLITS = ("tune", "test")
NONE = "none"


@dataclass(frozen=True)
class Item:
    """One gold event: its sentence, the trigger word (and which occurrence), its labels and line."""

    text: str
    trigger: str
    occurrence: int
    status: str
    modality: str
    split: str
    line: int

    def trigger_offset(self) -> int:
        """Character offset of the trigger word in ``text``."""
        found = list(re.finditer(rf"(?<!\w){re.escape(self.trigger)}(?!\w)", self.text, re.IGNORECASE))
        return found[self.occurrence - 1].start()


def _item(fields: list[str], number: int, where: str) -> Item:
    split, status, mood, trigger, text = (f.strip() for f in fields)
    checks = [(split in SPLITS, f"split {split!r} is not one of {', '.join(SPLITS)}"),
              (status in STATUSES, f"status {status!r} is not one of {', '.join(STATUSES)}"),
              (mood in MODALITIES, f"modality {mood!r} is not one of {', '.join(MODALITIES)}")]
    for ok, reason in checks:
        if not ok:
            raise InputError(reason, where=f"{where}:{number}")
    word, _, nth = trigger.partition("@")
    item = Item(text, word, int(nth) if nth.isdigit() else 1, status, mood, split, number)
    try:
        item.trigger_offset()
    except IndexError:
        raise InputError(f"trigger {trigger!r} is not a word of the sentence", where=f"{where}:{number}") from None
    return item


def parse(lines: Iterable[str], where: str) -> list[Item]:
    """Gold items from the file's lines (header first; blank and ``#`` lines skipped).

    >>> parse(["split\\tstatus\\tmodality\\ttrigger\\tsentence", "test\\tsure\\tasserted\\tmet\\tThey met."], "g.tsv")
    Traceback (most recent call last):
    eventwire.errors.InputError: g.tsv:2: status 'sure' is not one of asserted, reported, claimed, alleged, denied
    """
    items: list[Item] = []
    header_seen = False
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if [f.strip() for f in fields] != HEADER:
                raise InputError(f"expected the header {' '.join(HEADER)!r}, got {line[:80]!r}",
                                 where=f"{where}:{number}")
            header_seen = True
            continue
        if len(fields) != len(HEADER):
            raise InputError(f"expected {len(HEADER)} tab-separated fields, got {len(fields)}",
                             where=f"{where}:{number}")
        items.append(_item(fields, number, where))
    return items


def load(path: Path) -> list[Item]:
    """The gold items of an attribution file."""
    return parse(read_text(path).splitlines(), str(path))


def predict(coder, gold: list[Item], n_process: int = 1) -> list[tuple[str, str, bool]]:
    """(status, modality, whether the pipeline coded the event) for each gold item."""
    coded = code_texts(coder, (item.text for item in gold), n_process=n_process)
    found: list[tuple[str, str, bool] | None] = []
    for item, events in zip(gold, coded):
        offset = item.trigger_offset()
        event = next((e for e in events if e.trigger["start"] <= offset < e.trigger["end"]), None)
        found.append(None if event is None else (event.attribution["status"], event.modality, True))
    missing = [index for index, value in enumerate(found) if value is None]
    if missing:
        from ..nlp import load as load_nlp

        nlp = getattr(coder, "nlp", None) or load_nlp()
        for index, doc in zip(missing, nlp.pipe(gold[i].text for i in missing)):
            offset = gold[index].trigger_offset()
            token = next(t for t in doc if t.idx <= offset < t.idx + len(t))
            found[index] = (attribution(token)["status"], modality(token), False)
    return found  # type: ignore[return-value]


def score(coder, gold: list[Item], *, rule: str = "confident", n_process: int = 1) -> dict:
    """Per-class precision/recall/F1 of status and modality: on all items and on each split."""
    predicted = predict(coder, gold, n_process=n_process)
    report: dict = {"format": NAME, "rule": rule, "items": len(gold),
                    "coded_by_pipeline": sum(p[2] for p in predicted)}
    subsets = {"all": range(len(gold)),
               **{split: [i for i, item in enumerate(gold) if item.split == split] for split in SPLITS}}
    for name, indices in subsets.items():
        report[name] = {
            "status": classification_report([gold[i].status for i in indices], [predicted[i][0] for i in indices],
                                            labels=list(STATUSES)),
            "modality": classification_report([gold[i].modality for i in indices],
                                              [predicted[i][1] for i in indices], labels=list(MODALITIES)),
        }
    report["detection"] = detection([p[2] for p in predicted])
    report["pipeline"] = {
        name: {field: classification_report([getattr(gold[i], field) for i in indices],
                                             [predicted[i][k] if predicted[i][2] else NONE for i in indices],
                                             labels=list(labels))["accuracy"]
               for field, k, labels in (("status", 0, STATUSES), ("modality", 1, MODALITIES))}
        for name, indices in subsets.items()}
    report["errors"] = [{"line": item.line, "trigger": item.trigger, "gold": [item.status, item.modality],
                         "predicted": list(p[:2]), "text": item.text}
                        for item, p in zip(gold, predicted) if (item.status, item.modality) != p[:2]]
    return report


def render(report: dict) -> str:
    """The report as text: for all items, then the held-out ``test`` split, both tables."""
    lines = [f"items {report['items']}   events coded by the pipeline {report['coded_by_pipeline']} "
             f"(the others scored on the parse at the trigger word)"]
    for name in ("all", "test", "tune"):
        for field in ("status", "modality"):
            lines += ["", f"== {field} ({name}) ==", render_classification(report[name][field])]
    lines += ["", render_detection("pipeline", report["detection"])]
    lines += [f"pipeline only (an event not coded counted wrong), {name}: status accuracy {p['status']:.3f}   "
              f"modality accuracy {p['modality']:.3f}" for name, p in report["pipeline"].items()]
    lines += ["", f"errors {len(report['errors'])} (line: gold -> predicted)"]
    lines += [f"  {e['line']}: {'/'.join(e['gold'])} -> {'/'.join(e['predicted'])}  [{e['trigger']}] {e['text']}"
              for e in report["errors"]]
    return "\n".join(lines)
