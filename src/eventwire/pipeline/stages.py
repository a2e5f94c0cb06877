"""The named stages of coding, each with one job, and the per-article state they share.

``STAGES`` lists them in the order the Coder runs them by default:

- ``parse``: spaCy's parse of the article (the Coder's ``nlp``), in batches;
- ``actors``: every noun phrase bound to an actor, sentence by sentence (``document.actors``);
- ``events``: event candidates from the syntax, the hand lexicon and the compiled CAMEO.2.0
  dictionary, their source and target, their confidence (the sentence model's, when the Coder
  has one), and the events the model's detector finds where no pattern's event is kept; each
  event found is handed to the event hooks of all the stages, in order;
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

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from .. import syntax
from ..actors import ActorBinding
from ..actors.binding import SPEAKER_WORDS, noun_phrase, trimmed
from ..attributes.dates import event_date
from ..attributes.modality import modality, refuses, threatens
from ..attributes.places import dateline_location, event_location, place_actor
from ..attributes.relations import inside_quotes
from ..events.classify import Reading, default_code
from ..events.extract import Candidate, candidates, no_event
from ..events.lexicon import Lexicon, Pattern
from ..events.declared import recode
from ..ontology import cameo_info
from ..records import Actor, Event, event_id, sibling
from .attribution import FIRST_PERSON_SIDE, Attribution
from .document import Coder, Document, Draft, Sentence, Stage, event_countries

# The pattern of an event the sentence model found where no pattern fired (rule "model").
MODEL_PATTERN = Pattern(key="model", cameo="")
DICTIONARY_RULE = "CAMEO.2.0:"  # the rule of an event coded by a line of the compiled verb dictionary
DICTIONARY_FLOOR = 0.05  # a dictionary event whose penta class the model gives less is dropped
TYPE_SHARE = 2  # a pattern's type is the detector's event's where the detector finds it half as probable as its own
MATERIAL = (2, 4)  # penta classes of deeds (the others are words)
HAND_OVERRULED = 0.9  # a hand-lexicon event is second-guessed when the model is this sure of another class
STATEMENTS = 0  # the penta class of statements and appeals, which PLOVER codes only in part (appeals)
STATEMENT_CODE = "010"  # CAMEO's "make statement": a statement the model reads that no pattern codes
FRAMED = frozenset({"xcomp", "dobj", "acl"})  # links from a framing verb to its act: "hopes to", "a chance to"
MODEL_TARGETS = ("dobj", "dative", "prep:against", "prep:on", "prep:at", "prep:with", "prep:to")
# Sectors of actors that make an act political (a state, coded without a sector, does too); civilians,
# business, health, education, media and the like do not ("Chinese tourists visited Vietnam").
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "OPP", "REB", "INS", "SEP", "PTY", "SPY", "UAF",
                               "IMG", "IGO", "NGO", "HRI", "CRM", "RAD", "UIS", "ELI"})
COOPERATION = (1, 2)  # the quad classes of verbal and material cooperation
# Moves of one's own forces: what they move is not the target, the place is ("withdrew its troops from Syria").
MOVES = frozenset({"RETREAT", "MOBILIZE"})
# Acts that pass something to someone: who receives it is the target, not the thing ("returned a Bible to its owners").
TRANSFERS = frozenset({"AID", "CONCEDE", "RETREAT", "COOPERATE", "SANCTION", "SUPPORT"})
NAMED_ACTORS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"})  # entity tags of a name that may be an actor
IMPERSONAL = frozenset({"it", "this", "that", "there", "which", "what", "these", "those"})  # pronouns naming no actor
OWN_PRONOUNS = frozenset({"its", "their", "his", "her", "our"})
FORCE_SECTORS = frozenset({"MIL", "COP", "UAF", "REB", "SPY"})
# Sectors whose attacks on one another in news are words: politicians, parties, the media, courts, groups.
VOICES = frozenset({"GOV", "ELI", "LEG", "OPP", "PTY", "MED", "JUD", "NGO", "HRI", "BUS", "LAB", "EDU"})
CRITICISM = "111"  # CAMEO's "criticize or denounce": an attack in words
PLAIN_ATTACK = "190"  # an attack with no weapon named, which between politicians is words
DEMONSTRATIONS = frozenset({"140", "141"})  # CAMEO's protests in the street, which states do not stage
COMPLAINT = "114"  # CAMEO's "complain officially": a state's protest
PLACE_PREPOSITIONS = frozenset({"from", "in", "into", "to", "out", "along", "near", "across", "inside", "within",
                                "toward", "towards", "at"})
MAX_CONJUNCTS = 4  # coded actors of a coordination on one side of an event: at most 4 x 4 events of a predicate

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
    back to) and their confidence; each becomes a :class:`Draft` handed to the event hooks.
    With a detector in the sentence model: an event of the model's own (rule ``model``) where
    no pattern's event is kept, beside or instead of a reading of another kind, and in place of a
    dictionary reading it all but rules out; never on a predicate the hand lexicon reads as a bare
    statement ("declined to comment"). With the Coder's ``statements``, CAMEO's statements too
    (``_statement``)."""

    def begin(self, document: Document) -> None:
        coder = document.coder
        for sentence in document.sentences:
            document.candidates[sentence.index] = candidates(sentence.span, coder.lexicon)
        if coder.classifier is None:
            return
        detects = bool(getattr(coder.classifier, "detector_labels", ()))
        read = [sentence for sentence in document.sentences if document.candidates[sentence.index]
                or (detects and _predicate(sentence.span, coder.lexicon.speech_verbs) is not None)]
        if read:
            readings = document.read(read)
            document.readings = {sentence.index: reading for sentence, reading in zip(read, readings)}

    def sentence(self, document: Document, sentence: Sentence) -> None:
        reading = document.readings.get(sentence.index)
        found = document.candidates[sentence.index]
        coded: list[Draft] = []  # events of patterns kept, at the Coder's min_confidence or above
        doubted: list[Candidate] = []  # dictionary readings the model all but rules out
        floor = getattr(document.coder, "min_confidence", 0.0)
        statement_heads = {c.head.i for c in found if cameo_info(c.cameo).plover_type is None}
        for candidate in found:
            event = _event(document, sentence, candidate, reading)
            if event is not None and _improbable(event, reading, bare=_bare(candidate.pattern)):
                doubted.append(candidate)
            elif event is not None:
                for pair in _pairs(document, sentence, candidate, event):
                    draft = Draft(pair, candidate, sentence, document)
                    if document.add(draft) and pair.confidence >= floor:
                        coded.append(draft)
        if reading is not None and reading.types is not None:
            _model_event(document, sentence, found, coded, doubted, statement_heads, reading)
        if reading is not None and getattr(document.coder, "statements", False):
            _statement(document, sentence, found, reading)


