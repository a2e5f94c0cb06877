"""Finding event candidates in a parsed sentence.

Every verb and event noun of the sentence is matched against the lexicon; a
match becomes a :class:`Candidate` that names the trigger tokens, the CAMEO
code, the pattern that fired and the tokens heading the source and target
noun phrases (actors are bound later, by the pipeline's actors stage).

Four shapes are recognised:

* a verb ("Russia *attacked* Ukraine", "Maduro *was accused* by Trump"); a verb
  the hand lexicon does not code is looked up in the compiled CAMEO.2.0 verb
  dictionary (:mod:`eventwire.events.verbs`, rule ``CAMEO.2.0:<line>``);
* a light verb with an event noun ("Trump *issued an ultimatum* to Maduro");
* an event noun with its own arguments ("*Trump's conversation* with Maduro");
* a demand in reported speech ("the president said: '*Resign* right away'").

>>> from eventwire.nlp import load
>>> sent = next(load()("Trump has accused Maduro of smuggling drugs.").sents)
>>> [(c.cameo, c.source.text, c.target.text) for c in candidates(sent)]
[('1121', 'Trump', 'Maduro')]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .. import syntax
from ..ontology import cameo_info
from . import verbs
from .lexicon import NO_EVENT, Lexicon, Pattern

REQUEST_SUBJECTS = {"you", "u"}
DIRECTIVE_MODALS = {"must", "should", "need", "have"}
OBLIGATION_MODALS = {"must", "should"}  # "Russia says Israel must end its strikes": a demand on Israel
SELF = {"i", "we"}  # "we must act": no demand on another
UNSPECIFIED_DEMAND = "100"  # CAMEO's "demand, not specified below"
MAX_WORDS = 80
# clauses below a verb that tell of acts of their own: "died when police opened fire", "died after being
# detained", "during a debate hosted by CNN" (not its open complement: "opposes sending troops to fight",
# "seeks to rally the party")
OTHER_CLAUSES = ("advcl", "conj", "ccomp", "parataxis", "pcomp", "acl", "relcl")
ADVERB_PARTICLES = frozenset({"back", "out", "off", "away", "down", "up"})  # adverbs the parser takes for particles
DEED_ROOTS = frozenset({"07", "17", "18", "19", "20"})  # CAMEO roots of deeds whose noun a nationality may say who did
AMOUNTS = frozenset({"MONEY", "QUANTITY", "CARDINAL"})  # "$12 million in assistance": the amount of an event noun


@dataclass
class Candidate:
    """An event found in the syntax, before its actors are resolved."""

    head: Token
    trigger: list[Token]
    pattern: Pattern
    cameo: str
    source: Token | None = None
    target: Token | None = None
    object_noun: Token | None = None
    nominal: bool = False
    speech_act: bool = False
    quotation: Span | None = None
    refined_by: Pattern | None = None  # the dictionary line whose code refines the hand pattern's (``_refined``)

    @property
    def rule(self) -> str:
        """The event's ``rule``: the pattern's, and the dictionary line that gave its code, if one did."""
        if self.refined_by is None:
            return self.pattern.rule
        return f"{self.pattern.rule}; {self.refined_by.rule} -> {self.refined_by.cameo}"

    @property
    def trigger_span(self) -> tuple[int, int]:
        """Start and end character offsets (in the parsed text) of the trigger words."""
        return self.trigger[0].idx, self.trigger[-1].idx + len(self.trigger[-1])

    def confidence(self, source: bool, target: bool, implied: bool) -> float:
        """A heuristic score in [0, 1] of the event without the sentence model: how much of it
        the syntax pinned down (``source``/``target``: whether an actor was found for it,
        ``implied``: the target was taken from an earlier event)."""
        score = 0.45
        score += 0.25 if source else 0.0
        score += 0.1 if target and not implied else 0.04 if target else 0.0
        pattern = self.pattern
        if pattern.object or pattern.xcomp or pattern.words or pattern.modifier or pattern.prep or pattern.subject:
            score += 0.1
        if self.nominal:
            score -= 0.05
        if pattern.line is not None and not (pattern.words or pattern.prep):
            score -= 0.05  # a verb's own code in the dictionary: the hand lexicon's reading goes first
        return round(min(score, 0.95), 2)


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _verb_key(verb: Token) -> list[str]:
    """The lexicon keys of ``verb``: with its particle first ("walk out"), then its lemma. A preposition
    right after the verb with no object of its own is a particle the parser took for a preposition
    ("walked out of the assembly": "out" heads "of the assembly").

    >>> from eventwire.nlp import load
    >>> _verb_key(load()("The opposition walked out of the assembly.")[2])
    ['walk out', 'walk']
    """
    particle = syntax.child(verb, "prt")
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if particle is None and following is not None and following.head == verb and (
            (following.dep_ == "prep" and not any(c.dep_ == "pobj" for c in following.children))
            or (following.dep_ == "advmod" and following.lower_ in ADVERB_PARTICLES)):  # "pushed back refugees"
        particle = following
    keys = [_lemma(verb)]
    if particle is not None:
        keys.insert(0, f"{_lemma(verb)} {_lemma(particle)}")
    return keys


def _context(verb: Token, subject: Token | None) -> dict[str, set[str]]:
    xcomp = {_lemma(c) for c in verb.children if c.dep_ == "xcomp"}
    clauses = [c for c in _own_complements(verb) if c.dep_ == "ccomp"]
    ccomp = {_lemma(c) for c in clauses} | {_lemma(x) for c in clauses for x in c.children if x.dep_ == "xcomp"}
    words = {_lemma(t) for t in list(syntax.dependents(verb, subject))[:MAX_WORDS]}
    return {
        "objects": syntax.object_lemmas(verb),
        "preps": {c.lower_ for c in verb.children if c.dep_ == "prep" and not syntax.says_when(c)},
        "xcomp": xcomp,
        "ccomp": ccomp,
        "words": words,
        "modifiers": set(),
        "named": _named(verb),
        "subjects": {_lemma(subject)} if subject is not None else set(),
    }


def _named(verb: Token) -> set[str]:
    """The lemmas of what ``verb`` names its object: its object predicate, or an apposition joined to
    its object without a comma, as the parser often reads "called the blogger a war correspondent".

    >>> from eventwire.nlp import load
    >>> doc = load()("Trump called Putin a killer. Biden called Netanyahu, his old friend, on Sunday.")
    >>> _named(doc[1]), _named(doc[7])
    ({'killer'}, set())
    """
    named = {_lemma(c) for c in verb.children if c.dep_ == "oprd"}
    dobj = syntax.child(verb, "dobj")
    if dobj is not None:
        named |= {_lemma(c) for c in dobj.children
                  if c.dep_ == "appos" and c.i > dobj.i and not any(t.is_punct for t in c.doc[dobj.i + 1:c.i])}
    return named


def _target(head: Token, slots: tuple[str, ...], *fallback_heads: Token) -> Token | None:
    """The first filled target slot on ``head`` (then on ``fallback_heads``), never one of those heads:
    the light verb's object is the event noun, not its target ("carried out 20 airstrikes on Sanaa")."""
    heads = (head, *fallback_heads)
    for token in heads:
        for name in slots:
            filled = syntax.slot(token, name)
            if filled is not None and filled.pos_ in ("PROPN", "NOUN", "PRON", "NUM", "ADJ") \
                    and all(filled.i != h.i for h in heads):
                return filled
    return None


