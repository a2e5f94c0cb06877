"""What every eval format shares: reading the gold file, coding its texts, the scoring rules.

A gold sentence may hold several events. The ``confident`` rule scores the
event the coder is most confident of; the ``any`` rule counts a sentence as
right when any of its events matches the gold. Every report gives the figures
of both, the chosen rule's in full.

>>> describe_rule("any")
'any: a sentence is right when any of its coded events matches the gold'
>>> other_rule("confident")
'any'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from itertools import repeat
from pathlib import Path

from ..errors import InputError
from ..events.story import StoryTyper
from ..records import Article, CodedArticle, Event

RULES = {
    "confident": "the event the coder is most confident of is scored",
    "any": "a sentence is right when any of its coded events matches the gold",
}


def describe_rule(rule: str) -> str:
    """One line saying how ``rule`` scores a sentence."""
    return f"{rule}: {RULES[rule]}"


def other_rule(rule: str) -> str:
    """The rule reported next to ``rule``."""
    return "any" if rule == "confident" else "confident"


def read_text(path: Path) -> str:
    """The file's text; InputError naming the file when it is not UTF-8.

    >>> read_text(Path("/no/such.tsv"))
    Traceback (most recent call last):
    eventwire.errors.InputError: /no/such.tsv: cannot read: No such file or directory
    """
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})", where=str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", where=str(path)) from None


def coded_articles(coder, texts: Iterable[str], n_process: int = 1,
                   dates: Iterable[str | None] | None = None) -> list[CodedArticle]:
    """What the coder gives each text as a whole article (its events, story type and top event);
    a text it refuses carries the error and no events. ``dates`` (ISO, one per text) date each
    document, so actors resolve as of then."""
    dates = repeat(None) if dates is None else dates
    return list(coder.code_all((Article(id=f"gold-{index}", text=text, published=date)
                                for index, (text, date) in enumerate(zip(texts, dates))), n_process=n_process))


def code_texts(coder, texts: Iterable[str], n_process: int = 1,
               dates: Iterable[str | None] | None = None) -> list[list[Event]]:
    """The events of each text, most confident first; a text the coder refuses gets none."""
    return [sorted(result.events, key=lambda e: -e.confidence)
            for result in coded_articles(coder, texts, n_process, dates)]


def choose(candidates: list[str], gold: str, rule: str, none: str = "none") -> str:
    """The prediction scored for one item: ``candidates`` are most confident first.

    >>> choose(["ASSAULT", "ACCUSE"], "ACCUSE", "confident"), choose(["ASSAULT", "ACCUSE"], "ACCUSE", "any")
    ('ASSAULT', 'ACCUSE')
    >>> choose([], "ACCUSE", "any")
    'none'
    """
    if rule == "any" and gold in candidates:
        return gold
    return candidates[0] if candidates else none


def unknown_labels_error(unknown: dict[str, list[int]], expected: Iterable[str], where: str) -> InputError:
    """One error listing every unknown label with its lines, pointing at the first.

    >>> print(unknown_labels_error({"7": [3, 9], "x": [5]}, ["0", "1"], "gold.tsv"))
    gold.tsv:3: unknown labels '7' (lines 3, 9), 'x' (line 5); expected one of '0', '1'
    """
    listed = ", ".join(f"{label!r} (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:5]))}"
                       f"{', …' if len(lines) > 5 else ''})" for label, lines in unknown.items())
    first = min(line for lines in unknown.values() for line in lines)
    return InputError(f"unknown label{'s' if len(unknown) > 1 else ''} {listed}; "
                      f"expected one of {', '.join(map(repr, expected))}", where=f"{where}:{first}")


def read_data(name: str) -> list[dict[str, str]]:
    """Rows of the TSV ``evaluate/data/<name>`` keyed by its header; ``#`` lines are comments.

    >>> read_data("plover_aliases.tsv")[0]
    {'old': 'DEMAND', 'new': 'REQUEST', 'mode': ''}
    """
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader([line for line in text.splitlines() if not line.startswith("#")], delimiter="\t"))


def ranked(events: list[Event], key) -> list[str]:
    """Distinct non-empty ``key(event)`` values in the events' order (most confident first)."""
    return list(dict.fromkeys(value for value in map(key, events) if value))


def calibration_error(confidence: Iterable[float], correct: Iterable[bool], bins: int = 10) -> float:
    """Expected calibration error: over ``bins`` equal-width confidence bins, the mean gap
    between confidence and accuracy, weighted by the bin's share of the items.

    >>> calibration_error([0.9, 0.9, 0.6, 0.6], [True, False, True, False])
    0.25
    """
    binned: dict[int, list[tuple[float, bool]]] = {}
    for value, right in zip(confidence, correct):
        binned.setdefault(min(int(value * bins), bins - 1), []).append((float(value), bool(right)))
    total = sum(len(items) for items in binned.values())
    gap = sum(abs(sum(v for v, _ in items) - sum(r for _, r in items)) for items in binned.values())
    return round(gap / total, 4) if total else 0.0