def _model_event(document: Document, sentence: Sentence, found: list[Candidate], coded: list[Draft],
                 doubted: list[Candidate], statement_heads: set[int], reading: Reading) -> None:
    """The detector's event in ``sentence``, where no pattern's event is kept (``coded``), beside or
    instead of one of another kind, or in place of a dictionary reading it all but rules out (``doubted``)."""
    candidate = None
    speech = document.coder.lexicon.speech_verbs
    if reading.event_prob >= document.coder.classifier.threshold and (not coded or (
            _other_kind(reading, [draft.event for draft in coded])
            and reading.event_type not in {d.event.event_type for d in coded}  # the detector agrees with a pattern
            and not any(_standing(d, speech) for d in coded))):
        kept, receiving = frozenset(d.candidate.head.i for d in coded), document.coder.lexicon.receiving_verbs
        candidate = _model_candidate(sentence.span, found, reading, speech, kept, receiving)
    elif not coded and (ruled_out := [c for c in doubted if _ruled_out(c.cameo, reading)]) and _coherent(reading):
        candidate = dataclasses.replace(ruled_out[0], pattern=MODEL_PATTERN,  # an event, of the kind the model reads
                                        cameo=default_code(reading.event_type, reading.penta))
    if candidate is not None and (
            candidate.head.i in statement_heads or _frames_no_event(candidate.head, document.coder.lexicon)
            or (_replaces(candidate, coded, doubted) and modality(candidate.head) == "hypothetical")):
        candidate = None  # a statement, no event by the hand lexicon, or speculation ("might pound") read
        # otherwise than the patterns read it: the patterns' reading stands
    event = None if candidate is None else _event(document, sentence, candidate, reading)
    if event is not None:
        if coded:  # beside the patterns' events, ranked on their scale: its penta class's probability
            event.confidence = round(float(reading.penta[event.penta_class]), 3)
            for draft in coded:  # one reading of a predicate: the model's, where it reads another kind
                if draft.candidate.head.i == candidate.head.i:
                    document.kept.remove(draft)  # its actors stand where the model's are not coded
                    if (event.source is None or event.source.code is None) and draft.event.source is not None:
                        event.source = draft.event.source
                    if (event.target is None or event.target.code is None) and draft.event.target is not None:
                        event.target = draft.event.target
        for pair in _pairs(document, sentence, candidate, event):
            document.add(Draft(pair, candidate, sentence, document))


def _replaces(candidate: Candidate, coded: list[Draft], doubted: list[Candidate]) -> bool:
    """True when the detector's ``candidate`` is on a predicate a pattern reads (an event kept, or a
    dictionary reading the model rules out)."""
    return any(c.trigger_span == candidate.trigger_span for c in [*(d.candidate for d in coded), *doubted])


def _statement(document: Document, sentence: Sentence, found: list[Candidate], reading: Reading) -> None:
    """With the Coder's ``statements``: a CAMEO statement (01x, which PLOVER does not code) where the
    model reads ``sentence`` as a statement or appeal and no event of that class is kept in it: the
    hand lexicon's statement on the sentence ("declined to comment": 011), else 010 (make statement) on
    the main verb, a verb of saying included ("expressed condolences to the families": the speaker's
    statement, beside any event it tells of), unless an event is coded on that word or the actor KB
    codes neither side (a statement by no one it knows is of no use in dyadic data). Its
    ``event_type`` is None, its confidence the model's probability of the class.

    >>> from eventwire import Coder
    >>> [(e.event_type, e.cameo, e.trigger["text"]) for e in Coder(statements=True).code(
    ...     "Germany declined to comment on the report.", date="2024-05-01")]
    [(None, '011', 'declined')]
    """
    if int(reading.penta.argmax()) != STATEMENTS or any(
            d.event.sentence == sentence.index and d.event.penta_class == STATEMENTS for d in document.kept):
        return
    candidate = next((c for c in found if cameo_info(c.cameo).plover_type is None), None)
    if candidate is None:
        root = sentence.span.root
        head = root if root.pos_ == "VERB" else _predicate(sentence.span, frozenset())
        if head is None:
            return
        target = next((filled for name in MODEL_TARGETS if (filled := syntax.slot(head, name)) is not None
                       and filled.pos_ in ("PROPN", "NOUN", "PRON")), None)
        candidate = Candidate(head=head, trigger=[head], pattern=MODEL_PATTERN, cameo=STATEMENT_CODE,
                              source=syntax.subject(head), target=target)
    event = _event(document, sentence, candidate, reading, statement=True)
    if event is not None and _coded(event) and not any(d.event.trigger == event.trigger for d in document.kept):
        event.confidence = round(float(reading.penta[STATEMENTS]), 3)
        for pair in _pairs(document, sentence, candidate, event):
            document.add(Draft(pair, candidate, sentence, document))


class Modality(Stage):
    """Did it happen: asserted, negated, hypothetical, future or question. An act declared not to
    be done ("Iran will not release the sailors") is recoded as CAMEO's refusal of it, a
    cooperative act announced for the future ("Putin will visit China") as the intent to do it
    (PLOVER's AGREE), and an act of conflict announced on a condition ("will attack unless Kyiv
    withdraws") as the threat of it, the refusal and the threat asserted (``events/declared.py``).
    A demand made by saying it ("told Maduro he should resign") has the modality of the saying, not
    of the "should" it reports."""

    def event(self, draft: Draft) -> None:
        candidate = draft.candidate
        said = candidate.head
        while candidate.speech_act and said.dep_ == "conj":
            said = said.head
        # a demand made by saying ("told Maduro he should resign") is as real as the saying
        said = said.head if candidate.speech_act and said.dep_ != "ROOT" else candidate.head
        draft.event.modality = modality(said)
        if draft.event.modality == "negated" and refuses(draft.candidate.head):
            model_refusal = draft.event.rule == "model" and draft.event.event_type == "REJECT"
            if not recode(draft.event, "refusal") and model_refusal:
                draft.event.modality = "asserted"  # "would not accept the annexation": the model's REJECT is it
        elif draft.event.modality == "future":
            recode(draft.event, "intent")
        elif draft.event.modality == "hypothetical" and threatens(draft.candidate.head) and _announced_by_doer(draft):
            recode(draft.event, "threat")