def _own_complements(verb: Token) -> list[Token]:
    """Complement clauses whose doer is the verb's own subject ("threatened to strike X",
    "warned that it would strike X"), not another actor ("warned that Russia would strike X")."""
    own = []
    for c in verb.children:
        if c.dep_ == "xcomp":
            own.append(c)
        elif c.dep_ == "ccomp":
            subject = syntax.child(c, "nsubj")
            if subject is None or subject.pos_ == "PRON":
                own.append(c)
    return own


def _asked_for(verb: Token) -> list[str]:
    """Lemmas naming what a request verb asks for, most telling first."""
    lemmas: list[str] = []
    for c in verb.children:
        if c.dep_ == "xcomp":
            lemmas.append(_lemma(c))
            lemmas.extend(syntax.object_lemmas(c))
        elif c.dep_ == "prep" and c.lower_ in ("for", "on"):
            inner = syntax.child(c, "pobj")
            if inner is not None:
                lemmas.extend(syntax.content_lemmas(inner))
                for cc in inner.children:
                    if cc.dep_ in ("acl", "relcl"):
                        lemmas.append(_lemma(cc))
        elif c.dep_ in ("dobj", "ccomp"):
            lemmas.extend(syntax.content_lemmas(c))
    return lemmas


def _code(pattern: Pattern, lexicon: Lexicon, asked_for: list[str]) -> str:
    if pattern.family:
        return lexicon.request_code(pattern.family, asked_for) or pattern.cameo
    return pattern.cameo


