"""Did the event happen? One of ``MODALITIES``.

- ``asserted``: it happened as far as the sentence goes ("troops attacked").
- ``negated``: the sentence says it did not ("did not attack", "denied
  attacking", "refused to meet", "without firing a shot"). Two negations cancel
  ("did not deny that its forces struck").
- ``hypothetical``: possible or conditional, not stated as fact ("if Maduro were
  to step down", "it is unclear whether", "could strike", "refused to rule out
  strikes", the main clause of an if-clause: "will retaliate if attacked").
- ``future``: announced, intended or threatened but not yet done ("will meet",
  "plans to visit", "threatened to strike": the strike, not the threat; "said it
  would send troops"; the headline's "to"-future: "Putin to visit China").
- ``question``: asked, not stated ("Will Iran retaliate?").

PLOVER's auxiliary modes map as future -> ``future``, hypothetical ->
``hypothetical``, negation -> ``negated``. The words behind each rule are in
``data/cues.yaml`` (section ``modality``).

>>> from eventwire.nlp import load
>>> doc = load()("It is unclear whether Russia will attack Ukraine.")
>>> modality(doc[6])
'hypothetical'
>>> doc = load()("Israel refused to rule out further strikes on Iran.")
>>> modality(doc[6])
'hypothetical'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads only when coding
    from spacy.tokens import Token

from . import cues

MODALITIES = ("asserted", "negated", "hypothetical", "future", "question")

CLAUSE_LINKS = {"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj",
                "dobj", "nsubj", "nsubjpass", "attr", "appos", "compound", "amod", "npadvmod",
                "agent", "parataxis", "acomp", "oprd"}
# Links by which an event is the complement of the clause above it ("refused to meet",
# "denied reports that", "threatened to strike", "without firing").
COMPLEMENT_LINKS = {"xcomp", "ccomp", "dobj", "acl", "pcomp", "pobj", "prep", "oprd"}
VERBAL = {"VERB", "AUX"}
ATTACHED_CLAUSES = {"advcl", "relcl", "acl"}  # clauses that say when, why or which, not what is negated
# Links by which a clause hangs from another one: dates and places stop there.
CLAUSE_BOUNDARIES = {"ccomp", "parataxis", "advcl", "relcl", "conj", "acl"}


def governing_path(trigger: Token) -> list[Token]:
    """The trigger and the tokens above it, up to the sentence root."""
    path = [trigger]
    while path[-1].head.i != path[-1].i and path[-1].dep_ in CLAUSE_LINKS:
        path.append(path[-1].head)
    return path


def clause_path(trigger: Token) -> list[Token]:
    """The trigger and the tokens above it within its clause: up to (and with) the verb
    that heads it, stopping before a clause that reports, coordinates or subordinates it."""
    path = [trigger]
    while path[-1].head.i != path[-1].i and path[-1].dep_ not in CLAUSE_BOUNDARIES:
        path.append(path[-1].head)
    return path


def _own_clause(path: list[Token]) -> int:
    """How many tokens of ``path`` belong to the trigger's own clause: its verb and xcomp chain, and
    the verb a conjunct without a subject of its own shares its auxiliaries and negation with
    ("may have to consider it or ask the U.S.": "ask" is as uncertain as "consider").

    >>> from eventwire.nlp import load
    >>> doc = load()("Seoul may build weapons or ask the U.S. for help, and Tokyo refused.")
    >>> _own_clause(governing_path(doc[5])), _own_clause(governing_path(doc[13]))
    (2, 1)
    """
    for position, token in enumerate(path):
        shared = token.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        if token.pos_ in VERBAL and token.dep_ not in ("xcomp", "aux") and not shared:
            return position + 1
    return len(path)


def _is_backshifted(verb: Token, table: dict) -> bool:
    """'would' in what someone said ("said it would retaliate") is a future, not a hypothetical."""
    return verb.dep_ in ("ccomp", "xcomp", "parataxis") and verb.head.lemma_.lower() in table["reporting_verbs"]


def _headline_infinitive(verb: Token, table: dict) -> bool:
    """A "to"-infinitive with its own subject heading a sentence, or what it reports, or hanging from
    a verbless sentence's head noun, its subject as spaCy parses "Turkey to send troops": the
    headline future ("Putin to visit China", "Putin to visit China, Kremlin says")."""
    head = verb.head
    if verb.dep_ in ("acl", "relcl"):
        return head.head.i == head.i and head.pos_ in ("NOUN", "PROPN", "PRON")
    reported = verb.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in table["reporting_verbs"]
    heads = head.i == verb.i or reported
    return heads and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _frames(verb: Token, table: dict) -> bool:
    """A verb of saying or intent with a clause of its own: an if-clause on it conditions
    that clause ("threatened to strike if the drills continued"), not the threat."""
    return verb.lemma_.lower() in table["reporting_verbs"] + table["intent_verbs"] and any(
        c.dep_ in ("xcomp", "ccomp") for c in verb.children)


def _detached(path: list[Token], own: int, table: dict) -> bool:
    """A noun event whose clause verb is not its own act ("has not commented on the attack"):
    that verb's negation and modals say nothing of the event ("did not launch attacks" does)."""
    verb = path[own - 1]
    return path[0].pos_ in ("NOUN", "PROPN") and path[0].dep_ not in ("nsubj", "nsubjpass") \
        and verb.i != path[0].i and verb.pos_ in VERBAL \
        and verb.lemma_.lower() not in table["carrying_verbs"] + table["intent_verbs"] + table["negating_verbs"]