def _announced_by_doer(draft: Draft) -> bool:
    """Whether a conditional act ("would strike Iran if the talks failed") is announced by its doer
    or by one who speaks for the doer's country, and so is a threat; what a speaker of another
    country or of none predicts of someone else (``_reported``) is no threat but a hypothetical act.

    >>> from eventwire import Coder
    >>> [e.cameo for e in Coder().code("Israeli officials said Israel would strike Iran if the talks failed. "
    ...                                "Analysts said Israel would strike Iran if the talks failed.")]
    ['138', '190']
    """
    document = draft.document
    speaker = _reporter(draft.candidate.head, document.coder.lexicon.speech_verbs)
    if speaker is None:
        return True
    doer = draft.event.source.country if draft.event.source is not None else None
    return doer is not None and any(actor.country == doer for actor in document.actors.argument(speaker))


class Dates(Stage):
    """When: a date expression on the event's clause, resolved against the article's date."""

    def event(self, draft: Draft) -> None:
        when = event_date(draft.candidate.head, draft.document.date, future=draft.event.modality == "future")
        draft.event.date, draft.event.date_precision, draft.event.date_reason = when.date, when.precision, when.reason


class Places(Stage):
    """Where: the place named on the event's clause, geocoded offline; failing that, the place of
    the dateline its paragraph was filed under ("KABUL (Reuters) -"), unless the event's actors are
    of other countries (``attributes.places.dateline_location``)."""

    def event(self, draft: Draft) -> None:
        event, document = draft.event, draft.document
        event.location = document.located(event_location(draft.candidate.head, prefer=event_countries(event),
                                                         material=event.quad_class in (2, 4)))
        filed = document.prepared.dateline_before(document.to_text(draft.candidate.head.idx))
        if event.location is None and filed is not None and filed.place is not None:
            event.location = dateline_location(filed.place, filed.place_start, filed.region, event_countries(event))


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


def _event(document: Document, sentence: Sentence, candidate: Candidate, reading: Reading | None,
           statement: bool = False) -> Event | None:
    """The record of ``candidate`` with its actors, or None when it has no actor or no PLOVER type
    (unless it is a ``statement``: CAMEO 01x)."""
    info = cameo_info(candidate.cameo)
    if info.plover_type is None and not statement:
        return None
    actors = document.actors
    sources = actors.argument(candidate.source)
    targets = actors.argument(candidate.target)
    if candidate.pattern.reciprocal and len(sources) >= 2:  # "Saudi Arabia and Iran agreed to reopen their embassies"
        targets = [t for t in targets if _other_side(t, sources)]
    if _between(candidate, sources, targets) and not _other_side(_content_target(document, candidate.head), sources):
        sources, targets = sources[:1], sources[1:2]  # not "Mexico and Canada agreed to lift tariffs on US goods"
    elif _between(candidate, targets, sources) and candidate.target is not None \
            and candidate.target.head.lower_ == "between":  # "fighting between troops and rebels": no subject
        sources, targets = targets[:1], targets[1:2]  # ("Clashes erupted between ...": none coded)
    source = sources[0] if sources else None
    target = next((t for t in targets if source is None or t.code != source.code
                   or t.name != source.name), None)
    if target is None:
        target = _content_target(document, candidate.head)  # "agreed to lift sanctions on Iran": IRN
    if info.plover_type in MOVES and _own_forces(document, candidate.head, target, source):
        target = _whither(document, candidate.head, _home(source))  # "withdrew its troops from Syria": Syria
    if info.plover_type in TRANSFERS and (target is None or target.code is None):
        recipient = _place_or_named(document, _recipient(candidate.head), named=source is not None)
        target = recipient or target  # "returned a Bible to its owners"
    if target is None and document.coder.place_targets and info.quad_class in (2, 4):
        target = place_actor(candidate.target, _home(source), document.to_text)  # "shelled Kharkiv": UKR
    if candidate.pattern.needs_target and target is None:
        return None
    model = candidate.pattern is MODEL_PATTERN
    if reading is not None and model:  # the model's own spans first, then the syntax's
        source = actors.model_actor(sentence.span, reading.spans, "S", target, candidate.head) or source
        target = actors.model_actor(sentence.span, reading.spans, "T", source, candidate.head) or target
    elif reading is not None:  # a span not of the target's phrase: "21 passengers and four troops died"
        source = source or _apart(actors.model_actor(sentence.span, reading.spans, "S", target, candidate.head),
                                  *targets)
        target = target or actors.model_actor(sentence.span, reading.spans, "T", source, candidate.head)
    implied = False
    if target is None:  # read off the first pair of each earlier predicate, as without conjoined actors
        earlier = [d for d in document.kept if not sibling(d.event)]
        target = actors.referenced_author(candidate.object_noun, [(d.event, d.candidate.head) for d in earlier])
        if target is None and info.plover_type in ADDRESSED_TYPES:
            target = actors.implied_target(source, sentence.index, [d.event for d in earlier])
        implied = target is not None
    if source is None and target is None and candidate.pattern.line is None and not model:
        # a hand-lexicon reading between names the KB does not know: "Valdoria accused Mernland"
        source = _unknown_side(document, candidate.source)
        target = _apart(_unknown_side(document, candidate.target), source)
        if source is not None and target is None and (candidate.nominal or candidate.pattern.reciprocal):
            second = syntax.conjuncts(candidate.source)[1:2]  # "Zembia and Quorland met"
            target = _unknown_side(document, second[0]) if second else None
    if reading is not None and (source is None) != (target is None):
        # one side coded, the other only named: the model's span of it in the clause, uncoded ("attacked a depot")
        clause = next((t for t in (candidate.head, *candidate.head.ancestors) if t.pos_ in ("VERB", "AUX")),
                      candidate.head)
        source = source or _apart(_uncoded(document, sentence, reading, "S", None, candidate.head, within=clause),
                                  target, *([] if model else targets))  # a pattern's target phrase is its own
        target = target or _apart(_uncoded(document, sentence, reading, "T", None, candidate.head, within=clause),
                                  source)
    if model and source is None and target is None:  # "Thousands marched ...": the phrase, uncoded
        passive = candidate.head.dep_ == "acl" and candidate.head.tag_ == "VBN"
        described = candidate.head if passive else None  # "those killed in the stampede": no one outside killed them
        target = _uncoded(document, sentence, reading, "T", candidate.target, candidate.head)
        source = _apart(_uncoded(document, sentence, reading, "S", candidate.source, candidate.head, within=described),
                        target)
    if source is None and target is None:
        return None  # no actor to code: of no use in dyadic event data
    if candidate.source is not None and any(
            t.lower_ in document.coder.lexicon.hazard_words
            for t in (candidate.source, *(c for c in candidate.source.children if c.dep_ == "compound"))):
        return None  # a storm did it: "Cyclone Chido struck Mayotte", "Typhoon Haiyan killed 6,000 people"
    if source is not None and target is not None and source.code == target.code \
            and source.name == target.name and (source.code is not None or source.text == target.text):
        target = None
    if document.coder.place_targets and info.quad_class == 4:
        target = _struck_place(document, sentence, target, _home(source))
    rule = "model" if model else candidate.rule
    if _words_of_attack(document, candidate, info.code, source, target):
        info = cameo_info(CRITICISM)
        rule += f"; between politicians, words -> {CRITICISM}"
    elif info.code in DEMONSTRATIONS and _state(source, candidate.source):
        info = cameo_info(COMPLAINT)  # "The Philippines protested the presence of Chinese vessels"
        rule += f"; a state's protest, a complaint -> {COMPLAINT}"
    trigger = {t.i for t in candidate.trigger} | {candidate.head.i}
    source, target = (actors.with_argument(a, sentence.span, trigger) for a in (source, target))
    text = document.prepared.text
    start, end = (document.to_text(o) for o in candidate.trigger_span)
    ev_start, ev_end = document.to_text(sentence.span.start_char), document.to_text_end(sentence.span.end_char)
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
                    else round(reading.type_prob if model else float(reading.penta[info.penta_class]), 3)),
        rule=rule,
    )