def _doer_of_act(verb: Token, lexicon: Lexicon) -> Token | None:
    """Who did the act in which a passive verb's subject suffered: "Five soldiers were killed in an
    ambush by Taliban fighters" (an event noun the lexicon knows, in an "in" or "during" phrase, with
    its own "by"); None otherwise ("killed in a crash by the river" names no doer).

    >>> from eventwire.nlp import load
    >>> doc = load()("Three policemen were wounded in an attack by militants.")
    >>> _doer_of_act(doc[3], Lexicon.load()).text
    'militants'
    """
    if not syntax.is_passive(verb):
        return None
    for prep in verb.children:
        act = syntax.child(prep, "pobj") if prep.dep_ == "prep" and prep.lower_ in ("in", "during") else None
        if act is not None and _lemma(act) in lexicon.nouns:
            return syntax.prep_object(act, "by")
    return None


def _charged_act(token: Token, complement: Token) -> bool:
    """Whether ``token`` is in an act the object of a verb is charged with, an "of" clause under the
    object ("accused Ethiopian troops *of executing civilians*"): an event of its own.

    >>> from eventwire.nlp import load
    >>> doc = load()("Rights groups accused the troops of executing civilians.")
    >>> [t.text for t in doc[4].subtree if _charged_act(t, doc[4])]
    ['executing', 'civilians']
    """
    return any(t.dep_ == "pcomp" and t.pos_ == "VERB" and t.head.lower_ == "of" and t.head.head.i == complement.i
               for t in (token, *token.ancestors) if t.i != complement.i)


def _worded_act(token: Token, complement: Token) -> bool:
    """Whether ``token`` is in what an object of written or spoken words says it does, a participle
    clause under it ("adopted a resolution *demanding a ceasefire*", ``syntax.WORDS_NOUNS``): an event
    of its own, the author's.

    >>> from eventwire.nlp import load
    >>> doc = load()("The council adopted a resolution demanding a ceasefire.")
    >>> [t.text for t in doc[4].subtree if _worded_act(t, doc[4])]
    ['demanding', 'a', 'ceasefire']
    """
    return any(syntax.says_in_words(t) and t.head.i == complement.i for t in (token, *token.ancestors))


def _told_act(token: Token, complement: Token) -> bool:
    """Whether ``token`` is in a "that" clause on the object noun ``complement``, which tells of an act
    of its own, reported ("denied reports *that its aircraft struck a hospital*": the strike, denied).

    >>> from eventwire.nlp import load
    >>> doc = load()("Israel denied reports that its aircraft struck a hospital.")
    >>> [t.text for t in doc[2].subtree if _told_act(t, doc[2])]
    ['that', 'its', 'aircraft', 'struck', 'a', 'hospital']
    """
    return any(t.head.i == complement.i and t.dep_ in ("acl", "ccomp") and any(c.dep_ == "mark" for c in t.children)
               for t in (token, *token.ancestors))


def _act_doer(subject: Token | None, lexicon: Lexicon) -> Token | None:
    """Who did the act that is a verb's subject: its "by" phrase ("An attack by militants killed
    five"), its owner ("Hamas's attack killed five") or whoever claimed it ("The Taliban claimed
    the attack, which killed 12 policemen"); None when the subject names no act or no doer.

    >>> from eventwire.nlp import load
    >>> doc = load()("The Taliban claimed responsibility for the attack, which killed 12 policemen.")
    >>> _act_doer(syntax.subject(doc[9]), Lexicon.load()).text
    'Taliban'
    """
    if subject is None or subject.pos_ != "NOUN" or _lemma(subject) not in lexicon.nouns:
        return None
    return syntax.prep_object(subject, "by") or syntax.child(subject, "poss") or _claimant(subject, lexicon)


