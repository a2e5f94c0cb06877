"""The coder: article in, events out.

``Coder.code(article)`` is a pure function of the article (plus the shipped
data), so the same call runs in-process, in a multiprocessing pool or on a
Dask worker. The flow: clean (repeated paragraphs collapsed) -> spaCy parse ->
event candidates from the syntax -> actors resolved with the document date
and coreference -> modality, attribution, quotes -> one record per event,
repeated mentions merged. When the shipped sentence model is there
(``events/classify.py``), it reads each sentence that has event candidates:
an event's ``confidence`` is the model's calibrated probability of the
event's penta class, and a source or target the syntax missed is taken from
the model's S/T span when the actor KB codes it.

>>> coder = Coder()
>>> [e.event_type for e in coder.code("Russian troops attacked Ukrainian positions.", date="2024-05-01")]
['ASSAULT']
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import clean, nlp
from .actors import ActorResolver
from .actors.coref import GROUP_WORDS
from .attributes.attribution import attribution, carry_sources, quote
from .attributes.dates import event_date
from .attributes.modality import modality
from .attributes.places import event_location
from .errors import InputError
from .events import syntax
from .events.extract import Candidate, candidates
from .events.classify import MODEL_DIR, SentenceModel, Span as ModelSpan
from .events.lexicon import Lexicon
from .records import Actor, Article, CodedArticle, Event
from .ontology import cameo_info

# Event types that are usually addressed to someone: when the sentence names
# no recipient, the counterpart the article has been talking about is implied.
ADDRESSED_TYPES = {"REQUEST", "REJECT", "CONSULT", "AGREE", "SUPPORT", "CONCEDE"}
IMPLIED_WINDOW = 3  # sentences back
MENTION_POS = {"PROPN", "NOUN", "PRON"}


def _as_article(article: Article | str, date: str | dt.date | None, doc_id: str | None) -> Article:
    """``article`` as an Article: a text gets ``doc_id`` (default ``doc``), and ``date`` fills a missing date."""
    if isinstance(article, str):
        article = Article(id=doc_id or "doc", text=article)
    if date is not None and not article.published:
        article = dataclasses.replace(article, published=str(date))
    return article


def _checked(article: Article) -> Article:
    """``article`` if it can be coded; InputError naming it otherwise (empty text, bad date)."""
    if not isinstance(article.text, str) or not article.text.strip():
        raise InputError("empty text: nothing to code", where=article.id)
    if article.published:
        try:
            article.date
        except ValueError as err:
            raise InputError(str(err), where=article.id) from None
    return article


class Coder:
    """Codes articles into events; load once, call many times.

    ``classifier``: a ``SentenceModel``, a model directory, ``"shipped"`` (the
    default: the package's model when it is installed) or None (syntax and
    lexicon only). ``min_confidence`` drops events below that confidence.
    """

    def __init__(self, nlp_pipeline: Language | None = None, resolver: ActorResolver | None = None,
                 lexicon: Lexicon | None = None, min_confidence: float = 0.0,
                 classifier: SentenceModel | str | None = "shipped"):
        self.nlp = nlp_pipeline or nlp.load()
        self.resolver = resolver or ActorResolver()
        self.lexicon = lexicon or Lexicon.load()
        self.min_confidence = min_confidence
        if classifier == "shipped":
            classifier = SentenceModel.load() if (MODEL_DIR / "model.onnx").is_file() else None
        elif classifier is not None and not isinstance(classifier, SentenceModel):
            classifier = SentenceModel.load(classifier)
        self.classifier = classifier

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

        for doc in self.nlp.pipe(texts(), n_process=n_process, batch_size=batch_size):
            while waiting[0][1] is None:  # articles refused before parsing come out in their place
                yield waiting.popleft()[0]
            result, prepared = waiting.popleft()
            result.sentences = sum(1 for _ in doc.sents)
            try:
                result.events = self.events(result.article, prepared, doc)
            except Exception as err:  # a coder bug on one article must not stop a months-long run
                result.error = InputError(f"coding failed: {type(err).__name__}: {err}", result.article.id)
                result.sentences = 0
            yield result
        while waiting:
            yield waiting.popleft()[0]

    def _prepare(self, article: Article) -> tuple[CodedArticle, clean.Prepared | None]:
        """The article checked and normalised, with the text to parse; or a result carrying the error."""
        try:
            checked = _checked(article)
            prepared = clean.prepare(checked.text)
            if len(prepared.parse_text) > self.nlp.max_length:
                raise InputError(f"too long to parse: {len(prepared.parse_text):,} characters after "
                                 f"removing repeats, the parser's limit is {self.nlp.max_length:,}", article.id)
        except InputError as err:
            return CodedArticle(article, error=err), None
        return CodedArticle(dataclasses.replace(checked, text=prepared.text)), prepared

    def events(self, article: Article, prepared: clean.Prepared, doc: Doc) -> list[Event]:
        """Events from an article whose deduplicated text was parsed into ``doc``."""
        return _DocumentCoder(self, article, prepared, doc).run()


class _DocumentCoder:
    """The per-document state: coreference, previous events, sentence repeats."""

    def __init__(self, coder: Coder, article: Article, prepared: clean.Prepared, doc: Doc):
        self.coder = coder
        self.article = article
        self.prepared = prepared
        self.doc = doc
        self.date = article.date
        self.actors = coder.resolver.for_document(doc, self.date)
        self.cache: dict[int, Actor | None] = {}
        self.groups: dict[int, list[Actor]] = {}
        self.events: list[tuple[Event, Candidate]] = []

    def run(self) -> list[Event]:
        sentences = [(clean.fingerprint(sent.text), sent) for sent in self.doc.sents]
        counts: dict[str, int] = {}
        for key, sent in sentences:
            counts[key] = counts.get(key, 0) + self.prepared.count_at(sent.start_char)
        coded: set[str] = set()
        todo = []
        for index, (key, sent) in enumerate(sentences):
            if key and key not in coded:
                coded.add(key)
                todo.append((index, sent, key, candidates(sent, self.coder.lexicon)))
        readings = self.read([sent for _, sent, _, found in todo if found])
        for index, sent, key, found in todo:
            self.observe(sent)
            reading = next(readings) if found else None
            for candidate in found:
                event = self.event(index, sent, candidate, counts[key], reading)
                if event is not None:
                    self.events.append((event, candidate))
        carry_sources([(self.prepared.parse_text.count("\n", 0, c.head.sent.start_char), e.sentence, e.attribution)
                       for e, c in self.events])
        merged = _merge_mentions(self.events)
        return [e for e in merged if e.confidence >= self.coder.min_confidence]

    def read(self, sents: list[Span]) -> Iterator[tuple | None]:
        """The model's (class probabilities, spans) of each sentence, in order; None without a model."""
        if self.coder.classifier is None or not sents:
            return iter([None] * len(sents))
        probs, spans = self.coder.classifier.predict([sent.text for sent in sents])
        return iter(zip(probs, spans))

    # -- actors -------------------------------------------------------------
    def observe(self, sent: Span) -> None:
        """Resolve every noun phrase of ``sent`` in order, so coreference sees them all."""
        for token in sent:
            if token.pos_ in MENTION_POS and token.dep_ not in ("compound", "flat"):
                self._actor(token)

    def _actor(self, head: Token) -> Actor | None:
        if head.i not in self.cache:
            span = syntax.phrase(head)
            lowered = {t.lower_ for t in span}
            if head.tag_ in ("NNS", "NNPS") and ("both" in lowered or ("the" in lowered and lowered & GROUP_WORDS)):
                self.cache[head.i] = None
                self.groups[head.i] = self._group(span)
            elif head.lower_ in syntax.FIRST_PERSON:
                self.cache[head.i] = self._bound(head, self.coder.lexicon.speech_verbs)
            elif head.lower_ in syntax.GROUP_PRONOUNS and head.dep_ in ("nsubj", "nsubjpass"):
                self.cache[head.i] = self._bound(head, None)
            else:
                actor = self.actors.resolve(span)
                self.cache[head.i] = self._located(actor) if actor is not None else None
        return self.cache[head.i]

    def _bound(self, pronoun: Token, verbs: frozenset[str] | None) -> Actor | None:
        """The actor a pronoun stands for in a reported clause: "we" in a speaker's
        quotation (``verbs``: the verbs of saying), "it"/"they" in what a state or
        group said or denied it did (any framing verb)."""
        subject = syntax.framing_subject(pronoun, verbs)
        if subject is None or (verbs is None and any(t.ent_type_ == "PERSON" for t in syntax.phrase(subject))):
            return None  # "it" and "they" do not stand for a named person
        actor = self._actor(subject)
        if actor is None:
            return None
        start = self.prepared.to_text_offset(pronoun.idx)
        return Actor(**{**actor.to_dict(), "text": pronoun.text, "start": start, "end": start + len(pronoun),
                        "reason": f"'{pronoun.text}' stands for '{actor.text}'; {actor.reason}"})

    def resolve(self, token: Token | None) -> list[Actor]:
        """Actors for the noun phrase headed by ``token`` (several for "X and Y", "the two leaders")."""
        if token is None:
            return []
        found: list[Actor] = []
        for head in syntax.conjuncts(token):
            actor = self._actor(head)
            if actor is not None:
                found.append(actor)
            found.extend(self.groups.get(head.i, []))
        return found

    def _located(self, actor: Actor) -> Actor:
        if actor.start is not None:
            actor.start = self.prepared.to_text_offset(actor.start)
            actor.end = self.prepared.to_text_offset(actor.end)
        return actor

    def _mapped(self, found: dict | None) -> dict | None:
        """``found`` with its parse-text offsets moved to the article text."""
        if found is not None:
            found["start"], found["end"] = (self.prepared.to_text_offset(found[k]) for k in ("start", "end"))
        return found

    def _group(self, span: Span) -> list[Actor]:
        """The people a plural description ("the two leaders") points back to."""
        people = self.actors.coref.last_people(span.start_char, 2)
        return [Actor(**{**m.actor.to_dict(), "text": span.text,
                         "start": self.prepared.to_text_offset(span.start_char),
                         "end": self.prepared.to_text_offset(span.end_char),
                         "reason": f"one of '{span.text}' -> {m.name}; {m.actor.reason}"})
                for m in people if m.actor is not None]

    def _model_span(self, sent: Span, span: ModelSpan) -> tuple[int, int]:
        """A model span's offsets in the article text."""
        return (self.prepared.to_text_offset(sent.start_char + span.start),
                self.prepared.to_text_offset(sent.start_char + span.end))

    def _model_actor(self, sent: Span, spans: list[ModelSpan], role: str, other: Actor | None,
                     head: Token) -> Actor | None:
        """The actor of the model's first ``role`` span inside the clause of ``head`` that the KB
        codes and ``other`` does not cover (the model tags the sentence, not one event)."""
        for span in spans:
            if span.role != role:
                continue
            phrase = sent.doc.char_span(sent.start_char + span.start, sent.start_char + span.end,
                                        alignment_mode="expand")
            if phrase is None or phrase.start < head.left_edge.i or phrase.end > head.right_edge.i + 1 \
                    or (other is not None and other.start is not None
                                  and self._model_span(sent, span)[0] < other.end
                                  and other.start < self._model_span(sent, span)[1]):
                continue
            actor = self.actors.resolve(phrase)
            if actor is not None:
                actor = self._located(actor)
                actor.reason = f"model {role} span '{span.text}'; {actor.reason}"
                return actor
        return None

    def _implied_target(self, source: Actor | None, sentence: int) -> Actor | None:
        """The counterpart of ``source`` in the article's latest event involving it, nearby."""
        if source is None or source.country is None:
            return None
        for event, _ in reversed(self.events):
            if sentence - event.sentence > IMPLIED_WINDOW:
                break
            pair = [event.source, event.target]
            for me, other in (pair, pair[::-1]):
                if me is not None and other is not None and me.country == source.country \
                        and other.country != source.country:
                    return Actor(**{**other.to_dict(), "start": None, "end": None,
                                    "reason": f"implied: counterpart in event {event.id}"})
        return None

    def _referenced_author(self, noun: Token | None) -> Actor | None:
        """Who made the ultimatum/demand/offer that ``noun`` refers back to ("rejected this ultimatum")."""
        if noun is None:
            return None
        lemma = noun.lemma_.lower()
        for event, candidate in reversed(self.events):
            if candidate.head.lemma_.lower() == lemma and event.source is not None:
                return Actor(**{**event.source.to_dict(), "start": None, "end": None,
                                "reason": f"author of the {lemma} in event {event.id}"})
        return None

    # -- events -------------------------------------------------------------
    def event(self, index: int, sent: Span, candidate: Candidate, mentions: int,
              reading: tuple | None = None) -> Event | None:
        info = cameo_info(candidate.cameo)
        if info.plover_type is None:
            return None
        sources = self.resolve(candidate.source)
        if not sources and candidate.source is not None:
            sources = self.resolve(syntax.owner(candidate.source))
        targets = self.resolve(candidate.target)
        if not targets and candidate.target is not None:
            targets = self.resolve(syntax.owner(candidate.target))
        if len(sources) >= 2 and not targets and (candidate.nominal or candidate.pattern.reciprocal):
            sources, targets = sources[:1], sources[1:2]
        source = sources[0] if sources else None
        target = next((t for t in targets if source is None or t.code != source.code
                       or t.name != source.name), None)
        if candidate.pattern.needs_target and target is None:
            return None
        if reading is not None:
            spans = reading[1]
            source = source or self._model_actor(sent, spans, "S", target, candidate.head)
            target = target or self._model_actor(sent, spans, "T", source, candidate.head)
        implied = False
        if target is None:
            target = self._referenced_author(candidate.object_noun)
            if target is None and info.plover_type in ADDRESSED_TYPES:
                target = self._implied_target(source, index)
            implied = target is not None
        if source is None and target is None:
            return None  # no actor to code: of no use in dyadic event data
        if source is not None and target is not None and source.code == target.code \
                and source.name == target.name:
            target = None
        start, end = (self.prepared.to_text_offset(o) for o in candidate.trigger_span)
        ev_start = self.prepared.to_text_offset(sent.start_char)
        ev_end = self.prepared.to_text_offset(sent.end_char)
        mood = modality(candidate.head)
        when = event_date(candidate.head, self.date, future=mood == "future")
        countries = {a.country for a in (source, target) if a is not None and a.country}
        return Event(
            doc_id=self.article.id,
            sentence=index,
            event_type=info.plover_type,
            mode=candidate.pattern.mode or info.plover_mode,
            contexts=list(info.contexts),
            cameo=info.code,
            cameo_root=info.root,
            goldstein=info.goldstein,
            quad_class=info.quad_class,
            penta_class=info.penta_class,
            source=source,
            target=target,
            trigger={"text": self.prepared.text[start:end], "start": start, "end": end},
            text=self.prepared.text[ev_start:ev_end].strip(),
            evidence={"start": ev_start, "end": ev_end},
            mentions=mentions,
            date=when.date,
            date_precision=when.precision,
            date_reason=when.reason,
            attribution=attribution(candidate.head, actor_is_speaker=candidate.speech_act, resolve=self._actor,
                                    parties=countries),
            modality=mood,
            quote=self._mapped(quote(candidate.head, candidate.quotation,
                                     candidate.source if candidate.speech_act else None, resolve=self._actor)),
            location=self._mapped(event_location(candidate.head, prefer=countries,
                                                   material=info.quad_class in (2, 4))),
            confidence=(_confidence(candidate, source, target, implied) if reading is None
                        else round(float(reading[0][info.penta_class]), 3)),
            rule=candidate.pattern.rule,
        )


