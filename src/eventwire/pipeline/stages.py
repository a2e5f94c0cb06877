"""The named stages of coding, each with one job, and the per-article state they share.

``STAGES`` lists them in the order the Coder runs them by default:

- ``parse``: spaCy's parse of the article (the Coder's ``nlp``), in batches;
- ``actors``: every noun phrase bound to an actor, sentence by sentence (``document.actors``);
- ``events``: event candidates from the syntax and the lexicon, their source and target,
  their confidence (the sentence model's, when the Coder has one); each event found is
  handed to the event hooks of all the stages, in order;
- ``modality``: did it happen (``event.modality``);
- ``attribution``: according to whom, and the quotation carrying it (``event.attribution``,
  ``event.quote``);
- ``date``: when, against the article's date (``event.date``, ``date_precision``, ``date_reason``);
  it reads ``event.modality`` ("will meet on Monday" is a future Monday);
- ``place``: where, geocoded offline (``event.location``).

A stage is a :class:`Stage`: it overrides the hooks it needs. A plain function
``f(draft) -> bool | None`` is an event hook; returning False drops the event.

>>> list(STAGES)
['parse', 'actors', 'events', 'modality', 'attribution', 'date', 'place']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from ..actors import ActorBinding
from ..attributes.dates import event_date
from ..attributes.modality import modality
from ..attributes.places import event_location, place_actor
from ..events.extract import Candidate, candidates
from ..ontology import cameo_info
from ..records import Event
from .attribution import Attribution
from .document import Coder, Document, Draft, Sentence, Stage, event_countries

# Event types that are usually addressed to someone: when the sentence names
# no recipient, the counterpart the article has been talking about is implied.
ADDRESSED_TYPES = frozenset({"REQUEST", "REJECT", "CONSULT", "AGREE", "SUPPORT", "CONCEDE"})


class Parse(Stage):
    """spaCy's parse of each text, with the Coder's ``nlp``, in batches on ``n_process`` cores."""

    def parse(self, coder: Coder, texts: Iterable[str], n_process: int, batch_size: int) -> Iterator[Doc]:
        return coder.nlp.pipe(texts, n_process=n_process, batch_size=batch_size)


class Actors(Stage):
    """Every noun phrase of each sentence bound to an actor with the Coder's resolver, in order,
    so that coreference sees them all; ``document.actors`` serves the later stages."""

    def begin(self, document: Document) -> None:
        coder = document.coder
        document.actors = ActorBinding(coder.resolver.for_document(document.doc, document.date),
                                       document.to_text, coder.lexicon.speech_verbs)

    def sentence(self, document: Document, sentence: Sentence) -> None:
        document.actors.observe(sentence.span)


class Events(Stage):
    """Event candidates of each sentence (the Coder's ``lexicon``), their source and target (a
    pair named together, a model span, an implied counterpart, the author of a demand referred
    back to) and their confidence; each becomes a :class:`Draft` handed to the event hooks."""

    def begin(self, document: Document) -> None:
        coder = document.coder
        for sentence in document.sentences:
            document.candidates[sentence.index] = candidates(sentence.span, coder.lexicon)
        read = [sentence for sentence in document.sentences if document.candidates[sentence.index]]
        if coder.classifier is not None and read:
            probs, spans = coder.classifier.predict([sentence.span.text for sentence in read])
            document.readings = {sentence.index: reading for sentence, reading in zip(read, zip(probs, spans))}

    def sentence(self, document: Document, sentence: Sentence) -> None:
        for candidate in document.candidates[sentence.index]:
            event = _event(document, sentence, candidate, document.readings.get(sentence.index))
            if event is not None:
                document.add(Draft(event, candidate, sentence, document))


class Modality(Stage):
    """Did it happen: asserted, negated, hypothetical, future or question."""

    def event(self, draft: Draft) -> None:
        draft.event.modality = modality(draft.candidate.head)


class Dates(Stage):
    """When: a date expression on the event's clause, resolved against the article's date."""

    def event(self, draft: Draft) -> None:
        when = event_date(draft.candidate.head, draft.document.date, future=draft.event.modality == "future")
        draft.event.date, draft.event.date_precision, draft.event.date_reason = when.date, when.precision, when.reason


class Places(Stage):
    """Where: the place named on the event's clause, geocoded offline."""

    def event(self, draft: Draft) -> None:
        event = draft.event
        event.location = draft.document.located(event_location(draft.candidate.head, prefer=event_countries(event),
                                                               material=event.quad_class in (2, 4)))


# The stages by name, in the default order; each value makes a fresh stage.
STAGES: dict[str, Callable[[], Stage]] = {
    "parse": Parse,
    "actors": Actors,
    "events": Events,
    "modality": Modality,
    "attribution": Attribution,
    "date": Dates,
    "place": Places,
}
# Stages the others rely on, in this order: they can be replaced, not removed.
REQUIRED = ("parse", "actors", "events")


def _event(document: Document, sentence: Sentence, candidate: Candidate, reading: tuple | None) -> Event | None:
    """The record of ``candidate`` with its actors, or None when it has no PLOVER type or no actor."""
    info = cameo_info(candidate.cameo)
    if info.plover_type is None:
        return None
    actors = document.actors
    sources = actors.argument(candidate.source)
    targets = actors.argument(candidate.target)
    if len(sources) >= 2 and not targets and (candidate.nominal or candidate.pattern.reciprocal):
        sources, targets = sources[:1], sources[1:2]
    source = sources[0] if sources else None
    target = next((t for t in targets if source is None or t.code != source.code
                   or t.name != source.name), None)
    if target is None and document.coder.place_targets and info.quad_class in (2, 4):
        target = place_actor(candidate.target, to_text=document.to_text)  # "shelled Kharkiv": UKR
    if candidate.pattern.needs_target and target is None:
        return None
    if reading is not None:
        spans = reading[1]
        source = source or actors.model_actor(sentence.span, spans, "S", target, candidate.head)
        target = target or actors.model_actor(sentence.span, spans, "T", source, candidate.head)
    implied = False
    if target is None:
        target = actors.referenced_author(candidate.object_noun,
                                          [(d.event, d.candidate.head) for d in document.kept])
        if target is None and info.plover_type in ADDRESSED_TYPES:
            target = actors.implied_target(source, sentence.index, [d.event for d in document.kept])
        implied = target is not None
    if source is None and target is None:
        return None  # no actor to code: of no use in dyadic event data
    if source is not None and target is not None and source.code == target.code \
            and source.name == target.name:
        target = None
    text = document.prepared.text
    start, end = (document.to_text(o) for o in candidate.trigger_span)
    ev_start, ev_end = document.to_text(sentence.span.start_char), document.to_text(sentence.span.end_char)
    return Event(
        doc_id=document.article.id,
        sentence=sentence.index,
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
        trigger={"text": text[start:end], "start": start, "end": end},
        text=text[ev_start:ev_end].strip(),
        evidence={"start": ev_start, "end": ev_end},
        mentions=sentence.mentions,
        confidence=(candidate.confidence(source is not None, target is not None, implied) if reading is None
                    else round(float(reading[0][info.penta_class]), 3)),
        rule=candidate.pattern.rule,
    )
