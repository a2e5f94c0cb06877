"""Matching the compiled CAMEO.2.0 verb dictionary against a verb of the dependency parse.

For a verb, the lines of every dictionary block that lists it are tried against
the words around it: a line's words before ``*`` must occur before the verb (its
subject, auxiliaries, adverbs), its words after ``*`` in the verb's object phrases
(direct object and its conjuncts, particle, complements, a passive's subject, and
the objects of their prepositions), and each ``(PREP words)`` as a preposition of
the verb or of its object with those words in its object. Only the heads of
phrases and their own modifiers count, not clauses hanging off them.

The most specific line that holds wins, the one naming most words and phrases (ties: the
earlier line); a verb's own code only counts when no line holds, and not for very common verbs
(``needs_object`` in the lexicon: "make", "take") nor for verbs of saying. A verb
with a code of its own on its line ("AIRLIFT [073]") only takes the block's lines
written for it (``# AIRLIFT``), not those written for its block-mates
("- * (TO) [036] # FLY"); other verbs take their block-mates' lines only when
these name a word ("hit ... for a day" is not "- * (FOR) [111] # ATTACK"), and never
a verb of saying or a very common verb ("commented on the attack" is not "- * ATTACK
[190] # REPORT", "use military force" not "- * &MILITARY [062] # EXERCISE") nor a
passive ("handlers of the attack are based in ..." is not "- * ATTACK [190] # STAGE").

>>> from eventwire.nlp import load
>>> from eventwire.events.lexicon import Lexicon
>>> verb = next(load()("Rebels shelled the town overnight.").sents).root
>>> found = match(verb, Lexicon.load())
>>> found.pattern.cameo, found.pattern.rule, found.source.text, found.target.text
('190', 'CAMEO.2.0:8800', 'Rebels', 'town')
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .. import syntax
from .lexicon import DictionaryPattern, Lexicon, Pattern, Term

# Dependents of a verb that belong to its own object side; other clauses are left out.
OBJECT_DEPS = {"dobj", "dative", "prt", "prep", "agent", "attr", "oprd", "acomp", "advmod", "npadvmod", "nsubjpass"}
MAX_WORDS = 60


@dataclass
class Match:
    """The dictionary line (or verb code) that codes ``verb``, with the source and target it names."""

    pattern: Pattern
    source: Token | None
    target: Token | None


@dataclass
class _Around:
    """The lemmas and written forms around a verb, collected once per verb."""

    before: set[str]
    after: set[str]
    preps: dict[str, list[set[str]]]

    @property
    def words(self) -> set[str]:
        return self.before | self.after | set(self.preps)


def _forms(tokens) -> set[str]:
    found: set[str] = set()
    for token in list(tokens)[:MAX_WORDS]:
        found.add(token.lemma_.lower())
        found.add(token.lower_)
    return found


def _near(token: Token) -> list[Token]:
    """The words of ``token``'s own phrase: a noun with its modifiers and "of" object, else the word."""
    return list(syntax.phrase(token)) if token.pos_ in ("NOUN", "PROPN", "PRON", "NUM") else [token]


def _around(verb: Token) -> _Around:
    passive = syntax.is_passive(verb)
    before: list[Token] = []
    after: list[Token] = []
    heads = [verb]
    for child in verb.children:
        if passive and child.dep_ in syntax.PASSIVE_SUBJECTS:
            after.extend(_near(child))
            heads.append(child)
        elif passive and child.dep_ == "agent":
            before.extend(t for t in child.subtree if t.i != child.i)
        elif child.i < verb.i and child.dep_ not in ("prep", "advcl", "ccomp", "csubj", "punct", "cc"):
            before.extend(_near(child))
        elif child.i > verb.i and child.dep_ in OBJECT_DEPS and child.dep_ not in ("prep", "agent"):
            for head in (child, *child.conjuncts):
                after.extend(_near(head))
                heads.append(head)
    subject = syntax.subject(verb)
    if subject is not None and subject.i not in {t.i for t in before}:
        before.extend(_near(subject))
    preps: dict[str, list[set[str]]] = {}
    for head in heads:
        for prep in head.children:
            if prep.dep_ in ("prep", "agent") and (head.i != verb.i or prep.i > verb.i):
                objects = [t for c in prep.children if c.dep_ in ("pobj", "pcomp") for t in _near(c)]
                after.extend(objects)
                preps.setdefault(prep.lower_, []).append(_forms(objects))
    return _Around(_forms(before), _forms(after), preps)