def _words_of_attack(document: Document, candidate: Candidate, code: str, source: Actor | None,
                     target: Actor | None) -> bool:
    """Whether an act of force read off a word of attack (the lexicon's ``verbal_attacks``) is one
    politician's words against another: a plain attack (190, no weapon named), a coded source and any
    coded target of ``VOICES``, and a person named (or a pronoun for one) on one side ("Trump
    attacked Romney", "Rubio's attacks on Trump"). "A man attacked the senator" (no source known),
    "Protesters attacked the minister's car" (no person named) and "Netanyahu attacked Hamas" (an
    armed target) keep their force, and so do "missile attacks".

    >>> from eventwire import Coder
    >>> [(e.event_type, e.cameo) for e in Coder().code("Trump attacked Romney over his tax returns.",
    ...                                                   date="2016-03-01")]
    [('ACCUSE', '111')]
    """
    if code != PLAIN_ATTACK or not any(
            t.lemma_.lower() in document.coder.lexicon.verbal_attacks for t in (*candidate.trigger, candidate.head)):
        return False
    if source is None or (source.sector or "")[:3] not in VOICES:
        return False
    if target is not None and target.code is not None and (target.sector or "")[:3] not in VOICES:
        return False
    return any(t is not None and t.pos_ in ("PROPN", "PRON") and document.actors.names_person(t)
               for t in (candidate.source, candidate.target))


def _frames_no_event(head: Token, lexicon: Lexicon) -> bool:
    """Whether ``head``, or the act it frames, is no event by the hand lexicon: the model's event stands
    on neither "appeal to voters" nor "hopes to appeal to voters", "a chance to appeal to voters"
    (``FRAMED``: the links from a framing verb down to its act).

    >>> from eventwire import Coder
    >>> from eventwire.nlp import load
    >>> doc = load()("Cruz hopes to appeal to evangelical voters. Cruz hopes to meet Trump.")
    >>> _frames_no_event(doc[1], Coder().lexicon), _frames_no_event(doc[9], Coder().lexicon)
    (True, False)
    """
    framed, below = [], list(head.children)
    while below:
        token = below.pop()
        if token.dep_ in FRAMED and (token.dep_ != "acl" or syntax.child(token, "aux") is not None):
            framed.append(token)  # not "a cell calling itself ...": what describes the object
            below.extend(token.children)
    return no_event(head, lexicon) or any(no_event(t, lexicon, patterns_only=True)
                                          for t in framed if t.pos_ in ("VERB", "AUX"))


def _state(actor: Actor | None, head: Token | None) -> bool:
    """Whether ``actor`` is a state or its government: named by the state's name or capital ("The
    Philippines", "Manila": a proper noun coded as the country or its government), or coded as the
    government itself, its country told or not ("the foreign ministry protested"); not people of the
    country ("chicken sellers in Cameroon's capital")."""
    if actor is None:
        return False
    if not actor.country:
        return actor.code == "GOV"
    named = head is not None and head.pos_ == "PROPN"
    return actor.code == actor.country + "GOV" or (named and actor.code == actor.country)


def _struck_place(document: Document, sentence: Sentence, target: Actor | None,
                  home: frozenset[str] = frozenset()) -> Actor | None:
    """The target of a physical act, with a capital named alone coded as its country, not as its
    government by metonym ("NATO jets bombed Belgrade": SRB, as a town is, "shelled Kharkiv": UKR;
    "Belgrade rejected the plan" stays SRBGOV), or as a town of the doer's ``home`` country of the
    same name ("The Lebanese army deployed troops in Tripoli": LBN, not Libya's capital); any other
    target as it is."""
    if target is None or target.sector != "GOV" or target.name or target.start is None:
        return target
    words = [t for t in sentence.span if target.start <= document.to_text(t.idx) < target.end]
    head = next((t for t in words if t.head not in words or t.head == t), None)
    place = place_actor(head, home, document.to_text) if head is not None else None
    if place is None or place.text != target.text or (place.country != target.country and place.country not in home):
        return target
    return place