class FoldCoder:
    """Cross-validation: each text is coded with the fold model that never saw it.

    ``directory`` holds ``fold_0`` … ``fold_{n-1}`` (``scripts/train_classifier.py --folds n``);
    a text belongs to fold ``eventwire.events.classify.fold_of(text, n)``, the rule the
    training split by. Offers the ``code_all`` and ``classify`` of a Coder.
    """

    def __init__(self, coder, directory: Path):
        from ..events.classify import SentenceModel

        folds = sorted(directory.glob("fold_*"), key=lambda p: p.name)
        if not folds or [p.name for p in folds] != [f"fold_{k}" for k in range(len(folds))]:
            raise InputError("expected model folders fold_0 … fold_N (scripts/train_classifier.py --folds)",
                             where=str(directory))
        self.coder = coder
        self.models = [SentenceModel.load(path) for path in folds]

    def _by_fold(self, texts: list[str]) -> list[list[int]]:
        from ..events.classify import fold_of

        groups: list[list[int]] = [[] for _ in self.models]
        for index, text in enumerate(texts):
            groups[fold_of(text, len(self.models))].append(index)
        return groups

    def code_all(self, articles: Iterable[Article], n_process: int = 1) -> Iterator[CodedArticle]:
        """A CodedArticle for each article, in order, each coded with its fold's model."""
        articles = list(articles)
        coded: list[CodedArticle | None] = [None] * len(articles)
        shipped, typer = self.coder.classifier, self.coder.story_typer
        try:
            for fold, (model, indexes) in enumerate(zip(self.models, self._by_fold([a.text for a in articles]))):
                self.coder.classifier = model
                if typer is not None:  # the story type too is the regression fitted without this fold
                    self.coder.story_typer = StoryTyper.load(fold=fold)
                chosen = [articles[i] for i in indexes]
                for index, result in zip(indexes, self.coder.code_all(chosen, n_process=n_process)):
                    coded[index] = result
        finally:
            self.coder.classifier, self.coder.story_typer = shipped, typer
        return iter(coded)  # type: ignore[arg-type]

    def classify(self, texts: list[str]):
        import numpy as np

        probs = np.zeros((len(texts), 5), dtype=np.float32)
        for model, indexes in zip(self.models, self._by_fold(texts)):
            if indexes:
                probs[indexes] = model.predict([texts[i] for i in indexes])[0]
        return probs

    def fold_of(self, text: str) -> int:
        """The fold of ``text``: its fold model never saw it."""
        from ..events.classify import fold_of

        return fold_of(text, len(self.models))

    def views(self, texts: list[str]) -> list[ModelView]:
        """What each text's fold model alone says of it (see ``model_views``)."""
        found: list[ModelView | None] = [None] * len(texts)
        for model, indexes in zip(self.models, self._by_fold(texts)):
            for index, view in zip(indexes, read_sentences(model, [texts[i] for i in indexes])):
                found[index] = view
        return found  # type: ignore[return-value]


@dataclass(frozen=True)
class ModelView:
    """What the sentence model alone says of one sentence: its penta class ("0"–"4") and that
    class's probability, its actor spans and, where the model has a detector head, whether the
    sentence holds an event (event probability above the model's threshold) and its PLOVER type."""

    penta: str
    confidence: float
    spans: list = field(default_factory=list)
    event: bool | None = None
    event_type: str | None = None
    type_confidence: float = 0.0


def read_sentences(model, texts: list[str]) -> list[ModelView]:
    """The model's view of each text: through ``model.read`` where the model has it (the
    detector head), else through ``model.predict`` (penta class and spans only)."""
    if not texts:
        return []
    if hasattr(model, "read"):
        threshold = float(getattr(model, "threshold", 1.0))
        views = []
        for reading in model.read(texts):
            detector = getattr(reading, "types", None) is not None
            event = reading.event_prob > threshold if detector else None
            views.append(ModelView(str(int(reading.penta.argmax())), float(reading.penta.max()), list(reading.spans),
                                   event, reading.event_type if event else None,
                                   float(reading.type_prob) if event else 0.0))
        return views
    probs, spans = model.predict(texts)[:2]
    return [ModelView(str(int(row.argmax())), float(row.max()), list(found)) for row, found in zip(probs, spans)]


def model_views(coder, texts: list[str]) -> list[ModelView] | None:
    """What the coder's sentence model alone says of each text (each from its fold model under
    ``--cv-models``), or None when the coder has no model.

    >>> class Coder: classifier = None
    >>> model_views(Coder(), ["Rain fell."]) is None
    True
    """
    if hasattr(coder, "views"):
        return coder.views(texts)
    model = getattr(coder, "classifier", None)
    return None if model is None else read_sentences(model, texts)


def has_detector(views: list[ModelView] | None) -> bool:
    """Whether the model's views say if a sentence holds an event (a detector head)."""
    return bool(views) and views[0].event is not None


_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+")


def sentences_of(text: str) -> list[str]:
    """A story cut into sentences at end punctuation followed by a space (a light cut: the
    model reads sentences; the pipeline's own parse is not needed for the model alone).

    >>> sentences_of('Rebels shelled Goma. "We will go on," they said. Talks stalled!')
    ['Rebels shelled Goma.', '"We will go on," they said.', 'Talks stalled!']
    """
    return [part for part in _SENTENCE_BREAK.split(text.strip()) if part]


def model_types(coder, texts: list[str], none: str = "none") -> list[str] | None:
    """The PLOVER type the model's detector alone gives each text (``none`` where it finds no
    event), or None when the model has no detector head."""
    views = model_views(coder, texts)
    if not has_detector(views):
        return None
    return [view.event_type if view.event else none for view in views]


def story_readings(coder, texts: list[str]) -> list[tuple[object, list]] | None:
    """Each story's sentences (``sentences_of``) read, in text order, by the coder's sentence model
    (under ``--cv-models``: the story's fold model, the one that never saw it), with that model;
    None when the coder has no model with a detector head.

    >>> class Coder: classifier = None
    >>> story_readings(Coder(), ["Rain fell. Then it stopped."]) is None
    True
    """
    found = []
    for text in texts:
        model = coder.models[coder.fold_of(text)] if hasattr(coder, "fold_of") else getattr(coder, "classifier", None)
        if model is None or not getattr(model, "detector_labels", ()):
            return None
        found.append((model, model.read(sentences_of(text) or [text])))
    return found
