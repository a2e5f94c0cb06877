"""The Coder: article in, events out, through a list of named stages.

``Coder.code(article)`` is a pure function of the article (plus the shipped
data), so the same call runs in-process, in a multiprocessing pool or on a
Dask worker. Each article is checked and cleaned (repeated paragraphs
collapsed), then walked through the stages, in order (``coder.stage_names``):
parse, actors, events, then the attribute stages modality, attribution, date
and place (see ``eventwire.pipeline.stages``). Mentions of one event are then
merged into one record and events below ``min_confidence`` dropped.

When the shipped sentence model is there (``events/classify.py``), it reads
every sentence (on a second thread, while the main thread parses and codes:
``read_ahead``): an event's ``confidence`` is the model's calibrated
probability of the event's penta class, its detector writes events no pattern
finds, a source or target the syntax missed is taken from the model's S/T span
when the actor KB codes it, and its readings of all sentences give the story type.

>>> coder = Coder()
>>> [e.event_type for e in coder.code("Russian troops attacked Ukrainian positions.", date="2024-05-01")]
['ASSAULT']
>>> coder.stage_names
['parse', 'actors', 'events', 'modality', 'attribution', 'date', 'place']
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from spacy.language import Language
from spacy.tokens import Doc

from .. import clean, nlp
from ..actors import ActorResolver
from ..errors import InputError
from ..events.classify import MODEL_DIR, SentenceModel
from ..events.lexicon import Lexicon
from ..events.merge import merge_mentions
from ..events.story import StoryTyper, lemmas
from ..records import Article, Attribution, CodedArticle, Event, check_article
from . import headline, verb_lemmas
from .document import Document, EventHook, Stage
from .stages import REQUIRED, STAGES
from .truecase import Truecaser

# A stage as given to the Coder: a name from STAGES, or (name, a Stage or an event-hook function).
StageSpec = str | tuple[str, Stage | Callable]


def _as_article(article: Article | str, date: str | dt.date | None, doc_id: str | None) -> Article:
    """``article`` as an Article: a text gets ``doc_id`` (default ``doc``), and ``date`` fills a missing date."""
    if isinstance(article, str):
        article = Article(id=doc_id or "doc", text=article)
    if date is not None and not article.published:
        article = dataclasses.replace(article, published=str(date))
    return article


class Coder:
    """Codes articles into events; load once, call many times.

    ``classifier``: a ``SentenceModel``, a model directory, ``"shipped"`` (the
    default: the package's model when it is installed) or None (syntax and
    lexicon only). The Coder puts the headline component (:mod:`~eventwire.pipeline.headline`: a
    sentence ends after a headline) in ``nlp_pipeline`` before its parser, once.
    ``min_confidence`` drops events below that confidence. ``truecase``: recase
    paragraphs written all in lower case or all in capitals before the parse
    (:mod:`~eventwire.pipeline.truecase`); the article text, offsets and trigger texts stay the original.
    ``place_targets``: a town or region that a physical act (material conflict or cooperation) is
    done to and that names no actor is coded to its country ("Rebels shelled Kharkiv": target UKR,
    its ``reason`` naming the place); False leaves such events without that target.
    ``statements``: also write CAMEO's statements (codes 01x, "make statement", "decline comment"),
    which PLOVER does not code, where the sentence model reads a sentence as a statement and no
    event of that class is coded in it: ``event_type`` None, ``penta_class`` 0, ``quad_class`` 1 (for
    CAMEO-coded data; ``eventwire eval`` turns it on for the CAMEO-coded gold formats).
    ``read_ahead``: the model reads each parsed article's sentences on a second thread while the
    parse and the other stages go on (the same readings, sooner; off: all in one thread).

    ``stages``: the stages to run, in order: names from ``STAGES`` or ``(name, stage)``
    pairs, where a stage is a :class:`Stage` or a function of a ``Draft`` (an event hook);
    by default every stage of ``STAGES``. ``parse``, ``actors`` and ``events`` are needed,
    in that order. The list can be changed later with ``add_stage``, ``remove_stage`` and
    ``replace_stage``:

    >>> coder = Coder(classifier=None, stages=["parse", "actors", "events", "modality", "date"])
    >>> coder.add_stage("mark", lambda draft: setattr(draft.event, "rule", "mine"), after="events")
    >>> coder.stage_names
    ['parse', 'actors', 'events', 'mark', 'modality', 'date']
    >>> [(e.rule, e.location) for e in coder.code("Russian troops attacked Kharkiv.", date="2024-05-01")]
    [('mine', None)]
    """

    def __init__(self, nlp_pipeline: Language | None = None, resolver: ActorResolver | None = None,
                 lexicon: Lexicon | None = None, min_confidence: float = 0.0,
                 classifier: SentenceModel | str | None = "shipped", stages: Iterable[StageSpec] | None = None,
                 truecase: bool = True, place_targets: bool = True, statements: bool = False,
                 read_ahead: bool = True):
        self.place_targets = place_targets
        self.read_ahead = read_ahead
        self.statements = statements
        self.nlp = nlp_pipeline or nlp.load()
        headline.add_to(self.nlp)  # a sentence ends after a headline line (see pipeline/headline.py)
        verb_lemmas.add_to(self.nlp)  # "staged" is "stage", not "stag" (see pipeline/verb_lemmas.py)
        self.resolver = resolver or ActorResolver()
        self.truecaser = Truecaser(self.resolver.kb, self.nlp) if truecase else None
        self.lexicon = lexicon or Lexicon.load()
        self.min_confidence = min_confidence
        if classifier == "shipped":
            classifier = SentenceModel.load() if (MODEL_DIR / "model.onnx").is_file() else None
        elif classifier is not None and not isinstance(classifier, SentenceModel):
            classifier = SentenceModel.load(classifier)
        self.classifier = classifier
        # what kind of event each article reports, from the detector's readings and the events
        self.story_typer = StoryTyper.load() if getattr(classifier, "detector_labels", ()) else None
        self._stages: list[tuple[str, Stage]] = []
        for spec in STAGES if stages is None else stages:
            name, stage = (spec, STAGES[spec]()) if isinstance(spec, str) and spec in STAGES else _named(spec)
            self._insert(len(self._stages), name, stage)
        names = [name for name in self.stage_names if name in REQUIRED]
        if names != list(REQUIRED):
            raise ValueError(f"stages need {', '.join(REQUIRED)}, in this order; got {', '.join(self.stage_names)}")

    # -- the stage list ------------------------------------------------------
    @property
    def stages(self) -> list[tuple[str, Stage]]:
        """The (name, stage) pairs, in the order they run (a copy: change it with the methods below)."""
        return list(self._stages)

    @property
    def stage_names(self) -> list[str]:
        """The names of the stages, in the order they run."""
        return [name for name, _ in self._stages]

    def get_stage(self, name: str) -> Stage:
        """The stage called ``name``; KeyError naming the stages there are otherwise."""
        return self._stages[self._position(name)][1]

    def add_stage(self, name: str, stage: Stage | Callable, *, before: str | None = None,
                  after: str | None = None) -> None:
        """Run ``stage`` (a Stage, or a function of a Draft: an event hook) as ``name``,
        before or after the stage named there, else last."""
        if before is not None and after is not None:
            raise ValueError("give before or after, not both")
        if name in self.stage_names:
            raise ValueError(f"there is a stage called {name!r} already")
        position = (self._position(before) if before is not None
                    else self._position(after) + 1 if after is not None else len(self._stages))
        if position <= self._position("parse"):
            raise ValueError("the parse stage comes first")
        self._insert(position, *_named((name, stage)))

    def remove_stage(self, name: str) -> Stage:
        """Stop running the stage called ``name`` and return it (``place``: no geocoding)."""
        if name in REQUIRED:
            raise ValueError(f"the {name} stage is needed: replace it instead")
        return self._stages.pop(self._position(name))[1]

    def replace_stage(self, name: str, stage: Stage | Callable) -> Stage:
        """Run ``stage`` in the place of the stage called ``name``; return the one replaced."""
        position = self._position(name)
        replaced = self._stages[position][1]
        self._stages[position] = _named((name, stage))
        return replaced

    def _position(self, name: str) -> int:
        for position, (known, _) in enumerate(self._stages):
            if known == name:
                return position
        raise KeyError(f"no stage called {name!r}; the stages are {', '.join(self.stage_names)}")

    def _insert(self, position: int, name: str, stage: Stage) -> None:
        if name in self.stage_names:
            raise ValueError(f"there is a stage called {name!r} already")
        self._stages.insert(position, (name, stage))

    # -- coding --------------------------------------------------------------

    def classify(self, texts: list[str]):
        """The model's penta-class probabilities of each sentence (n x 5), or None without a model."""
        return None if self.classifier is None else self.classifier.predict(texts)[0]

    def code(self, article: Article | str, date: str | dt.date | None = None,
             doc_id: str | None = None) -> list[Event]:
        """Events of one article (or text); raises InputError for empty text, a bad date, a text
        too long to parse, or a failure while coding it."""
        [result] = self.code_all([_as_article(article, date, doc_id)])
        if result.error is not None:
            raise result.error
        return result.events

    def pipe(self, articles: Iterable[Article], n_process: int = 1, batch_size: int = 16,
             on_error: Callable[[Article, InputError], None] | None = None) -> Iterator[list[Event]]:
        """Events of each article, in order, parsed in batches (``n_process`` cores).

        A bad article raises InputError, or, when ``on_error`` is given, is
        passed to it and yields an empty list so the batch goes on.
        """
        for result in self.code_all(articles, n_process=n_process, batch_size=batch_size):
            if result.error is not None:
                if on_error is None:
                    raise result.error
                on_error(result.article, result.error)
            yield result.events

    def code_all(self, articles: Iterable[Article], n_process: int = 1,
                 batch_size: int = 16) -> Iterator[CodedArticle]:
        """A :class:`CodedArticle` for each article, in order: the one loop behind ``code``, ``pipe``
        and the runners. A bad article (empty text, bad date, too long to parse, a failure while
        coding it) gives a result with ``error`` set; the others are coded all the same.

        >>> coder = Coder(classifier=None)
        >>> good, bad = coder.code_all([Article(id="a", text="Iran and Oman held talks."), Article(id="b", text=" ")])
        >>> [e.event_type for e in good.events], good.sentences, str(bad.error)
        (['CONSULT'], 1, 'b: empty text: nothing to code')
        """
        waiting: collections.deque[tuple[CodedArticle, clean.Prepared | None]] = collections.deque()

        def texts() -> Iterator[str]:
            for article in articles:
                waiting.append(self._prepare(article))
                if waiting[-1][1] is not None:
                    yield waiting[-1][1].parse_text

        parse = self.get_stage("parse")
        stages = [stage for _, stage in self._stages]
        parsed: collections.deque[tuple[CodedArticle, Document | None]] = collections.deque()
        with self._reader() as reader:
            for doc in parse.parse(self, texts(), n_process=n_process, batch_size=batch_size):
                while waiting[0][1] is None:  # articles refused before parsing come out in their place
                    parsed.append((waiting.popleft()[0], None))
                result, prepared = waiting.popleft()
                parsed.append((result, self._document(result, prepared, doc, stages, reader)))
                while len(parsed) > batch_size:  # a batch of parsed articles waits for its readings
                    yield self._finish(*parsed.popleft())
            while parsed:
                yield self._finish(*parsed.popleft())
        while waiting:
            yield waiting.popleft()[0]

    def _reader(self) -> contextlib.AbstractContextManager[ThreadPoolExecutor | None]:
        """A thread for the model's reads, while the main thread parses and codes other articles
        (onnxruntime lets go of Python's lock while it reads); none when ``read_ahead`` is off or
        when not every sentence would be read anyway (no model, or no story typer)."""
        if self.read_ahead and self.classifier is not None and self.story_typer is not None:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventwire-read")
        return contextlib.nullcontext()

    def _document(self, result: CodedArticle, prepared: clean.Prepared, doc: Doc, stages: list[Stage],
                  reader: ThreadPoolExecutor | None) -> Document | None:
        """The parsed article as the stages will code it, its sentences sent to ``reader``; None,
        with ``result.error`` set, when that fails."""
        try:
            result.sentences = sum(1 for _ in doc.sents)
            document = Document(self, result.article, prepared, doc, stages)
            if reader is not None:
                indices, texts = [s.index for s in document.sentences], [s.span.text for s in document.sentences]
                classifier = self.classifier
                document.read_ahead = reader.submit(lambda: dict(zip(indices, classifier.read(texts))))
            return document
        except Exception as err:  # a coder bug on one article must not stop a months-long run
            _failed(result, err)
            return None

    def _finish(self, result: CodedArticle, document: Document | None) -> CodedArticle:
        """``result`` with the events, attributions, story type and top event of ``document`` (left as
        it is without one: an article refused or failed)."""
        if document is None:
            return result
        try:
            result.events, result.attributions, result.story_type, result.top_event = self._code(document)
        except Exception as err:  # a coder bug on one article must not stop a months-long run
            _failed(result, err)
        return result

    def _prepare(self, article: Article) -> tuple[CodedArticle, clean.Prepared | None]:
        """The article checked and normalised, with the text to parse; or a result carrying the error."""
        try:
            checked = check_article(article)
            prepared = clean.prepare(checked.text)
            if self.truecaser is not None:  # same length: parse-text offsets keep mapping to the text
                prepared = dataclasses.replace(prepared, parse_text=self.truecaser(prepared.parse_text))
            if len(prepared.parse_text) > self.nlp.max_length:
                raise InputError(f"too long to parse: {len(prepared.parse_text):,} characters after "
                                 f"removing repeats, the parser's limit is {self.nlp.max_length:,}", article.id)
        except InputError as err:
            return CodedArticle(article, error=err), None
        # an article without a source takes its dateline's agency ("KABUL (Reuters) -": Reuters)
        source = checked.source or prepared.agency()
        return CodedArticle(dataclasses.replace(checked, text=prepared.text, source=source)), prepared

    def events(self, article: Article, prepared: clean.Prepared, doc: Doc) -> list[Event]:
        """Events from an article whose deduplicated text was parsed into ``doc`` (see ``_code``)."""
        return self._code(Document(self, article, prepared, doc, [stage for _, stage in self._stages]))[0]

    def _code(self, document: Document) -> tuple[list[Event], list[Attribution], str | None, str | None]:
        """Events and attribution relations of a parsed article: every stage's hooks in stage order
        (begin; each sentence; the event hooks as events are found; finish), then mentions of one
        event merged, events below ``min_confidence`` dropped, and each attribution given the ids of
        the events inside its content; and the article's story type and top event (None without a
        story typer)."""
        stages, article = document.stages, document.article
        for stage in stages:
            stage.begin(document)
        for sentence in document.sentences:
            for stage in stages:
                stage.sentence(document, sentence)
        for stage in stages:
            stage.finish(document)
        merged = merge_mentions([(draft.event, draft.candidate) for draft in document.kept])
        for actor in (a for event in merged for a in (event.source, event.target) if a is not None):
            written = article.text[actor.start:actor.end] if actor.start is not None else None
            if written and written != actor.text and written.lower() == actor.text.lower():
                actor.text = written  # the mention as the article writes it, not as it was recased to parse
        events = [event for event in merged if event.confidence >= self.min_confidence]
        for relation in document.attributions:
            start, end = relation.content["start"], relation.content["end"]
            relation.events = [e.id for e in events if start <= e.trigger["start"] < end]
        story_type, top = self._story(document, events)
        return events, document.attributions, story_type, top

    def _story(self, document: Document, events: list[Event]) -> tuple[str | None, str | None]:
        """The story type and the id of the top event, from the model's readings of every sentence
        (those the events stage did not read are read here), the events and the words of the parse."""
        if self.story_typer is None or self.classifier is None or not document.sentences:
            return None, None
        unread = [s for s in document.sentences if s.index not in document.readings]
        if unread:
            document.readings.update(zip((s.index for s in unread), document.read(unread)))
        readings = [document.readings[s.index] for s in document.sentences]
        story_type, top = self.story_typer.story(readings, events, lemmas(document.doc))
        return story_type, None if top is None else top.id


def _failed(result: CodedArticle, err: Exception) -> None:
    """Mark ``result`` as an article the coder failed on, naming it and the error."""
    result.error = InputError(f"coding failed: {type(err).__name__}: {err}", result.article.id)
    result.sentences = 0


def _named(spec: tuple[str, Stage | Callable]) -> tuple[str, Stage]:
    """A (name, stage) pair, a function made an event hook; TypeError for anything else."""
    if isinstance(spec, str):
        raise KeyError(f"no stage called {spec!r}; the stages are {', '.join(STAGES)}")
    name, stage = spec
    if not isinstance(stage, Stage):
        if not callable(stage):
            raise TypeError(f"stage {name!r} is neither a Stage nor a function: {stage!r}")
        stage = EventHook(stage)
    return name, stage