def _content_target(document: Document, head: Token) -> Actor | None:
    """The recipient of the act a verb of will, intent or refusal takes as its open complement, as the
    verb's own ("agreed to lift embargoes against OPEC": OPEC; "threatened to attack Goma": COD): of
    the complement's object, the object's "against"/"on" phrase and the complement's prepositional
    objects (``MODEL_TARGETS``), the first the actor KB codes, else a town's country
    (``_place_or_named``), else a name (a proper noun the parser tags as a place, group or person),
    uncoded; None without such a complement."""
    act = syntax.child(head, "xcomp")
    if act is None or act.pos_ != "VERB":
        return None
    thing = syntax.slot(act, "dobj")
    found = [thing, *([syntax.prep_object(thing, p) for p in ("against", "on")] if thing is not None else []),
             *(syntax.slot(act, name) for name in MODEL_TARGETS if name != "dobj")]
    found = [t for t in found if t is not None and t.pos_ in ("PROPN", "NOUN", "PRON")]
    coded = next((a for t in found if (a := _place_or_named(document, t, named=False)) is not None), None)
    if coded is not None:
        return coded
    name = next((t for t in found if t.pos_ == "PROPN" and t.ent_type_ in NAMED_ACTORS), None)
    return _place_or_named(document, name)


def _own_forces(document: Document, head: Token, target: Actor | None, source: Actor | None) -> bool:
    """Whether what the verb moves is the source's own forces, not an actor acted on: its object
    has a possessive pronoun ("withdrew its troops") or is an armed or police force of no other
    country than the source's ("deployed peacekeepers", "Israel withdrew Israeli soldiers")."""
    moved = syntax.slot(head, "dobj")
    if moved is None:
        return False
    if any(c.dep_ == "poss" and c.lower_ in OWN_PRONOUNS for c in moved.children):
        return True
    forces = target or next(iter(document.actors.argument(moved)), None)
    return forces is not None and (forces.sector or "") in FORCE_SECTORS and forces.country in (
        None, source.country if source is not None else None)


