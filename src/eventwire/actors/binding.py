"""Binding the arguments of one document's events to actors.

The resolver (``DocumentActors``) codes a noun phrase; the binding decides
which phrase an argument stands for and keeps what one document needs for
that: the actors met so far (each noun phrase resolved once, in document
order), pronouns bound to the speaker or state that frames them ("we" in a
spokesperson's quotation, "it" in "Iran denied that it..."), plural groups
("the two leaders": the last two people named), the sentence model's S/T
spans (read as the noun phrase their words belong to), a target implied by
the article's earlier events, and the author of an ultimatum or demand
referred back to ("rejected this ultimatum"); and, for an event's source or
target, the argument phrase that holds the actor's words (``with_argument``).

Offsets of the actors it returns are in the article's text (``to_text`` maps
an offset of the parsed text there).

>>> from eventwire.actors import ActorResolver
>>> from eventwire.nlp import load
>>> doc = load()("Iran denied that it had supplied drones to Russia.")
>>> binding = ActorBinding(ActorResolver().for_document(doc, "2025-01-01"))
>>> binding.observe(doc[:])
>>> binding.actor(doc[3]).code, binding.actor(doc[3]).reason.split(";")[0]
('IRN', "'it' stands for 'Iran'")
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from eventwire import syntax
from eventwire.records import Actor, Event

from .coref import GROUP_WORDS
from .resolver import DocumentActors

if TYPE_CHECKING:  # spaCy loads only when coding
    from spacy.tokens import Span, Token

IMPLIED_WINDOW = 3  # sentences back to look for the counterpart of an event's source
MENTION_POS = frozenset({"PROPN", "NOUN", "PRON"})
NOUNS = frozenset({"NOUN", "PROPN"})
# Words inside a noun phrase that modify its head: a model span of them stands for the whole phrase.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "flat", "nummod", "det", "predet", "quantmod"})
# Ties by which an actor's words sit in a larger argument phrase: its owner ("Theresa May's offer"),
# the name an apposition gives ("the UAE ambassador, Abdulridha Khori").
ARGUMENT_DEPS = MODIFIER_DEPS | {"poss", "appos"}
ARGUMENT_PREPS = frozenset({"of", "by", "from"})  # "the leader of ISIS", "a request by Mr. Erdogan"
# First-person words of a quotation: True for the speaker themself ("I"), False for the speaker's group ("we").
SPEAKER_WORDS = {"i": True, "me": True, "we": False, "us": False}
SPEAKER_OWNERS = frozenset({"our", "my"})  # "our forces": the speaker's country's forces
OWNER_PRONOUNS = frozenset({"its", "their"})  # "Russia said its troops ...": Russia's troops
# Nouns by which "the group" points back to the organisation last named ("The Taliban claimed the
# attack. The group said ..."); the sectors such an organisation has.
GROUP_NOUNS = frozenset({"group", "organisation", "organization", "movement", "militia", "outfit", "faction"})
GROUP_REACH = 100  # words back at most to the organisation "the group" stands for (a few sentences)
GROUP_SECTORS = frozenset({"REB", "INS", "SEP", "UAF", "OPP", "PTY", "NGO", "CRM", "RAD"})
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019 "


class RoleSpan(Protocol):
    """A span the sentence model tagged: ``role`` S (source) or T (target), offsets in its sentence."""

    role: str
    start: int
    end: int
    text: str


def _organisation(actor: Actor) -> bool:
    """Whether ``actor`` is a named organisation of a kind "the group" may mean: an armed, political,
    criminal or civic group (its sector), or one the KB codes as a transnational group (IMG, NGO).

    >>> _organisation(Actor("the Taliban", code="AFGREB", country="AFG", sector="REB", name="Taliban"))
    True
    >>> _organisation(Actor("Iran", code="IRN", country="IRN", name="Iran"))
    False
    """
    code = actor.code or ""
    return (actor.sector or "")[:3] in GROUP_SECTORS or code.startswith(("IMG", "NGO"))


class ActorBinding:
    """The actors of one document's arguments; call ``observe`` on each sentence in order first.

    ``speech_verbs``: the verbs of saying whose speaker "we"/"I" stands for in a quotation
    (the lexicon's ``speech_verbs``; without them a first-person pronoun names no one).
    """

    def __init__(self, actors: DocumentActors, to_text: Callable[[int], int] = lambda offset: offset,
                 speech_verbs: frozenset[str] = frozenset()) -> None:
        self.actors = actors
        self.to_text = to_text
        self.speech_verbs = speech_verbs
        self._known: dict[int, Actor | None] = {}  # token index -> the actor its phrase names
        self._groups: dict[int, list[Actor]] = {}  # token index -> the people a plural phrase stands for
        # The state or group the last sentence was about (its main clause's subject), and whether it
        # was named in the plural: what a sentence-opening "it"/"its" ("they"/"their") stands for.
        self._previous: tuple[Actor, bool] | None = None
        self._last_group: tuple[Actor, int] | None = None  # the organisation named last, and its word: "the group"

    def observe(self, sent: Span) -> None:
        """Resolve every noun phrase of ``sent`` in order, so coreference sees them all; then note
        the state or group that is its main clause's subject, for the next sentence's "it".

        >>> from eventwire.actors import ActorResolver
        >>> from eventwire.nlp import load
        >>> doc = load()("Russia denied the report. Its troops shelled Kharkiv.")
        >>> binding = ActorBinding(ActorResolver().for_document(doc, "2022-05-01"))
        >>> for sent in doc.sents:
        ...     binding.observe(sent)
        >>> binding.actor(doc[6]).code
        'RUSMIL'
        """
        for token in sent:
            if token.pos_ in MENTION_POS and token.dep_ not in ("compound", "flat"):
                self.actor(token)
        main = syntax.subject(sent.root) if sent.root.pos_ in ("VERB", "AUX") else None
        actor = self.actor(main) if main is not None else None
        self._previous = None if actor is None or actor.code is None or self.names_person(main) \
            else (actor, main.tag_ in ("NNS", "NNPS") or main.lower_ == "they")

    def names_person(self, head: Token) -> bool:
        """Whether the phrase headed by ``head`` names a person (a pronoun of one, a name, or a
        description the resolver took for one: "the minister"), whom "it" never stands for."""
        words = syntax.phrase(head)
        return (head.pos_ == "PRON" and head.lower_ not in syntax.GROUP_PRONOUNS) \
            or any(t.ent_type_ == "PERSON" for t in words) or self.actors.coref.known(words.start_char)

    def actor(self, head: Token) -> Actor | None:
        """The actor the noun phrase headed by ``head`` names (a pronoun bound to it), or None."""
        if head.i not in self._known:
            span = syntax.phrase(head)
            lowered = {t.lower_ for t in span}
            if head.tag_ in ("NNS", "NNPS") and ("both" in lowered or ("the" in lowered and lowered & GROUP_WORDS)):
                self._known[head.i] = None
                self._groups[head.i] = self._group(span)
            elif head.pos_ == "PRON" and head.lower_ in syntax.FIRST_PERSON:  # "us", not "the US"
                self._known[head.i] = self._bound(head, self.speech_verbs)
            elif head.lower_ in syntax.GROUP_PRONOUNS and head.dep_ in ("nsubj", "nsubjpass"):
                self._known[head.i] = self._bound(head, None) or self._pronoun_for(
                    head, self._antecedent(head, head), "of the sentence before")
            elif self._last_group is not None and head.i - self._last_group[1] <= GROUP_REACH \
                    and head.lemma_.lower() in GROUP_NOUNS and [t.lower_ for t in span] == ["the", head.lower_]:
                self._known[head.i] = self._described(span, self._last_group[0])
            else:
                actor = self.actors.resolve(span)
                if actor is not None and actor.country is None and actor.code == actor.sector:
                    actor = self._owned(head, actor)
                self._known[head.i] = self._located(actor) if actor is not None else None
                if actor is not None and actor.name and _organisation(actor) and not self.names_person(head):
                    self._last_group = (actor, head.i)
        return self._known[head.i]

    def _described(self, span: Span, group: Actor) -> Actor:
        """``group`` as "the group" (``span``) points back to it ("The Taliban claimed the attack. The
        group said ...": AFGREB)."""
        start = self.to_text(span.start_char)
        return Actor(**{**group.to_dict(), "text": span.text, "start": start, "end": start + len(span.text),
                        "argument": None, "reason": f"'{span.text}' stands for '{group.name}', the organisation "
                                                    f"named last; {group.reason}"})

    def _owned(self, head: Token, actor: Actor) -> Actor:
        """``actor`` (a sector alone: "its troops", MIL) with the country of the state "its" or
        "their" stands for: the subject of the clause that frames it ("Russia said its troops had
        shelled Kharkiv": RUSMIL), else of the verb it hangs on ("Israel sent its troops into Gaza")."""
        pronoun = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS), None)
        if pronoun is None:
            return actor
        subject = syntax.framing_subject(pronoun)
        verb = next((t for t in head.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if subject is None and verb is not None and head.dep_ not in syntax.SUBJECTS:
            subject = syntax.subject(verb)
        if subject is None:
            owner = self._antecedent(pronoun, head)  # "Russia denied it. Its troops ...": Russia's
        elif subject.i == head.i or any(t.ent_type_ == "PERSON" for t in syntax.phrase(subject)) \
                or (subject.pos_ == "PRON" and subject.lower_ not in syntax.GROUP_PRONOUNS):
            return actor  # "it" and "they" do not stand for a named person
        else:
            owner = self.actor(subject)
        if owner is None or owner.country is None:
            return actor
        return Actor(**{**actor.to_dict(), "code": owner.country + actor.code, "country": owner.country,
                        "reason": f"{actor.reason}; '{pronoun.text}' stands for '{owner.name or owner.text}' "
                                  f"({owner.country})"})

    def resolve(self, token: Token | None) -> list[Actor]:
        """Actors for the noun phrase headed by ``token`` (several for "X and Y", "the two leaders",
        ``coordinated``), ``token``'s first."""
        if token is None:
            return []
        found: list[Actor] = []
        for head in coordinated(token):
            actor = self.actor(head)
            if actor is not None:
                found.extend(self._each_country(head, actor))
            found.extend(self._groups.get(head.i, []))
        return found

    def _each_country(self, head: Token, actor: Actor) -> list[Actor]:
        """``actor`` once for each country its phrase names together ("Chinese and Indian troops",
        "the foreign ministers of Egypt and Jordan": CHNMIL and INDMIL, EGYGOV and JORGOV), else alone.

        >>> from eventwire.actors import ActorResolver
        >>> from eventwire.nlp import load
        >>> doc = load()("Chinese and Indian troops clashed on the border.")
        >>> [a.code for a in ActorBinding(ActorResolver().for_document(doc, "2020-06-16")).resolve(doc[3])]
        ['CHNMIL', 'INDMIL']
        """
        owners = [c for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                  for c in prep.children if c.dep_ == "pobj"] if head.tag_ in ("NNS", "NNPS") else []
        joined = next((c for c in (*head.children, *owners) if c.dep_ in ("amod", "compound", "nmod", "pobj")
                       and c.conjuncts), None)
        if joined is None or actor.country is None:
            return [actor]
        countries: list[str] = []
        for word in sorted((joined, *joined.conjuncts), key=lambda t: t.i):
            named = self.actors.resolve(word.doc[word.i:word.i + 1])
            if named is None or named.country is None or named.sector:
                return [actor]  # "Chinese and foreign troops": one country
            countries.append(named.country)
        if actor.country not in countries:
            return [actor]
        return [actor if country == actor.country else
                Actor(**{**actor.to_dict(), "code": country + (actor.sector or ""), "country": country,
                         "reason": f"{actor.reason}; '{joined.text}' named with '{country}'"})
                for country in dict.fromkeys(countries)]

    def argument(self, token: Token | None) -> list[Actor]:
        """Actors of an argument, else of its owner: "Argentina's proposal" gives Argentina."""
        found = self.resolve(token)
        if not found and token is not None:
            found = self.resolve(syntax.owner(token))
        return found

    def model_actor(self, sent: Span, spans: Sequence[RoleSpan], role: str, other: Actor | None,
                    head: Token) -> Actor | None:
        """The actor of the model's first ``role`` span inside the clause of ``head`` that the KB
        codes and ``other`` does not cover (the model tags the sentence, not one event): the noun
        phrase its words belong to ("Sudanese" in "Sudanese authorities": SDNGOV), else its own words;
        a phrase whose owner is "its" or "their" as the binding reads it ("Its foreign ministry": the
        state the pronoun stands for). A span in what an argument is charged with ("executed a man
        convicted of spying for Israel") is no side of the event."""
        for span in spans:
            if span.role != role:
                continue
            words = sent.doc.char_span(sent.start_char + span.start, sent.start_char + span.end,
                                       alignment_mode="expand")
            if words is None:
                continue
            words = trimmed(words)
            phrase = noun_phrase(words, stop=head)
            if phrase.start < head.left_edge.i or phrase.end > head.right_edge.i + 1 \
                    or syntax.charged_with(phrase.root, head) \
                    or (other is not None and other.start is not None
                        and self.to_text(phrase.start_char) < other.end
                        and other.start < self.to_text(phrase.end_char)):
                continue
            if any(c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS for c in phrase.root.children):
                owned = self.actor(phrase.root)
                if owned is not None:
                    return dataclasses.replace(owned, reason=f"model {role} span '{span.text}'; {owned.reason}")
            actor = self.actors.resolve(phrase)
            if actor is None and phrase != words:
                actor = self.actors.resolve(words)
            if actor is not None:
                actor = self._located(actor)
                actor.reason = f"model {role} span '{span.text}'; {actor.reason}"
                return actor
        return None

    @staticmethod
    def implied_target(source: Actor | None, sentence: int, earlier: Sequence[Event]) -> Actor | None:
        """The counterpart of ``source`` in the latest of the ``earlier`` events (in text order)
        that involves it, at most ``IMPLIED_WINDOW`` sentences back."""
        if source is None or source.country is None:
            return None
        for event in reversed(earlier):
            if sentence - event.sentence > IMPLIED_WINDOW:
                break
            pair = [event.source, event.target]
            for me, other in (pair, pair[::-1]):
                if me is not None and other is not None and me.country == source.country \
                        and other.country != source.country:
                    return Actor(**{**other.to_dict(), "start": None, "end": None, "argument": None,
                                    "reason": f"implied: counterpart in event {event.id}"})
        return None

    @staticmethod
    def referenced_author(noun: Token | None, earlier: Sequence[tuple[Event, Token]]) -> Actor | None:
        """Who made the ultimatum/demand/offer that ``noun`` refers back to ("rejected this ultimatum"):
        the source of the latest of the ``earlier`` (event, trigger head) pairs with its lemma, the
        latest whose source the KB codes first ("condemned the attack" after "Taliban insurgents
        attacked ..." and a quote's "The enemy attacked our post": the Taliban)."""
        if noun is None:
            return None
        lemma = noun.lemma_.lower()
        authored = [event for event, trigger in reversed(earlier)
                    if trigger.lemma_.lower() == lemma and event.source is not None]
        event = next((e for e in authored if e.source.code is not None), authored[0] if authored else None)
        if event is None:
            return None
        return Actor(**{**event.source.to_dict(), "start": None, "end": None, "argument": None,
                        "reason": f"author of the {lemma} in event {event.id}"})

    def quoted(self, actor: Actor | None, pronoun: Token | None, speaker: Actor,
               quotation: tuple[int, int]) -> Actor | None:
        """What a first-person side of an event inside a direct quotation stands for, the quotation's
        speaker being ``speaker`` (coded): "I"/"me" the speaker, "we"/"us" the speaker's group (the
        speaker's code, without the person's name); "our forces"/"my government" (a sector the KB found
        without a country) that sector of the speaker's country, where the speaker has one. ``actor``
        is the event's side, None where nothing named it (``pronoun`` is then the word the syntax
        found for it); ``quotation``: the quotation's offsets in the article text. None where there
        is nothing to bind: a side outside the quotation, one coded already (a pronoun the syntax bound
        through its framing verb), a third-person or no pronoun. Continuing paragraphs of a long
        quotation, which name their speaker once, are what it is for (``pipeline/attribution.py``).

        >>> from eventwire.actors import ActorResolver
        >>> from eventwire.nlp import load
        >>> doc = load()('"We shelled their positions. Our troops advanced."')
        >>> binding = ActorBinding(ActorResolver().for_document(doc, "2023-03-01"))
        >>> speaker = Actor("Oleksii Reznikov", "UKRGOV", "UKR", "GOV", "Oleksii Reznikov")
        >>> we = binding.quoted(None, doc[1], speaker, (0, 52))
        >>> we.code, we.name, we.reason
        ('UKRGOV', None, "'We' stands for the quoted speaker 'Oleksii Reznikov' (UKRGOV)")
        >>> troops = binding.actor(doc[7])
        >>> troops.code, binding.quoted(troops, doc[7], speaker, (0, 52)).code
        ('MIL', 'UKRMIL')
        >>> binding.quoted(None, doc[1], speaker, (2, 52)) is None  # "We" outside the quotation
        True
        """
        who = f"the quoted speaker '{speaker.name or speaker.text}' ({speaker.code})"
        if actor is None and pronoun is not None and pronoun.pos_ == "PRON" and pronoun.lower_ in SPEAKER_WORDS:
            start = self.to_text(pronoun.idx)
            words = {"text": pronoun.text, "start": start, "end": start + len(pronoun)}
            actor = Actor(**words, argument=words)
        if actor is None or actor.start is None or not quotation[0] <= actor.start < quotation[1]:
            return None
        word = actor.text.strip(QUOTE_MARKS)  # a model span may hold the quote mark: '"I'
        if actor.code is None and word.lower() in SPEAKER_WORDS:
            person = SPEAKER_WORDS[word.lower()]
            start = actor.start + actor.text.index(word)
            return dataclasses.replace(actor, text=word, start=start, end=start + len(word), code=speaker.code,
                                       country=speaker.country, sector=speaker.sector,
                                       name=speaker.name if person else None,
                                       wikidata=speaker.wikidata if person else None,
                                       reason=f"'{word}' stands for {who}")
        owned = {part.strip(QUOTE_MARKS).lower() for part in actor.text.split()} & SPEAKER_OWNERS
        if actor.code is not None and actor.code == actor.sector and actor.country is None \
                and speaker.country and owned:
            code = speaker.country + actor.code
            country, sector = self.actors.kb.country_of(code)
            return dataclasses.replace(actor, code=code, country=country, sector=sector, name=None,
                                       reason=f"'{owned.pop()}' stands for {who}: {speaker.country} + {actor.code}; "
                                              f"{actor.reason}")
        return None

    def _bound(self, pronoun: Token, verbs: frozenset[str] | None) -> Actor | None:
        """The actor a pronoun stands for in a reported clause: "we" in a speaker's
        quotation (``verbs``: the verbs of saying), "it"/"they" in what a state or
        group said or denied it did (any framing verb)."""
        subject = syntax.framing_subject(pronoun, verbs)
        if subject is None or (verbs is None and any(t.ent_type_ == "PERSON" for t in syntax.phrase(subject))):
            return None  # "it" and "they" do not stand for a named person
        return self._pronoun_for(pronoun, self.actor(subject))

    def _antecedent(self, pronoun: Token, head: Token) -> Actor | None:
        """The state or group of the last sentence's main clause that a pronoun opening this one
        stands for ("Iran rejected the charges. It said ...": Iran); "it"/"its" only for one named
        in the singular, "they"/"their" only for one named in the plural. ``head``: the phrase the
        pronoun is the subject or owner of, which must be the subject of the sentence's main verb
        (or of a verb conjoined with it); None otherwise."""
        verb = head.head
        if self._previous is None or head.dep_ not in ("nsubj", "nsubjpass") \
                or not (verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")):
            return None
        actor, plural = self._previous
        return actor if plural == (pronoun.lower_ in ("they", "their")) else None

    def _pronoun_for(self, pronoun: Token, actor: Actor | None, note: str = "") -> Actor | None:
        """``actor`` as named by ``pronoun`` (its words and offsets), the reason saying so."""
        if actor is None:
            return None
        start = self.to_text(pronoun.idx)
        said = f"'{pronoun.text}' stands for '{actor.text}'" + (f" {note}" if note else "")
        return Actor(**{**actor.to_dict(), "text": pronoun.text, "start": start, "end": start + len(pronoun),
                        "reason": f"{said}; {actor.reason}"})

    def _located(self, actor: Actor) -> Actor:
        if actor.start is not None:
            actor.start = self.to_text(actor.start)
            actor.end = self.to_text(actor.end)
        return actor

    def _group(self, span: Span) -> list[Actor]:
        """The people a plural description ("the two leaders") points back to."""
        people = self.actors.last_people(span.start_char, 2)
        return [Actor(**{**m.actor.to_dict(), "text": span.text,
                         "start": self.to_text(span.start_char),
                         "end": self.to_text(span.end_char),
                         "reason": f"one of '{span.text}' -> {m.name}; {m.actor.reason}"})
                for m in people if m.actor is not None]

    def with_argument(self, actor: Actor | None, sent: Span, event_words: set[int]) -> Actor | None:
        """A copy of ``actor`` with its ``argument``: the noun phrase of ``sent`` that holds the
        actor's words and fills the event's slot, climbing from them through the phrase's
        modifiers, its owner, an apposition and "of"/"by" ("Theresa May's offer", "a request by
        Mr. Erdogan"), never onto ``event_words`` (the trigger: in "Russia's attack on Ukraine" the
        source is "Russia"); for a pronoun, the phrase of ``sent`` that names the same actor, the
        nearest before it, else after it ("The Pentagon said it hit ...", "Netanyahu says he will
        seek ..."). The actor unchanged when it is not in ``sent``.

        >>> from eventwire.actors import ActorResolver
        >>> from eventwire.nlp import load
        >>> doc = load()("Labour rejected Theresa May's offer.")
        >>> binding = ActorBinding(ActorResolver().for_document(doc, "2019-05-01"))
        >>> may = binding.actor(doc[3])
        >>> may.text, binding.with_argument(may, doc[:], {1}).argument["text"]
        ('Theresa May', "Theresa May's offer")
        """
        if actor is None or actor.start is None:
            return actor
        inside = [t for t in sent if actor.start <= self.to_text(t.idx) and self.to_text(t.idx + len(t)) <= actor.end]
        if not inside:
            return actor
        words = sent.doc[inside[0].i: inside[-1].i + 1]
        head = words.root
        named = self._named(head, actor, sent) if head.pos_ == "PRON" else None
        if named is not None:  # "The Pentagon said it hit ...": the name
            words, head = sent.doc[named.i: named.i + 1], named
        while head.head.i != head.i:
            up = head.head
            if head.dep_ == "pobj" and up.lower_ in ARGUMENT_PREPS and up.dep_ == "prep":
                up = up.head
            elif head.dep_ not in ARGUMENT_DEPS:
                break
            if up.pos_ not in NOUNS or up.i in event_words:
                break
            head = up
        phrase = _closed(_with_appositions(head, syntax.phrase(head)))
        start, end = min(phrase.start, words.start), max(phrase.end, words.end)
        if any(start <= i < end for i in event_words):
            start, end = words.start, words.end
        span = sent.doc[start:end]
        first, last = self.to_text(span.start_char), self.to_text(span.end_char)
        return dataclasses.replace(actor, argument={"text": span.text, "start": first, "end": last})



    def _named(self, pronoun: Token, actor: Actor, sent: Span) -> Token | None:
        """The head of the phrase of ``sent`` nearest ``pronoun`` (before it first) that names ``actor``."""
        if actor.code is None and actor.name is None:
            return None
        found = [sent.doc[i] for i, known in self._known.items() if sent.start <= i < sent.end and i != pronoun.i
                 and known is not None and sent.doc[i].pos_ != "PRON"
                 and (known.code, known.name) == (actor.code, actor.name)]
        return min(found, key=lambda t: (t.i > pronoun.i, abs(t.i - pronoun.i)), default=None)


def coordinated(token: Token) -> list[Token]:
    """``token`` and the heads of the noun phrases coordinated with it: its conjuncts ("X, Y and Z"),
    and a second subject of its verb after an "and" the parser left hanging on ``token`` or its
    apposition ("Britain's foreign minister, Boris Johnson, and his French counterpart criticized ...":
    two subjects). Not an apposition's conjuncts: "Nenad Stevandic, president of the assembly and a
    close ally of Dodik" is one man.

    >>> from eventwire.nlp import load
    >>> doc = load()("Britain's foreign minister, Boris Johnson, and his French counterpart criticized Russia.")
    >>> [t.text for t in coordinated(doc[3])]
    ['minister', 'counterpart']
    """
    heads = syntax.conjuncts(token)
    hanging = any(any(c.dep_ == "cc" for c in t.children) and not any(c.dep_ == "conj" for c in t.children)
                  for t in (token, *(c for c in token.children if c.dep_ == "appos")))
    if hanging and len(heads) == 1 and token.dep_ in ("nsubj", "nsubjpass"):
        heads += [c for c in token.head.children if c.dep_ == token.dep_ and c.i > token.i and c.pos_ in MENTION_POS]
    return heads


def trimmed(words: Span) -> Span:
    """``words`` (a span the sentence model tagged) without the prepositions it opens with and the
    punctuation it ends with: its span of "in front of the secretariat" is often "of the
    secretariat", and a span at the end of a sentence may take in the full stop.

    >>> from eventwire.nlp import load
    >>> doc = load()("They froze the assets of three officials.")
    >>> trimmed(doc[4:7]).text, trimmed(doc[5:8]).text
    ('three officials', 'three officials')
    >>> trimmed(load()("The Civil Liberty Organization (CLO) demanded a trial.")[:7]).text
    'The Civil Liberty Organization (CLO)'

    """
    while len(words) > 1 and words[0].pos_ == "ADP":
        words = words[1:]
    while len(words) > 1 and words[-1].is_punct and not words[-1].is_right_punct:
        words = words[:-1]  # a full stop or comma, not the bracket that closes "(CLO)"
    return words


def noun_phrase(words: Span, stop: Token | None = None) -> Span:
    """The noun phrase that ``words`` (a span the sentence model tagged) belong to: from their
    head up through the modifiers of a noun to the noun heading them, and that noun's phrase;
    never up to ``stop`` (an event noun: "the ISIS attack" is no actor), nor across it. Not from
    "of" up: "of his party" in "resigned as leader of his party" names the party, not its leader.

    >>> from eventwire.nlp import load
    >>> doc = load()("Sudanese authorities must ensure security.")
    >>> noun_phrase(doc[0:1]).text
    'Sudanese authorities'
    """
    head = words.root
    while head.dep_ in MODIFIER_DEPS and head.head.pos_ in NOUNS and head.head.i != head.i \
            and (stop is None or head.head.i != stop.i):
        head = head.head
    phrase = _closed(syntax.phrase(head))
    start, end = min(phrase.start, words.start), max(phrase.end, words.end)
    if stop is not None and start <= stop.i < end:
        return words
    return words.doc[start:end]


def _closed(phrase: Span) -> Span:
    """``phrase`` with the bracket that closes one it opens: "Lesotho Defence Force (LDF)"."""
    doc = phrase.doc
    if phrase.end < len(doc) and doc[phrase.end].text == ")" and \
            sum(t.text == "(" for t in phrase) > sum(t.text == ")" for t in phrase):
        return doc[phrase.start:phrase.end + 1]
    return phrase


def _with_appositions(head: Token, phrase: Span) -> Span:
    """``phrase`` and the appositions of its ``head`` after it ("the UAE ambassador, Abdulridha Khori")."""
    end = max([phrase.end, *(syntax.phrase(c).end for c in head.children if c.dep_ == "appos" and c.i >= phrase.end)])
    doc = phrase.doc
    while end > phrase.end and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[phrase.start:end]