def _confidence(candidate: Candidate, source: Actor | None, target: Actor | None, implied: bool) -> float:
    """A heuristic score in [0, 1]: how much of the event the syntax pinned down."""
    score = 0.45
    score += 0.25 if source is not None else 0.0
    score += 0.1 if target is not None and not implied else 0.04 if target is not None else 0.0
    pattern = candidate.pattern
    if pattern.object or pattern.xcomp or pattern.words or pattern.modifier or pattern.prep:
        score += 0.1
    if candidate.nominal:
        score -= 0.05
    return round(min(score, 0.95), 2)


def _specificity(code: str) -> tuple[int, int]:
    return len(code), int(code[-1] != "0")


def _merge_mentions(events: list[tuple[Event, Candidate]]) -> list[Event]:
    """Fold noun mentions of an event ("the conversation", "a phone call") into one record.

    Two events merge when they have the same type and the same actors (in
    either order when the type is reciprocal) and at least one of them is a
    noun mention. The more specific CAMEO code stays; mentions add up.
    """
    kept: list[tuple[Event, Candidate]] = []
    for event, candidate in events:
        partner = None
        for index, (other, other_candidate) in enumerate(kept):
            if other.event_type != event.event_type or not (candidate.nominal or other_candidate.nominal):
                continue
            if event.source is None or other.source is None:
                continue
            pair = (event.source.code, event.target.code if event.target else None)
            other_pair = (other.source.code, other.target.code if other.target else None)
            reciprocal = candidate.pattern.reciprocal or other_candidate.pattern.reciprocal
            if pair == other_pair or (reciprocal and pair == other_pair[::-1]):
                partner = index
                break
        if partner is None:
            kept.append((event, candidate))
            continue
        other, other_candidate = kept[partner]
        total = event.mentions + other.mentions
        if _specificity(event.cameo) > _specificity(other.cameo):
            kept[partner] = (event, candidate)
        kept[partner][0].mentions = total
    return [event for event, _ in kept]