def _verbal(verb: Token, lexicon: Lexicon) -> Candidate | None:
    """A candidate for an ordinary event verb."""
    if _question_put(verb, lexicon) or _held_position(verb, lexicon):
        return Candidate(head=verb, trigger=[verb], pattern=Pattern(_lemma(verb), NO_EVENT), cameo=NO_EVENT)
    keys = [key for key in _verb_key(verb) if lexicon.verbs.get(key)]  # most verbs have no hand pattern
    subject = (syntax.subject(verb) or _doer_of_act(verb, lexicon)) if keys else None
    subject = _act_doer(subject, lexicon) or subject
    context = _context(verb, subject) if keys else {}
    for key in keys:
        pattern = lexicon.match_verb(key, **context)
        if pattern is None:
            continue
        target = _target(verb, pattern.target, *_own_complements(verb))
        particle = syntax.child(verb, "prt")
        trigger = [verb] if particle is None or particle.i < verb.i else [verb, particle]
        dobj = syntax.child(verb, "dobj")
        code = _code(pattern, lexicon, _asked_for(verb))
        refined = _refined(verb, pattern, code, subject, lexicon)
        sufferer = pattern.target == ("nsubj",)  # "21 passengers died in the attack": no doer named
        return Candidate(
            head=verb, trigger=trigger, pattern=pattern,
            cameo=code if refined is None else refined.cameo,
            source=None if sufferer else subject, target=target,
            object_noun=dobj if dobj is not None and dobj.pos_ == "NOUN" else None,
            refined_by=refined,
        )
    return _dictionary(verb, lexicon)


