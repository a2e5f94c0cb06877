"""What the stages share: the article being coded (:class:`Document`), its distinct sentences,
the event drafts, and the :class:`Stage` every stage is.

>>> Stage().event(None) is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import clean
from ..actors import ActorBinding, ActorResolver
from ..events.classify import SentenceModel
from ..events.extract import Candidate
from ..events.lexicon import Lexicon
from ..records import Article, Attribution, Event


class Coder(Protocol):
    """What the stages read of the Coder that runs them (``eventwire.Coder`` has it)."""

    nlp: Language
    resolver: ActorResolver
    lexicon: Lexicon
    classifier: SentenceModel | None
    place_targets: bool  # a town a physical act is done to is a target, coded to its country


@dataclass
class Sentence:
    """A distinct sentence of the article: its position among the parse's sentences, its span,
    and how many times it occurs in the article (a repeated sentence is coded once)."""

    index: int
    span: Span
    mentions: int


class Document:
    """One article as the stages code it: the parse, the distinct sentences, what the stages
    set (``actors``, the events stage's ``candidates`` and ``readings``) and the events kept so far."""

    def __init__(self, coder: Coder, article: Article, prepared: clean.Prepared, doc: Doc,
                 stages: list[Stage]) -> None:
        self.coder = coder
        self.article = article
        self.prepared = prepared
        self.doc = doc
        self.date = article.date
        self.sentences = _distinct(doc, prepared)
        self.actors: ActorBinding | None = None
        self.candidates: dict[int, list[Candidate]] = {}  # sentence index -> what the syntax found
        self.readings: dict[int, tuple] = {}  # sentence index -> the model's (class probabilities, spans)
        self.kept: list[Draft] = []
        self.attributions: list[Attribution] = []  # the article's attribution relations (attribution stage)
        self.read_ahead: Future | None = None  # the model's readings of every sentence, by index, on their way
        self.stages = stages  # the Coder's stages, in order, as this article is coded

    def read(self, sentences: list[Sentence]) -> list:
        """The sentence model's readings of ``sentences``: those read ahead (``read_ahead``, which
        ``Coder.code_all`` starts on a second thread as soon as the article is parsed), the rest now."""
        ahead = self.read_ahead.result() if self.read_ahead is not None else {}
        missing = [sentence for sentence in sentences if sentence.index not in ahead]
        if missing:
            ahead = {**ahead, **dict(zip((s.index for s in missing),
                                         self.coder.classifier.read([s.span.text for s in missing])))}
        return [ahead[sentence.index] for sentence in sentences]

    def to_text(self, offset: int) -> int:
        """An offset in the parsed text, as an offset in the article's text."""
        return self.prepared.to_text_offset(offset)

    def to_text_end(self, offset: int) -> int:
        """The end (exclusive) of a span of the parsed text, as an offset in the article's text."""
        return self.prepared.to_text_end(offset)

    def located(self, found: dict | None) -> dict | None:
        """``found`` (a dict with parse-text ``start`` and ``end``) with its offsets in the article text."""
        if found is not None:
            found["start"], found["end"] = (self.to_text(found[k]) for k in ("start", "end"))
        return found

    def add(self, draft: Draft) -> bool:
        """Run every stage's event hook on ``draft`` in order; keep it unless one returns False."""
        for stage in self.stages:
            if stage.event(draft) is False:
                return False
        self.kept.append(draft)
        return True


@dataclass
class Draft:
    """An event as the stages fill it: the record, the syntax candidate it came from, its sentence."""

    event: Event
    candidate: Candidate
    sentence: Sentence
    document: Document = field(repr=False)


class Stage:
    """One step of coding; a stage overrides the hooks it needs (these do nothing).

    Per article: ``begin``, then ``sentence`` for each distinct sentence in text order
    (every stage's, in stage order), ``event`` for each event as the events stage finds
    it, ``finish`` after the last sentence.
    """

    def begin(self, document: Document) -> None:
        """Once per article, after its parse."""

    def sentence(self, document: Document, sentence: Sentence) -> None:
        """Each distinct sentence, in text order."""

    def event(self, draft: Draft) -> bool | None:
        """Each event found; return False to drop it."""

    def finish(self, document: Document) -> None:
        """Once per article, after its last sentence (``document.kept`` holds its events)."""


class EventHook(Stage):
    """A function of a :class:`Draft` as a stage: it fills fields of ``draft.event``, or drops the
    event by returning False."""

    def __init__(self, function: Callable[[Draft], bool | None]) -> None:
        self.function = function

    def event(self, draft: Draft) -> bool | None:
        return self.function(draft)

    def __repr__(self) -> str:
        return f"EventHook({getattr(self.function, '__name__', self.function)!r})"


def _distinct(doc: Doc, prepared: clean.Prepared) -> list[Sentence]:
    """The distinct sentences of ``doc`` in order, each with how many times it occurs in the article."""
    keyed = [(clean.fingerprint(sent.text), sent) for sent in doc.sents]
    counts: dict[str, int] = {}
    for key, sent in keyed:
        counts[key] = counts.get(key, 0) + prepared.count_at(sent.start_char)
    seen: set[str] = set()
    distinct = []
    for index, (key, sent) in enumerate(keyed):
        if key and key not in seen:
            seen.add(key)
            distinct.append(Sentence(index, sent, counts[key]))
    return distinct


def event_countries(event: Event) -> set[str]:
    """The countries of an event's source and target."""
    return {a.country for a in (event.source, event.target) if a is not None and a.country}