def _holds(term: Term, words: set[str]) -> bool:
    """Every part of ``term`` has an alternative whose words all occur in ``words``."""
    return all(any(all(form & words for form in alternative) for alternative in part) for part in term)


def _line_holds(line: DictionaryPattern, around: _Around) -> bool:
    if not all(_holds(term, around.before) for term in line.before):
        return False
    if not all(_holds(term, around.after) for term in line.after):
        return False
    for preps, terms in line.preps:
        objects = [o for p in preps for o in around.preps.get(p, ())]
        if not any(all(_holds(term, o) for term in terms) for o in objects):
            return False
    return True


def _slot(verb: Token, name: str) -> Token | None:
    """The token in slot ``name`` of the verb, or of its direct object ("fired tear gas *at* students")."""
    if name == "nsubj":
        return syntax.subject(verb)
    found = syntax.slot(verb, name)
    dobj = syntax.child(verb, "dobj")
    if found is None and name.startswith("prep:") and dobj is not None:
        found = syntax.prep_object(dobj, name[5:])
    return found


def _target(verb: Token, slots: tuple[str, ...]) -> Token | None:
    for name in slots:
        found = _slot(verb, name)
        if found is not None and found.pos_ in ("PROPN", "NOUN", "PRON", "NUM", "ADJ"):
            return found
    return None


def _particles_hold(words, verb: Token) -> bool:
    """The further words of a multi-word verb ("call off", "ask for") among its dependents."""
    near = _forms(c for c in verb.children if c.i > verb.i and c.dep_ in OBJECT_DEPS)
    return all(form & near for form in words)


def match(verb: Token, lexicon: Lexicon) -> Match | None:
    """The most specific dictionary line for ``verb`` (None: no line, or one that codes nothing)."""
    entries = [e for e in lexicon.dictionary.get(verb.lemma_.lower(), ()) if _particles_hold(e.words, verb)]
    if not entries:
        return None
    around = _around(verb)
    words = around.words
    lemma = verb.lemma_.lower()
    common = lemma in lexicon.speech_verbs or lemma in lexicon.needs_object
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    best: DictionaryPattern | None = None
    seen: set[tuple[int, bool]] = set()
    for entry in entries:
        if (id(entry.patterns), entry.own) in seen:
            continue
        seen.add((id(entry.patterns), entry.own))
        for line in entry.patterns:
            if best is not None and line.specificity < best.specificity:
                break
            if line.anchor and not line.anchor & words:
                continue
            foreign = line.origin not in (None, lemma) and (entry.own or not line.names_words or common or passive)
            if (common and not (line.after or line.preps)) or foreign:
                continue
            if _line_holds(line, around) and (best is None or (line.specificity, -line.line)
                                              > (best.specificity, -best.line)):
                best = line
                break
    bare = max((e for e in entries if e.bare is not None and (e.words or not common)),
               key=lambda e: len(e.words), default=None)
    if best is None or (bare is not None and len(bare.words) > best.specificity):
        if bare is None:
            return None
        return Match(bare.bare, syntax.subject(verb), _target(verb, bare.bare.target))
    if best.pattern is None:
        return None
    marked_subject = best.pattern.target == ("nsubj",)  # "- + * {DEATH THREAT}": the subject is the target
    source = _slot(verb, best.source) if best.source else None if marked_subject else syntax.subject(verb)
    target = _target(verb, best.pattern.target)
    if best.swap and best.source is None and len(best.pattern.target) > 1:  # markers name the roles already
        source, target = target, source
    return Match(best.pattern, source, target)