def _held_position(verb: Token, lexicon: Lexicon) -> bool:
    """Whether ``verb`` states a position its subject holds, not an act done: a verb of
    ``lexicon.stance_verbs`` in the simple present ("The group also opposes Chinese investment").
    Its past ("opposed the resolution") may tell of an act, a vote or a statement.

    >>> from eventwire.nlp import load
    >>> doc = load()("The party opposes the tax. The party opposed the tax in the vote.")
    >>> _held_position(doc[2], Lexicon.load()), _held_position(doc[8], Lexicon.load())
    (True, False)
    """
    return _lemma(verb) in lexicon.stance_verbs and verb.tag_ in ("VBZ", "VBP") \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _question_put(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb of questioning puts a question rather than asks for something: no event. Either
    it heads a reduced passive clause with no subject of its own (``lexicon.question_verbs``: "Asked
    by a reporter whether he would back off, Trump said no"), or it is a verb of asking
    (``lexicon.asking_verbs``) that asks for nothing (no "to" clause, no "for") and takes a question
    ("asked whether the talks would resume", "asked what happened", "was asked about the loan"), words
    quoted before it ("'Why now?' the reporter asked the minister") or no one and nothing at all ("'Why?'
    she asked"). Not "Iran was asked by the UN to release them",
    "asked Germany for weapons", "asked the court to rule", nor "questioned whether soldiers had
    fired" (a doubt about a reported act).

    >>> from eventwire.nlp import load
    >>> doc = load()("Asked about the attack, the minister said nothing. Iran was asked to leave. "
    ...              "A reporter asked whether the talks would resume. Kyiv asked Berlin for tanks.")
    >>> [_question_put(doc[i], Lexicon.load()) for i in (0, 12, 18, 27)]
    [True, False, True, False]
    """
    lemma = _lemma(verb)
    children = list(verb.children)
    deps = {c.dep_ for c in children}
    if (lemma in lexicon.question_verbs and verb.tag_ == "VBN" and verb.dep_ == "advcl"
            and not deps & {"nsubj", "nsubjpass", "auxpass"}):
        return True
    if lemma not in lexicon.asking_verbs or "xcomp" in deps \
            or any(c.dep_ == "prep" and c.lower_ == "for" for c in children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "about" for c in children):
        return True
    if any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in children) or _after_question(verb):
        return True  # the words it puts come first, quoted: "'Will you run?' the anchor asked Trump"
    if any(c.dep_ in ("ccomp", "advcl", "dobj") and _is_question(c) for c in children):
        return True
    return not deps & {"dobj", "dative", "iobj", "ccomp", "nsubjpass"}


def _after_question(verb: Token) -> bool:
    """Whether ``verb``'s sentence follows a question the parser split off from it: "“Will you
    withdraw?” a reporter asked the minister."

    >>> from eventwire.nlp import load
    >>> doc = load()("“Will you withdraw the troops?” a reporter asked the minister.")
    >>> _after_question(doc[10]), _after_question(doc[3])
    (True, False)
    """
    doc, before = verb.doc, verb.sent.start - 1
    while before >= 0 and doc[before].is_quote:
        before -= 1
    return before >= 0 and before < verb.sent.start - 1 and doc[before].text == "?"


def _is_question(clause: Token) -> bool:
    """Whether the clause headed by ``clause`` is an indirect question: opened by "if"/"whether" or a
    wh-word ("whether she would run", "what he would do")."""
    return (any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children)
            or clause.left_edge.tag_ in ("WDT", "WP", "WP$", "WRB"))


def _refined(verb: Token, pattern: Pattern, code: str, subject: Token | None, lexicon: Lexicon) -> Pattern | None:
    """The verb dictionary's line for ``verb`` whose code replaces ``code``, the code of a hand
    ``pattern`` that asks for nothing but the verb and leaves the kind of act unspecified (``X0``,
    "kill -> 180"), when the line reads the same PLOVER type and penta class with the same source:
    the hand lexicon decides that there is an event and who its actors are; the field's dictionary,
    which PETRARCH-family coders apply, gives the finer or the usual code ("Airstrikes killed 50
    militants": 195; "killed three villagers": 190, as the dictionary's KILL block; "injured": 182).

    >>> from eventwire.nlp import load
    >>> lexicon = Lexicon.load()
    >>> verb = next(load()("An airstrike killed 50 militants.").sents).root
    >>> _refined(verb, lexicon.match_verb("kill"), "180", syntax.subject(verb), lexicon).cameo
    '195'
    """
    if (len(code) != 3 or not code.endswith("0") or pattern.family or any(
            (pattern.object, pattern.prep, pattern.xcomp, pattern.ccomp, pattern.words, pattern.modifier,
             pattern.subject))):
        return None
    found = verbs.match(verb, lexicon)
    if found is None or found.pattern.cameo == code or found.source != subject:
        return None
    mine, theirs = cameo_info(code), cameo_info(found.pattern.cameo)
    same = (mine.plover_type, mine.penta_class) == (theirs.plover_type, theirs.penta_class)
    return found.pattern if same and mine.plover_type is not None else None


def _dictionary(verb: Token, lexicon: Lexicon) -> Candidate | None:
    """A candidate from the CAMEO.2.0 verb dictionary, for a verb the hand lexicon does not code
    (a verb of saying only with a line that names its object: "recalled its ambassador")."""
    if verb.pos_ != "VERB" or verb.dep_ in ("amod", "acl"):  # "a fund managed by", "recognised government"
        return None
    found = verbs.match(verb, lexicon)
    if found is None:
        return None
    particle = syntax.child(verb, "prt")
    dobj = syntax.child(verb, "dobj")
    pattern = found.pattern
    if _lemma(verb) in lexicon.mutual_verbs and dobj is None:  # "Chinese and Indian troops scuffled"
        pattern = dataclasses.replace(pattern, reciprocal=True)
    return Candidate(
        head=verb, trigger=[verb] if particle is None or particle.i < verb.i else [verb, particle],
        pattern=pattern, cameo=pattern.cameo, source=found.source, target=found.target,
        object_noun=dobj if dobj is not None and dobj.pos_ == "NOUN" else None,
    )


def _noun_context(noun: Token) -> dict[str, set[str]]:
    return {
        "objects": set(),
        "preps": {c.lower_ for c in noun.children if c.dep_ == "prep"},
        "xcomp": set(),
        "words": {_lemma(t) for t in list(noun.subtree)[:MAX_WORDS]},
        "modifiers": {_lemma(c) for c in noun.children if c.dep_ in ("compound", "amod", "nmod")},
    }


def _light(verb: Token, lexicon: Lexicon) -> Candidate | None:
    """A candidate for a light verb with an event noun ("launched missile attacks")."""
    if _lemma(verb) not in lexicon.light_verbs:
        return None
    noun = syntax.child(verb, "dobj") or syntax.patient(verb)
    if noun is None:
        return None
    heads = [noun, *_prep_objects(noun, "of")]
    heads += [thing for amount in heads if amount.ent_type_ in AMOUNTS for thing in _prep_objects(amount, "in")]
    for head in heads[:3]:
        pattern = lexicon.match_noun(_lemma(head), **_noun_context(head))
        if pattern is None:
            continue
        target = _target(head, pattern.target, noun, verb)
        return Candidate(
            head=head, trigger=_trigger_words(verb, head), pattern=pattern, cameo=pattern.cameo,
            source=syntax.subject(verb), target=target,
        )
    return None


def _prep_objects(noun: Token, preposition: str) -> list[Token]:
    """The objects of ``noun``'s prepositional phrases with ``preposition`` ("of", "in")."""
    return [c for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == preposition
            for c in prep.children if c.dep_ == "pobj"]


def _national_doer(noun: Token, cameo: str) -> Token | None:
    """The country that a deed noun's nationality adjective names as its doer: "the Russian invasion
    of Ukraine", "Israeli shelling of Gaza", "American aid to Kyiv"; only for deeds of force and of
    aid (``DEED_ROOTS``: "Russian sanctions" may be on Russia), and not a place's name ("the Paris
    attacks" were not France's).

    >>> from eventwire.nlp import load
    >>> _national_doer(load()("The Russian invasion of Ukraine began.")[2], "192").text
    'Russian'
    """
    if cameo[:2] not in DEED_ROOTS:
        return None
    return next((c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i
                 and c.ent_type_ == "NORP"), None)


def _sender(noun: Token, cameo: str) -> Token | None:
    """Who a word or a gift came "from": "drew condemnation from rights groups", "support from
    France", "a call from the UN"; only for acts of words, cooperation, protest and sanction (CAMEO
    01-16), not a move "from" a place ("a withdrawal from Afghanistan", 08; "a march from the
    university", 14) nor a threat, which "from" names as a danger someone sees ("a growing threat
    from China", 13).

    >>> from eventwire.nlp import load
    >>> _sender(load()("The plan won support from France.")[3], "050").text
    'France'
    """
    if cameo[:2] >= "17" or cameo[:2] in ("08", "13", "14"):
        return None
    own = syntax.prep_object(noun, "from")
    if own is None and noun.dep_ == "dobj":  # "drew condemnation from rights groups": "from" on the verb
        return syntax.prep_object(noun.head, "from")
    return own


def _light_or_verbal(verb: Token, lexicon: Lexicon) -> Candidate | None:
    """The candidate of a verb: its event noun's when it is a light verb with one ("launched
    attacks"), unless a hand pattern of the verb itself names words of its object, which says more
    ("provided financial assistance to Mozambique" is 071 to Mozambique by ``provide``'s pattern, not
    the noun's 070); else the verb's own.

    >>> from eventwire.nlp import load
    >>> [_light_or_verbal(load()(text)[1], Lexicon.load()).cameo
    ...  for text in ("Russia launched attacks on Kyiv.", "Japan provided financial assistance to Mozambique.")]
    ['190', '071']
    """
    light = _light(verb, lexicon)
    if light is None:
        return _verbal(verb, lexicon)
    own = _verbal(verb, lexicon)
    if own is not None and not own.pattern.line and (own.pattern.object or own.pattern.words):
        # the noun's partner stays the target: "signed an agreement with China"
        return own if own.target is not None else dataclasses.replace(own, target=light.target)
    return light


def _trigger_words(verb: Token, noun: Token) -> list[Token]:
    """Verb through noun: "issued an ultimatum", "launched extrajudicial missile attacks"."""
    doc = verb.doc
    return [doc[i] for i in range(min(verb.i, noun.i), max(verb.i, noun.i) + 1)]


def _nominal(noun: Token, lexicon: Lexicon) -> Candidate | None:
    """A candidate for an event noun with its own arguments ("talks between X and Y")."""
    pattern = lexicon.match_noun(_lemma(noun), **_noun_context(noun))
    if pattern is None:
        return None
    source = syntax.child(noun, "poss") or syntax.prep_object(noun, "by") or _claimant(noun, lexicon) \
        or _national_doer(noun, pattern.cameo) or _sender(noun, pattern.cameo)
    target = _target(noun, pattern.target)
    between = syntax.prep_object(noun, "between")
    if source is None and between is not None:
        source = between
        partners = [c for c in between.conjuncts]
        target = partners[0] if partners else None
    if (source is None and target is None) or (pattern.needs_source and source is None):
        return None
    if source is not None and source.lower_ in ("its", "their") and target is None:
        return None
    modifiers = [c for c in noun.children if c.dep_ in ("compound",) and c.i < noun.i]
    trigger = [*(noun.doc[modifiers[0].i:noun.i]), noun] if modifiers else [noun]
    return Candidate(
        head=noun, trigger=trigger, pattern=pattern, cameo=pattern.cameo,
        source=source, target=target, nominal=True,
    )


def _claimant(noun: Token, lexicon: Lexicon) -> Token | None:
    """Who claims the act ``noun`` names: the subject of the verb whose object, a claim noun
    (``claim_nouns``), takes it with "for" ("Al-Shabab claimed responsibility for the attack"), or
    of a claim verb (``claim_verbs``) whose object it is ("claimed the killing of", "attacks were
    claimed by Islamic State").

    >>> from eventwire.nlp import load
    >>> doc = load()("Al-Shabab claimed responsibility for the hotel attack. Attacks were claimed by ISIS.")
    >>> _claimant(doc[8], Lexicon.load()).text, _claimant(doc[10], Lexicon.load()).text
    ('Shabab', 'ISIS')
    """
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" and _lemma(head) in lexicon.claim_verbs:
        return syntax.subject(head) if noun.dep_ == "dobj" else syntax.agent(head)
    if noun.dep_ != "pobj" or head.lower_ != "for" or _lemma(head.head) not in lexicon.claim_nouns:
        return None
    return syntax.subject(head.head.head) if head.head.dep_ == "dobj" else None


def _is_directive(verb: Token) -> bool:
    """An imperative ("Resign!") or a "you must/should ..." clause (not "you should have ...": a reproach)."""
    subject = syntax.child(verb, "nsubj")
    if subject is None:
        return verb.tag_ == "VB" and not any(c.dep_ in ("aux", "mark") for c in verb.children)
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return subject.lower_ in REQUEST_SUBJECTS and bool(modals & DIRECTIVE_MODALS) and not _reproach(verb)


def _obliged(verb: Token) -> Token | None:
    """The one a reported "X must/should ..." clause puts under obligation ("Russia says Israel must end
    its strikes": Israel), not the speaker's own side ("we must"); None for any other clause, and for a
    reproach of what is done ("some said he should not have accepted it")."""
    subject = syntax.child(verb, "nsubj")
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if subject is None or subject.lower_ in SELF | REQUEST_SUBJECTS or not modals & OBLIGATION_MODALS \
            or _reproach(verb):
        return None
    return subject


def _reproach(verb: Token) -> bool:
    """Whether a modal clause looks back ("should have accepted", "must have known"): no demand.

    >>> from eventwire.nlp import load
    >>> doc = load()("He should not have accepted it. He should resign.")
    >>> _reproach(doc[4]), _reproach(doc[9])
    (True, False)
    """
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "have" for c in verb.children)


def _speech_demands(verb: Token, lexicon: Lexicon) -> list[Candidate]:
    """Demands quoted or reported after a verb of saying ("saying: 'Resign right away'")."""
    if _lemma(verb) not in lexicon.speech_verbs:
        return []
    found: list[Candidate] = []
    clauses = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "dobj")]
    for clause in clauses:
        for content in [clause, *clause.conjuncts]:
            if content.pos_ != "VERB":
                continue
            obliged = _obliged(content) if clause.dep_ == "ccomp" else None
            if obliged is None and not _is_directive(content):
                continue
            asked = [_lemma(content)] + sorted(syntax.object_lemmas(content))
            code = lexicon.request_code("10", asked) or (UNSPECIFIED_DEMAND if obliged is not None else None)
            if code is None:
                continue
            pattern = Pattern(key=f"{_lemma(verb)} + directive {_lemma(content)}", cameo=code)
            target = obliged or _target(verb, ("dative", "dobj", "prep:to"))
            found.append(Candidate(
                head=content, trigger=[content], pattern=pattern, cameo=code,
                source=syntax.subject(verb), target=target,
                speech_act=True, quotation=syntax.in_quote(content),
            ))
            break
    return found


def _elaborates(token: Token, heads: set[int]) -> bool:
    """A participle of saying that spells out another event ("issued an ultimatum, warning that")."""
    return token.dep_ == "advcl" and token.tag_ == "VBG" and token.head.i in heads


def _own_clause(verb: Token) -> list[Token]:
    """The words of ``verb``'s own clause: its subtree less the clauses below it (``OTHER_CLAUSES``).

    >>> from eventwire.nlp import load
    >>> doc = load()("Three men died when police opened fire.")
    >>> " ".join(t.text for t in _own_clause(doc[2]))
    'Three men died .'
    """
    other = {t.i for c in verb.subtree if c.i != verb.i and c.dep_ in OTHER_CLAUSES for t in c.subtree}
    return [t for t in verb.subtree if t.i not in other]


def no_event(verb: Token, lexicon: Lexicon, *, patterns_only: bool = False) -> bool:
    """Whether the hand lexicon reads ``verb`` as no event (a ``"---"`` pattern), which no other
    reading may code either; with ``patterns_only``, by a pattern that names what it holds for ("appeal
    to voters"), not by a verb's bare fallback ("hurt" outside violence), a question put or a position
    held.

    >>> from eventwire.nlp import load
    >>> doc = load()("Jane Doe contributed to this report. China contributed troops.")
    >>> no_event(doc[2], Lexicon.load()), no_event(doc[8], Lexicon.load())
    (True, False)
    """
    candidate = _verbal(verb, lexicon) if verb.pos_ in ("VERB", "AUX") else None
    if candidate is None or candidate.cameo != NO_EVENT:
        return False
    pattern = candidate.pattern  # a question put or a position held reads as a pattern that names nothing
    return not patterns_only or any((pattern.object, pattern.prep, pattern.xcomp, pattern.ccomp, pattern.words,
                                     pattern.subject, pattern.naming))


def candidates(sent: Span, lexicon: Lexicon | None = None) -> list[Candidate]:
    """All event candidates in ``sent``, in the order of their triggers."""
    lexicon = lexicon or Lexicon.load()
    found: list[Candidate] = []
    consumed: set[int] = set()
    for token in sent:
        if token.pos_ not in ("VERB", "AUX") or token.i in consumed:
            continue
        demands = _speech_demands(token, lexicon)
        if demands:
            found.extend(demands)
            consumed.update(d.head.i for d in demands)
            continue
        candidate = _light_or_verbal(token, lexicon)
        if candidate is None:
            continue
        if candidate.cameo == NO_EVENT:  # a byline, not an act: nothing of its clause is coded
            consumed.update(t.i for t in _own_clause(token))
            continue
        if _elaborates(token, {c.head.i for c in found} | {t.i for c in found for t in c.trigger}):
            continue
        found.append(candidate)
        consumed.update(t.i for t in candidate.trigger)
        act = candidate.source.head.head if candidate.source is not None else None
        if act is not None and act.pos_ == "NOUN" and act.dep_ == "pobj" and act.head.head.i == token.i:
            consumed.add(act.i)  # "killed in an ambush by X" (``_doer_of_act``): the ambush is the killing
        for c in token.children:
            if c.dep_ == "dobj" or (c.dep_ == "xcomp" and not candidate.pattern.line) \
                    or (c.dep_ == "prep" and c.lower_ == "for") \
                    or (c.dep_ == "ccomp" and candidate.pattern.ccomp):  # the content of a threat
                consumed.update(t.i for t in c.subtree
                                if not (_charged_act(t, c) or _worded_act(t, c) or _told_act(t, c)))
    for token in sent:
        if token.pos_ == "NOUN" and token.i not in consumed:
            candidate = _nominal(token, lexicon)
            if candidate is not None:
                found.append(candidate)
    found.sort(key=lambda c: c.trigger[0].i)
    return found