def detached_noun(trigger: Token) -> bool:
    """Whether ``trigger`` is a noun event whose clause verb is not its own act (see ``_detached``).

    >>> from eventwire.nlp import load
    >>> doc = load()("Russia has not commented on the attack in Kyiv.")
    >>> detached_noun(doc[6])
    True
    """
    path = governing_path(trigger)
    return _detached(path, _own_clause(path), cues.load()["modality"])


def modality(trigger: Token) -> str:
    """The modality of the event whose trigger head is ``trigger``."""
    table = cues.load()["modality"]
    path = governing_path(trigger)
    own = _own_clause(path)
    hypothetical = conditional = future = possibility = False
    flips = 0
    detached = _detached(path, own, table)
    for position, token in enumerate(path):
        in_clause = position < own
        above = path[position - 1] if position else None
        # a negation above an adverbial or relative clause does not reach into it: "the gunman who shot
        # the mayor was not arrested", "did not comment after troops shelled the town"
        attached = any(below.dep_ in ATTACHED_CLAUSES for below in path[:position])
        lemma = token.lemma_.lower()
        for c in token.children:
            lower = c.lower_
            if detached and 0 < position < own and c.dep_ in ("neg", "aux", "nsubj", "nsubjpass"):
                continue
            if c.dep_ == "mark" and lower in table["hypothetical_marks"]:
                conditional = True
            if in_clause and c.dep_ in ("nsubj", "nsubjpass") and (
                    c.lower_ in table["negative_subjects"] or any(
                        d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
                flips += 1  # "nobody attacked", "no state condemned"
            if position and c.dep_ == "acomp" and c.lemma_.lower() in table["uncertain_heads"]:
                conditional = True  # "it is possible that ..."
            if in_clause and c.dep_ == "advcl" and not _frames(token, table) and any(
                    m.dep_ == "mark" and m.lower_ in table["condition_marks"] for m in c.children):
                conditional = True  # main clause of a condition: "will retaliate if attacked"
            if c.dep_ == "neg" and c.norm_ in table["negations"] and (in_clause or token.pos_ in VERBAL) \
                    and not attached:
                flips += 1
            if in_clause and c.dep_ == "det" and lower == "no" and token.i == trigger.i:
                flips += 1
            if c.dep_ == "aux" and token.pos_ in VERBAL and (in_clause or position == own):
                if lower in table["hypothetical_modals"]:
                    if lower in table["backshift_modals"] and _is_backshifted(token, table):
                        future = True
                    else:
                        hypothetical = True
                if lower in table["future_modals"]:
                    future = True
                if lower in table["infinitive_future"] and _headline_infinitive(token, table):
                    future = True
            if in_clause and c.dep_ == "amod" and lower in table["future_adjectives"] and token.i == trigger.i:
                future = True
        if position == 0:
            continue
        governs = above is not None and above.dep_ in COMPLEMENT_LINKS
        if lemma in table["uncertain_heads"]:
            conditional = True
        if governs and lemma in table["negating_verbs"]:
            flips += 1
        if governs and lemma in table["ruling_out"] and any(
                c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
            flips += 1
            possibility = True
        if governs and token.lower_ in table["negating_prepositions"]:
            flips += 1
        if governs and token.lower_ == "against" and token.head.lemma_.lower() in table["cautioning_verbs"]:
            conditional = True  # "warned the US against attacking Iran": the attack is a possibility
        if governs and token.lower_ == "of" and token.head.lemma_.lower() in table["possibility_nouns"]:
            conditional = True  # "a danger of Iranian attacks": the attacks may come
        if governs and lemma in table["intent_verbs"]:
            future = True
    question = trigger.sent.text.rstrip().rstrip('"\u201d\'').endswith("?")
    if conditional or (hypothetical and not question) or (possibility and flips % 2 == 0):
        return "hypothetical"
    if flips % 2 == 1:
        return "negated"
    if question:
        return "question"  # a modal question ("Could China invade?") is still a question
    return "future" if future else "asserted"


def refuses(trigger: Token) -> bool:
    """True when a negated act is a refusal, which CAMEO codes as REJECT: the trigger's own verb
    (or the verb that carries its noun: "will not sign the deal") is negated with a modal of the
    future ("will not release", "won't lift", "said it would not negotiate"), or a negated verb of
    will governs it ("does not want to meet"; ``refusing_heads``). A plain negation ("did not
    free", "has never recognized") is no refusal: the act's modality is ``negated``.

    >>> from eventwire.nlp import load
    >>> [refuses(load()(text)[3]) for text in ("Iran will not free the sailors.", "Iran did not free the sailors.")]
    [True, False]
    >>> refuses(load()("Trump does not want to meet Kim.")[5])
    True
    """
    table = cues.load()["modality"]

    def negated(verb: Token) -> bool:
        return any(c.dep_ == "neg" and c.norm_ in table["negations"] for c in verb.children)

    trigger = _carrying_verb(trigger, table)
    if negated(trigger):
        return _future_modal(trigger, table)
    head = trigger.head
    return trigger.dep_ == "xcomp" and head.lemma_.lower() in table["refusing_heads"] and negated(head)


def threatens(trigger: Token) -> bool:
    """True when an act is announced on a condition, which CAMEO codes as the threat of it: the
    trigger's own verb (or the verb that carries its noun: "will impose sanctions if") has a modal
    of the future and an if- or unless-clause ("Russia will attack Ukraine unless Kyiv withdraws",
    "said it would impose sanctions if Iran did not stop"). An act in the condition itself ("if
    Russia attacked") or under a modal of possibility ("could strike if") is no threat.

    >>> from eventwire.nlp import load
    >>> [threatens(load()(text)[2]) for text in ("Russia will attack Ukraine unless Kyiv withdraws.",
    ...                                          "Russia could attack Ukraine if talks fail.")]
    [True, False]
    """
    table = cues.load()["modality"]
    trigger = _carrying_verb(trigger, table)
    return _future_modal(trigger, table) and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in table["condition_marks"] for m in c.children)
        for c in trigger.children)


def _carrying_verb(trigger: Token, table: dict) -> Token:
    """The verb that carries a noun trigger as its object ("will not sign the deal": sign), else the trigger."""
    if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in table["carrying_verbs"]:
        return trigger.head
    return trigger


def _future_modal(verb: Token, table: dict) -> bool:
    """Whether ``verb`` has a modal of the future, a backshifted one included ("will", "would")."""
    modals = set(table["future_modals"]) | set(table["backshift_modals"])
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)