def _whither(document: Document, head: Token, home: frozenset[str] = frozenset()) -> Actor | None:
    """The place a move is from, to or in, as the event's target ("withdrew its troops from
    Syria": SYR; "strengthened its forces in the Gulf": the Gulf, uncoded): the object of such a
    preposition on the verb ("pulled its soldiers out of Idlib") as ``_place_or_named`` reads it, a
    town of the mover's ``home`` country first ("The Lebanese army deployed troops in Tripoli":
    Lebanon's); None when the verb has none."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPOSITIONS:
            continue
        place = next((c for c in prep.children if c.dep_ == "pobj"), None) or next(
            (g for c in prep.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"), None)
        if place is not None:
            return _place_or_named(document, place, prefer=home)
    return None


def _home(actor: Actor | None) -> frozenset[str]:
    """The country of ``actor``, where a town of the name it acts on is looked for first."""
    return frozenset((actor.country,)) if actor is not None and actor.country else frozenset()


def _recipient(head: Token) -> Token | None:
    """Who a thing is given, returned, handed or sent to: the verb's indirect object or the object
    of its "to" ("returned a Bible to its owners", "granted asylum to Julian Assange")."""
    for child in head.children:
        if child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return child
        if child.dep_ == "prep" and child.lower_ == "to":
            found = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
            if found is not None:
                return found
    return None


def _place_or_named(document: Document, token: Token | None, named: bool = True,
                    prefer: frozenset[str] = frozenset()) -> Actor | None:
    """The actor ``token``'s phrase names: coded by the KB, else a town's country (one in ``prefer``
    first, unless the Coder's ``place_targets`` is off), else (where ``named``) the phrase itself,
    uncoded; None without a token."""
    if token is None:
        return None
    coded = document.actors.argument(token)
    found = coded[0] if coded else place_actor(token, prefer, document.to_text) \
        if document.coder.place_targets else None
    if found is not None or not named:
        return found
    words = syntax.phrase(token)
    return _named(document, words.start_char, words.end_char, "syntax T")


def _unknown_side(document: Document, token: Token | None) -> Actor | None:
    """The side of a hand-lexicon event that ``token`` names and the KB does not know, uncoded: a
    proper name ("Valdoria", "the Kestrel Front"), or a first-person pronoun inside quotation marks
    ("We attacked their positions", in a quotation's later paragraph), which the attribution stage
    binds to the quotation's speaker (``FIRST_PERSON_SIDE``: the event is dropped where no speaker the
    KB codes binds it); None for a common noun, another pronoun or no token. (The compiled dictionary's
    everyday verbs, "took part", "monitor", need a side the KB codes.)

    >>> from eventwire import Coder
    >>> [(e.source.text, e.source.code, e.target.text) for e in Coder().code(
    ...     "Valdoria accused Mernland of aggression.", date="2010-01-01")]
    [('Valdoria', None, 'Mernland')]
    """
    if token is None:
        return None
    if token.pos_ == "PRON" and token.lower_ in SPEAKER_WORDS and inside_quotes(token.doc, token.i):
        return _named(document, token.idx, token.idx + len(token), FIRST_PERSON_SIDE)
    if token.pos_ == "PROPN" and token.ent_type_ in NAMED_ACTORS:
        words = syntax.phrase(token)
        return _named(document, words.start_char, words.end_char, "name")
    return None


def _other_side(actor: Actor | None, sides: list[Actor]) -> bool:
    """Whether ``actor`` is of a country none of ``sides`` is: "Mexico and Canada agreed to lift tariffs
    on American products" acts on the US; "Saudi Arabia and Iran agreed to reopen their embassies" and
    "India and China agreed to disengage troops" act on each other."""
    return actor is not None and actor.country is not None and all(actor.country != side.country for side in sides)


def _between(candidate: Candidate, sources: list[Actor], targets: list[Actor]) -> bool:
    """Whether the actors named together as the source of a noun or reciprocal event with no target
    ("talks between Iran and Oman", "Iran and Oman held talks") are its source and its target (and,
    the sides swapped, those named together as its target with no source); not when the event names
    a partner the KB does not code ("meetings held by the US and UK ministers with the Saudi
    leadership": the two are on one side)."""
    partner = candidate.target is not None and candidate.target.head.lower_ == "with"
    return len(sources) >= 2 and not targets and not partner and (candidate.nominal or candidate.pattern.reciprocal)


def _pairs(document: Document, sentence: Sentence, candidate: Candidate, event: Event) -> list[Event]:
    """``event``, then one event per further (source, target) pair where its source or target phrase
    is a coordination of coded actors (PETRARCH's convention): "The United States and Britain condemned
    Iran" is USA -> IRN, then GBR -> IRN. A side is a coordination where the event's actor on it is one
    of the coded actors of the phrase (``ActorBinding.argument``: "X and Y", "X, Y and Z", "both X and
    Y", "the two leaders", a subject after an "and" hung on an apposition); the others follow in text
    order, one per code, ``MAX_CONJUNCTS`` at most; an uncoded conjunct gives no event. A side from
    elsewhere (a model span outside the phrase, an implied target, an uncoded phrase) is the event's
    alone, and so are the two actors of "talks between X and Y" (``_between``). No pair has the same
    actor on both sides (nor, after the first, the same code). The events after the first share
    everything but the actors (each with its own ``argument``) and the id (``records.event_id`` with
    the pair's codes and offsets); the first keeps the plain id."""
    actors = document.actors
    named = actors.argument(candidate.source), actors.argument(candidate.target)
    if _between(candidate, *named):
        return [event]
    sides = _side(event.source, named[0]), _side(event.target, named[1])
    if len(sides[0]) == len(sides[1]) == 1:
        return [event]
    words = {t.i for t in candidate.trigger} | {candidate.head.i}
    sources, targets = ([side[0], *(actors.with_argument(a, sentence.span, words) for a in side[1:])] for side in sides)
    pairs = [event]
    for i, source in enumerate(sources):
        for j, target in enumerate(targets):
            if i == j == 0 or _same(source, target) or (source and target and source.code == target.code):
                continue
            pair = tuple(part for a in (source, target) for part in ((a.code, a.start) if a else (None, None)))
            record = {**event.to_dict(), "source": source and source.to_dict(), "target": target and target.to_dict(),
                      "id": event_id(event.doc_id, event.sentence, event.trigger, pair)}
            pairs.append(Event.from_dict(record))
    return pairs


def _side(actor: Actor | None, named: list[Actor]) -> list[Actor | None]:
    """The actors of one side of an event's pairs: ``actor`` (the event's), then the other coded
    actors of its phrase (``named``), one per code, where ``actor`` is one of them; of a group's
    people ("both countries", "the two leaders": the same words) one per country, a group of one
    country's people being a misreading of "both countries".

    >>> usa, gbr = Actor("the US", code="USA", start=0), Actor("Britain", code="GBR", start=11)
    >>> [a.code for a in _side(usa, [usa, Actor("its allies"), gbr])], [a.code for a in _side(gbr, [])]
    (['USA', 'GBR'], ['GBR'])
    >>> pair = [Actor("both countries", code=code, country="EGY", start=5) for code in ("EGYGOV", "EGYELI")]
    >>> [a.code for a in _side(pair[0], pair)]
    ['EGYGOV']
    """
    if actor is None or actor.code is None or not any(_same(actor, other) for other in named):
        return [actor]
    side = [actor]
    for other in named:
        if other.code is None or len(side) == MAX_CONJUNCTS or any(
                other.code == a.code or (other.start == a.start and other.country == a.country) for a in side):
            continue
        side.append(other)
    return side


def _same(one: Actor | None, other: Actor | None) -> bool:
    """Whether two actors are one: the same code and name (None is no actor)."""
    return one is not None and other is not None and (one.code, one.name) == (other.code, other.name)


def _coded(event: Event) -> bool:
    """Whether the actor KB codes the source or the target of ``event``.

    >>> _coded(Event("d", 0, None, "010", {}, "", {}, source=Actor(text="The", reason="model span S")))
    False
    """
    return any(actor is not None and actor.code is not None for actor in (event.source, event.target))


def _names_place(span: Span | None) -> bool:
    """Whether ``span`` is the name of a town or region (``attributes.places.place_actor``)."""
    return span is not None and place_actor(span.root) is not None


def _improbable(event: Event, reading: Reading | None, bare: bool = False) -> bool:
    """Whether ``event`` is a compiled-dictionary reading the sentence model all but rules out (it
    gives the event's penta class less than ``DICTIONARY_FLOOR``: "embolden him" read as support),
    or one of cooperation whose sides the actor KB codes and none as political (``_political``): the
    dictionary's everyday verbs ("founded a business", "settled in Houston", "invests in houses") are
    an event only between states, governments, armed or political groups and organisations (a side
    the KB does not know may be one: "the ONLF declared a ceasefire"), or one read from the verb
    alone (``bare``: its own code, or a line that names no word around it but a preposition) with
    no source the KB codes: "the ship headed to Iran", "stringers contributed from Mogadishu"
    (PETRARCH codes an event only between two actors it knows). Hand-lexicon events stand whatever the
    model says.

    >>> import numpy as np
    >>> improbable = Event("d", 0, "SUPPORT", "051", {}, "", {}, penta_class=1, rule="CAMEO.2.0:5900", confidence=0.002)
    >>> _improbable(improbable, None), _improbable(improbable, Reading(np.array([.9, .002, 0, 0, .098]), [], None))
    (False, True)
    >>> founded = Event("d", 0, "COOPERATE", "061", {}, "", {}, quad_class=2, penta_class=2, rule="CAMEO.2.0:6113",
    ...                 target=Actor(text="Beru Corporation", code="BUS", sector="BUS"))
    >>> japan = Actor(text="Japan", code="JPN", country="JPN")
    >>> _improbable(founded, None), _improbable(dataclasses.replace(founded, source=japan), None)
    (True, False)
    """
    if not (event.rule or "").startswith(DICTIONARY_RULE):
        return False
    sides = [actor for actor in (event.source, event.target) if actor is not None and actor.code is not None]
    if bare and (event.source is None or event.source.code is None):
        return True
    return (reading is not None and _ruled_out(event.cameo, reading)) or (
        event.quad_class in COOPERATION and bool(sides) and not any(_political(actor) for actor in sides))


def _bare(pattern: Pattern) -> bool:
    """Whether a compiled-dictionary ``pattern`` reads the verb alone: the verb's own code, or a line
    that names no word around it, only a preposition ("- * (TO)": ``needs_target``); a line that
    names words before or after the verb, or in its prepositional phrase ("(IN CLASHES)"), is not."""
    return pattern.words is None and (pattern.prep is None or pattern.needs_target)


def _ruled_out(code: str, reading: Reading) -> bool:
    """Whether the sentence model gives the penta class of CAMEO ``code`` less than ``DICTIONARY_FLOOR``.

    >>> import numpy as np
    >>> reading = Reading(np.array([.9, .002, 0, 0, .098]), [], None)
    >>> _ruled_out("051", reading), _ruled_out("190", reading)
    (True, False)
    """
    return float(reading.penta[cameo_info(code).penta_class]) < DICTIONARY_FLOOR


def _political(actor: Actor | None) -> bool:
    """Whether the actor KB codes ``actor`` as a state (a country without a sector) or with a political
    sector (``POLITICAL_SECTORS``) among the three-letter parts of its code (a region's rebels: ``EAFREB``).

    >>> tourists = Actor(text="tourists", code="CHNCVL", country="CHN", sector="CVL")
    >>> _political(Actor(text="Vietnam", code="VNM", country="VNM")), _political(tourists)
    (True, False)
    >>> _political(Actor(text="the Ogaden National Liberation Front", code="EAFREB", sector="EAF"))
    True
    """
    if actor is None or actor.code is None:
        return False
    parts = {actor.code[i:i + 3] for i in range(0, len(actor.code), 3)}
    return bool(parts & POLITICAL_SECTORS) or (bool(actor.country) and not actor.sector)


def _coherent(reading: Reading) -> bool:
    """Whether the penta class of the model's event type is the one its penta head finds most probable.

    >>> import numpy as np
    >>> _coherent(Reading(np.array([0, 0, 0, .9, .1]), [], np.array([.2, .8]), ("NONE", "ACCUSE")))
    True
    """
    return cameo_info(default_code(reading.event_type, reading.penta)).penta_class == int(reading.penta.argmax())


def _other_kind(reading: Reading, events: list[Event]) -> bool:
    """Whether the model reads another kind of event in the sentence than the patterns found: none
    of their penta classes is the model's. A compiled-dictionary reading is second-guessed whatever
    the model's confidence (``"sent medical experts to the hospital"``, read as an agreement by a
    dictionary line); a hand-lexicon reading, written for news, only when the model is at least
    ``HAND_OVERRULED`` sure of a class of words other than statements ("will not lift the embargo" is a
    refusal, not a lifting; "willing to withdraw its troops" an offer), never with a deed: a verb
    that says something stays a saying, however sure the model is that the sentence is about a deed
    ("condemned the attack" is no attack), and a deed the lexicon reads stays that deed ("deploying
    300 troops to Mali" is a mobilisation, whatever other deed the detector leans to).

    >>> import numpy as np
    >>> types = np.array([.05] + [.95 / 16] * 16)
    >>> reading = Reading(np.array([.05, .05, .05, .4, .45]), [], types, ("NONE",) + ("ASSAULT",) * 16)
    >>> dictionary = Event("d", 0, "DISAPPROVE", "111", {}, "", {}, penta_class=3, rule="CAMEO.2.0:120")
    >>> hand = Event("d", 0, "DISAPPROVE", "111", {}, "", {}, penta_class=3, rule="criticize")
    >>> _other_kind(reading, [dictionary]), _other_kind(reading, [hand])
    (True, False)
    >>> lifting = Event("d", 0, "RETREAT", "085", {}, "", {}, penta_class=2, rule="lift")
    >>> refusal = Reading(np.array([.01, .01, .01, .95, .02]), [], types, reading.labels)
    >>> deed = Reading(np.array([.01, .01, .01, .02, .95]), [], types, reading.labels)
    >>> _other_kind(refusal, [lifting]), _other_kind(deed, [hand])
    (True, False)
    """
    own = int(reading.penta.argmax())
    sure = own != STATEMENTS and float(reading.penta[own]) >= HAND_OVERRULED
    return all(event.penta_class != own and ((sure and own not in MATERIAL)
                                             or (event.rule or "").startswith(DICTIONARY_RULE))
               for event in events)


def _standing(draft: Draft, speech_verbs: frozenset[str]) -> bool:
    """Whether a hand-lexicon event stands whatever the model reads: one that may not happen ("could
    attack Venezuela if talks fail" is no threat by the United States), one that did not ("Russia did
    not attack the convoy" is a negated attack, not a rejection), one that a speaker says of someone
    else (``_reported``), one read off the verb and the object its pattern names ("broke off
    diplomatic relations" is a break, however sure the model is that ties mean cooperation) or a deed
    the sentence's main verb says was done ("Israel arrested a Palestinian lawmaker" is an arrest,
    not the accusation the model reads)."""
    head = draft.candidate.head
    return not (draft.event.rule or "").startswith(DICTIONARY_RULE) and (
        draft.event.modality in ("hypothetical", "negated") or _reported(head, speech_verbs)
        or draft.candidate.pattern.object is not None
        or (draft.event.penta_class in MATERIAL and draft.event.modality == "asserted" and head.dep_ == "ROOT"))


def _reported(head: Token, speech_verbs: frozenset[str]) -> bool:
    """Whether ``head`` is what a speaker says of someone else ("Trump warned that Russia would attack"):
    a prediction, which the model's reading of the sentence as the speaker's own act must not replace.
    A speaker's own commitment ("said he will not lift the embargo") is not.

    >>> from eventwire.nlp import load
    >>> doc = load()("Trump warned that Russia would attack Ukraine. Iran said it will not lift the ban.")
    >>> _reported(doc[5], frozenset({"warn", "say"})), _reported(doc[13], frozenset({"warn", "say"}))
    (True, False)
    """
    return _reporter(head, speech_verbs) is not None


def _reporter(head: Token, speech_verbs: frozenset[str]) -> Token | None:
    """The speaker who says ``head`` of someone else (``_reported``), else None."""
    verb = next((t for t in head.ancestors if t.lemma_.lower() in speech_verbs), None)
    if verb is None:
        return None
    own, speaker = syntax.subject(head), syntax.subject(verb)
    if own is None or own.pos_ == "PRON" or speaker is None or own.lemma_.lower() == speaker.lemma_.lower():
        return None
    return speaker


def _predicate(sent: Span, speech_verbs: frozenset[str]) -> Token | None:
    """The verb an event the model finds hangs on: the root, else the verb nearest it; never a verb
    of saying (their content is the event) nor one that passes judgement on its object ("called
    the claims baseless"). None when the sentence has no other verb: the model
    does not read it."""
    verbs = [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() not in speech_verbs
             and not any(c.dep_ == "oprd" for c in t.children)]  # "called the claims baseless": a judgement
    if not verbs:
        return None
    return min(verbs, key=lambda t: (len(list(t.ancestors)), t.i))


def _model_candidate(sent: Span, found: list[Candidate], reading: Reading, speech_verbs: frozenset[str],
                     coded: frozenset[int] = frozenset(), receiving: frozenset[str] = frozenset()) -> Candidate | None:
    """The event the model reads in ``sent``, where no pattern's event was kept (``coded``: the heads of
    the patterns' events kept, which the model second-guesses rather than reads): on the trigger of a
    pattern of a type the detector finds at least ``1 / TYPE_SHARE`` as probable as its own (the most
    probable such, with the pattern's code), else on the predicate, with the code of a hand-lexicon
    pattern of that word the detector does not rule out (the hand lexicon, written for news, wins
    where it reads the word: "They demanded reforms" is a demand whatever type the model reads),
    else with the type's default CAMEO code; the verb's subject and first object-like argument, the
    other way round for a verb of ``receiving`` with a giver named by "from"."""
    probability = dict(zip(reading.labels, reading.types))
    typed = [c for c in found if cameo_info(c.cameo).plover_type is not None and c.head.i not in coded
             and not c.pattern.needs_target  # "called ..." is a call only with someone called
             and TYPE_SHARE * probability[cameo_info(c.cameo).plover_type] >= reading.type_prob]
    same = max(typed, key=lambda c: probability[cameo_info(c.cameo).plover_type], default=None)
    head = same.head if same is not None else _predicate(sent, speech_verbs)
    if head is None:
        return None
    if same is None:
        same = next((c for c in found if c.head.i == head.i and head.i not in coded and c.pattern.line is None
                     and not c.pattern.needs_target and cameo_info(c.cameo).plover_type is not None
                     and not _ruled_out(c.cameo, reading)), None)
    target = syntax.patient(head) if syntax.is_passive(head) else None  # "The hostages were released"
    target = target or next((filled for name in MODEL_TARGETS if (filled := syntax.slot(head, name)) is not None
                             and filled.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if same is not None:
        return Candidate(head=head, trigger=same.trigger, pattern=MODEL_PATTERN, cameo=same.cameo,
                         source=same.source or syntax.subject(head), target=same.target or target)
    source = syntax.subject(head)
    giver = syntax.prep_object(head, "from") if head.lemma_.lower() in receiving else None
    if giver is not None:  # "Ukraine received military aid from Germany": Germany's aid to Ukraine
        source, target = giver, source
    return Candidate(head=head, trigger=[head], pattern=MODEL_PATTERN,
                     cameo=default_code(reading.event_type, reading.penta), source=source, target=target)


def _uncoded(document: Document, sentence: Sentence, reading: Reading, role: str, token: Token | None,
             head: Token, within: Token | None = None) -> Actor | None:
    """An actor the KB does not code, named by the noun phrase of the model's first ``role`` span
    ("the" of "the hospital" stands for "the hospital"; never the event's ``head``), else by the phrase
    of ``token`` (the verb's subject or object). With ``within``, only a span inside that word's clause (the
    model tags the sentence, not one event) and not naming a town or region: where it happened is the
    place stage's, and whether a town is a target is the Coder's ``place_targets``. An impersonal pronoun
    alone ("It remains unclear ...") names no one: None."""
    first, last = (within.left_edge.idx, within.right_edge.idx + len(within.right_edge)) if within is not None \
        else (sentence.span.start_char, sentence.span.end_char)
    doc = sentence.span.doc
    span = next((s for s in reading.spans if s.role == role
                 and first <= sentence.span.start_char + s.start and sentence.span.start_char + s.end <= last
                 and (within is None or not _names_place(doc.char_span(sentence.span.start_char + s.start,
                                                                       sentence.span.start_char + s.end,
                                                                       alignment_mode="expand")))), None)
    words = None if span is None else doc.char_span(sentence.span.start_char + span.start,
                                                    sentence.span.start_char + span.end, alignment_mode="expand")
    if words is not None and words.start <= head.i < words.end:
        words = None  # the model tagged the event's own noun: "staged a dharna"
    if words is not None:
        words = trimmed(words)  # "of the secretariat", "the chief minister.": the noun phrase
    if words is not None:
        words = noun_phrase(words, stop=head)
        if syntax.charged_with(words.root, head):
            words = None  # "executed a man convicted of spying for Israel": the man, not Israel
    if words is not None:
        how = "model span"
    elif token is not None and token.pos_ in ("PROPN", "NOUN", "PRON", "NUM"):
        words = syntax.phrase(token)
        how = "syntax"
    else:
        return None
    if len(words) == 1 and words[0].lower_ in IMPERSONAL:
        return None  # "It remains unclear ...": no one
    known = document.actors.actor(words.root) if words.root.pos_ in ("PROPN", "NOUN") else None
    if known is not None and known.code and known.start == document.to_text(words.start_char):
        return known  # the span is a name the KB knows ("sent 200 tonnes of aid to Syria": SYR)
    return _named(document, words.start_char, words.end_char, f"{how} {role}")


def _apart(actor: Actor | None, *others: Actor | None) -> Actor | None:
    """``actor``, unless its words overlap those of the event's other side (``others``: its actor, or
    those of its phrase): the model tags the sentence, and in "Five soldiers were ambushed" its source
    span is the soldiers, the target.

    >>> soldiers = Actor(text="Five soldiers", code="MIL", start=0, end=13)
    >>> _apart(Actor(text="Five soldiers", start=0, end=13), soldiers), _apart(soldiers, None).code
    (None, 'MIL')
    """
    if actor is None or None in (actor.start, actor.end):
        return actor
    overlaps = any(other is not None and None not in (other.start, other.end)
                   and actor.start < other.end and other.start < actor.end for other in others)
    return None if overlaps else actor


def _named(document: Document, start: int, end: int, how: str) -> Actor:
    """An actor the KB does not code, named by the words from ``start`` to ``end`` of the parsed text."""
    start, end = document.to_text(start), document.to_text(end)
    text = document.prepared.text[start:end]
    return Actor(text=text, start=start, end=end, reason=f"{how} '{text}', not coded by the actor KB")
