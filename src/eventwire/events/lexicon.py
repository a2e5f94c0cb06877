"""The event lexicon: patterns from ``data/lexicon.yaml`` matched against a predicate.

A :class:`Pattern` holds the constraints of one line of the lexicon; the
:class:`Lexicon` picks, for a predicate and the lemmas around it, the first
pattern whose constraints hold. Beside the hand-written lexicon it holds the
CAMEO.2.0 verb dictionary compiled into ``data/cameo_verbs.json`` by
``scripts/build_verb_patterns.py`` (:class:`VerbEntry`, matched by
:mod:`eventwire.events.verbs`); the hand lexicon wins where both match.

>>> lex = Lexicon.load()
>>> lex.match_verb("threaten", xcomp={"invade"}).cameo
'1382'
>>> lex.match_noun("attack", modifiers={"missile"}).cameo
'195'
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources

import yaml

DICTIONARY = "CAMEO.2.0"
NO_EVENT = "---"  # the code of a hand pattern that reads its predicate as no event (the dictionary's [---])

DEFAULT_TARGETS = (
    "dobj", "dative", "prep:against", "prep:on", "prep:at", "prep:to", "prep:with", "prep:toward",
)


@dataclass(frozen=True)
class Pattern:
    """One lexicon pattern; ``key`` is the lemma (or "lemma particle") it hangs on."""

    key: str
    cameo: str
    family: str | None = None
    object: frozenset[str] | None = None
    prep: str | None = None
    xcomp: frozenset[str] | None = None
    ccomp: frozenset[str] | None = None
    words: frozenset[str] | None = None
    modifier: frozenset[str] | None = None
    subject: frozenset[str] | None = None
    mode: str | None = None
    target: tuple[str, ...] = DEFAULT_TARGETS
    reciprocal: bool = False
    needs_target: bool = False
    needs_source: bool = False
    naming: bool = False
    line: int | None = None

    @property
    def rule(self) -> str:
        """A short description of the pattern, stored on the event as its ``rule``: for a pattern
        compiled from the verb dictionary, the dictionary's line ("CAMEO.2.0:5130")."""
        if self.line is not None:
            return f"{DICTIONARY}:{self.line}"
        parts = [self.key]
        for name in ("prep", "object", "xcomp", "ccomp", "words", "modifier", "subject"):
            value = getattr(self, name)
            if value:
                shown = value if isinstance(value, str) else "|".join(sorted(value)[:4])
                parts.append(f"{name}={shown}")
        if self.naming:
            parts.append("naming")
        return " ".join(parts) + f" -> {self.cameo}"

    def holds(self, *, objects: set[str], preps: set[str], xcomp: set[str], ccomp: set[str],
              words: set[str], modifiers: set[str], named: set[str], subjects: set[str]) -> bool:
        """True when every constraint of the pattern is satisfied. ``named``: the lemmas heading the
        verb's object predicate ("called the vote a sham": sham); ``subjects``: the lemma heading its
        subject."""
        if self.naming and not named:
            return False
        if self.prep is not None and self.prep not in preps:
            return False
        return all(_meets(wanted, found) for wanted, found in (
            (self.object, objects), (self.xcomp, xcomp), (self.ccomp, ccomp), (self.words, words),
            (self.modifier, modifiers), (self.subject, subjects)))


def _meets(wanted: frozenset[str] | None, found: set[str]) -> bool:
    """Whether the words ``found`` in a slot satisfy a pattern's constraint: none, one of the lemmas it
    lists, or any word at all where it lists "*" ("sought to temper expectations": some open complement).

    >>> _meets(None, set()), _meets(frozenset({"talk"}), {"talk", "end"}), _meets(frozenset({"*"}), set())
    (True, True, False)
    """
    return wanted is None or bool(wanted & found) or ("*" in wanted and bool(found))


def _pattern(key: str, raw: dict) -> Pattern:
    def lemmas(name: str) -> frozenset[str] | None:
        value = raw.get(name)
        return None if value is None else frozenset(value)

    return Pattern(
        key=key,
        cameo=str(raw["cameo"]),
        family=raw.get("family"),
        object=lemmas("object"),
        prep=raw.get("prep"),
        xcomp=lemmas("xcomp"),
        ccomp=lemmas("ccomp"),
        words=lemmas("words"),
        modifier=lemmas("modifier"),
        subject=lemmas("subject"),
        mode=raw.get("mode"),
        target=tuple(raw.get("target", DEFAULT_TARGETS)),
        reciprocal=bool(raw.get("reciprocal", False)),
        needs_target=bool(raw.get("needs_target", False)),
        needs_source=bool(raw.get("needs_source", False)),
        naming=bool(raw.get("naming", False)),
    )


# One word of a dictionary line: its forms ("sanctions", "sanction"). A term of the line is a
# sequence of parts ("{&MILITARY OPERATION}"), each part alternatives (a synonym set's members,
# or one word group) of which one must be present with all its words.
Word = frozenset[str]
Alternatives = tuple[tuple[Word, ...], ...]
Term = tuple[Alternatives, ...]


@dataclass(frozen=True)
class DictionaryPattern:
    """One ``- ... * ... [code]`` line of the verb dictionary, compiled.

    ``before``/``after``: terms that must occur before the verb (its subject, adverbs) and
    in its object; ``preps``: prepositional phrases, each (prepositions, terms of its object);
    ``source``: the slot of the source when the line marks it with ``$``; ``swap``: the code
    is the reverse event (``[:173]``), target acting on source; ``origin``: the verb the line
    was written for (its comment, ``# RUSH``); ``anchor``: words one of which must occur
    around the verb for the line to hold (a quick test before the full one); ``pattern`` is
    None for a line that codes nothing eventwire records (``[---]``, 01x statements)."""

    line: int
    pattern: Pattern | None
    before: tuple[Term, ...] = ()
    after: tuple[Term, ...] = ()
    preps: tuple[tuple[frozenset[str], tuple[Term, ...]], ...] = ()
    source: str | None = None
    swap: bool = False
    origin: str | None = None
    anchor: frozenset[str] = frozenset()

    @property
    def names_words(self) -> bool:
        """True when the line asks for a word, not only for a preposition ("- * (FOR)")."""
        return bool(self.before or self.after or any(terms for _, terms in self.preps))

    @property
    def specificity(self) -> int:
        """How many words and phrases the line asks for: the most specific match wins. A phrase
        counts its words, so "- * {ARREST WARRANTS} [173]" is more specific than "- * WARRANT [100]"."""
        words = sum(len(term) for term in (*self.before, *self.after))
        return words + sum(1 + sum(len(term) for term in terms) for _, terms in self.preps)


@dataclass(frozen=True)
class VerbEntry:
    """A verb of the dictionary in one block: the further words of a multi-word verb ("call"
    + "off"), its code (``bare``, None when it codes nothing alone), whether that code is its
    own rather than the block's (``own``: then only the block's lines written for this verb
    apply) and its block's lines."""

    words: tuple[Word, ...]
    bare: Pattern | None
    patterns: tuple[DictionaryPattern, ...]
    own: bool = False


@dataclass
class Lexicon:
    """Verb and noun patterns, light verbs, speech verbs and request contents; ``dictionary``:
    the compiled verb dictionary by verb lemma; ``needs_object``: verbs too common to code an
    event from the dictionary without a word of their object or a particle; ``question_verbs``:
    verbs whose reduced passive clause is a question put to the speaker ("Asked whether ...");
    ``asking_verbs``: verbs that put a question wherever they take one ("asked whether ...");
    ``claim_nouns``: nouns by which a verb's subject claims an act ("claimed responsibility for");
    ``claim_verbs``: verbs that take the claimed act as object ("claimed the killing of");
    ``hazard_words``: words that make a name a storm's, never a side of an event ("Cyclone Chido");
    ``mutual_verbs``: verbs the dictionary codes whose sides, named together with no object, act on
    each other ("Chinese and Indian troops scuffled"); ``receiving_verbs``: verbs whose subject gets
    what the one named by "from" gives ("Ukraine received aid from Germany"), for the events the
    sentence model finds on them; ``verbal_attacks``: words of attack that, between politicians, are
    words, not force ("Trump attacked Romney"); ``stance_verbs``: verbs whose simple present states
    a position held, no act ("The group opposes the plan")."""

    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    content: dict[str, str] = field(default_factory=dict)
    dictionary: dict[str, tuple[VerbEntry, ...]] = field(default_factory=dict)
    needs_object: frozenset[str] = frozenset()
    question_verbs: frozenset[str] = frozenset()
    asking_verbs: frozenset[str] = frozenset()
    claim_nouns: frozenset[str] = frozenset()
    claim_verbs: frozenset[str] = frozenset()
    hazard_words: frozenset[str] = frozenset()
    mutual_verbs: frozenset[str] = frozenset()
    receiving_verbs: frozenset[str] = frozenset()
    verbal_attacks: frozenset[str] = frozenset()
    stance_verbs: frozenset[str] = frozenset()

    @classmethod
    @functools.cache
    def load(cls) -> Lexicon:
        """Load the lexicon shipped with eventwire (parsed once per process)."""
        text = resources.files("eventwire.events").joinpath("data/lexicon.yaml").read_text("utf-8")
        raw = yaml.safe_load(text)
        return cls(
            verbs={k: [_pattern(k, p) for p in v] for k, v in raw.get("verbs", {}).items()},
            nouns={k: [_pattern(k, p) for p in v] for k, v in raw.get("nouns", {}).items()},
            light_verbs=frozenset(raw.get("light_verbs", [])),
            speech_verbs=frozenset(raw.get("speech_verbs", [])),
            content={str(k): str(v) for k, v in raw.get("content", {}).items()},
            dictionary=verb_dictionary(),
            needs_object=frozenset(raw.get("dictionary_needs_object", [])),
            question_verbs=frozenset(raw.get("question_verbs", [])),
            asking_verbs=frozenset(raw.get("asking_verbs", [])),
            claim_nouns=frozenset(raw.get("claim_nouns", [])),
            claim_verbs=frozenset(raw.get("claim_verbs", [])),
            hazard_words=frozenset(raw.get("hazard_words", [])),
            mutual_verbs=frozenset(raw.get("mutual_verbs", [])),
            receiving_verbs=frozenset(raw.get("receiving_verbs", [])),
            verbal_attacks=frozenset(raw.get("verbal_attacks", [])),
            stance_verbs=frozenset(raw.get("stance_verbs", [])),
        )

    def match_verb(self, key: str, **lemmas: set[str]) -> Pattern | None:
        """First verb pattern under ``key`` whose constraints hold for ``lemmas``."""
        return _first(self.verbs.get(key, ()), lemmas)

    def match_noun(self, key: str, **lemmas: set[str]) -> Pattern | None:
        """First noun pattern under ``key`` whose constraints hold for ``lemmas``."""
        return _first(self.nouns.get(key, ()), lemmas)

    def request_code(self, family: str, asked_for: list[str]) -> str | None:
        """The appeal/demand code for what is asked for, e.g. ("02", ["talk"]) -> "026"."""
        for lemma in asked_for:
            suffix = self.content.get(lemma)
            if suffix:
                return family + suffix
        return None


def _first(patterns, lemmas: dict[str, set[str]]) -> Pattern | None:
    args = {name: lemmas.get(name, set())
            for name in ("objects", "preps", "xcomp", "ccomp", "words", "modifiers", "named", "subjects")}
    for pattern in patterns:
        if pattern.holds(**args):
            return pattern
    return None


def _word(text: str) -> Word:
    return frozenset(text.split("/"))


def _terms(raw: list[list[str]], synsets: dict[str, Alternatives]) -> tuple[Term, ...]:
    """A line's terms; a term's parts are words, word groups or synonym sets."""
    terms = []
    for term in raw:
        parts: list[Alternatives] = []
        for part in term:
            if part.startswith("&"):
                parts.append(synsets[part[1:]])
            else:
                parts.append((tuple(_word(w) for w in part.split()),))
        terms.append(tuple(parts))
    return tuple(terms)


def _dictionary_pattern(raw: dict, block: str, synsets: dict[str, Alternatives]) -> DictionaryPattern:
    preps = tuple((frozenset(p["prep"]), _terms(p["terms"], synsets)) for p in raw["preps"])
    target = raw["target"]
    if target is not None:
        targets: tuple[str, ...] = (target,)
    else:  # an object the line names ("fired tear gas at X", "(TO BORDER)") is the target only when nothing else is
        named = ("dobj",) if raw["post"] else ()
        targets = tuple(f"prep:{p}" for prep in raw["preps"] if not prep["terms"] for p in prep["prep"]) + tuple(
            t for t in DEFAULT_TARGETS if t not in named) + named
    words = {w for side in ("pre", "post") for term in raw[side] for w in term}
    pattern = None if raw["code"] is None else Pattern(
        key=block, cameo=raw["code"], words=frozenset(words) or None, prep=min(preps[0][0]) if preps else None,
        target=targets, reciprocal=raw["direction"] == "both", line=raw["line"],
        needs_target=not (raw["pre"] or raw["post"] or any(p["terms"] for p in raw["preps"])))
    before, after = _terms(raw["pre"], synsets), _terms(raw["post"], synsets)
    first = next(iter((*after, *before, *(t for _, terms in preps for t in terms))), None)
    anchor = frozenset().union(*(alternative[0] for alternative in first[0])) if first else \
        frozenset().union(*(p for p, _ in preps))
    return DictionaryPattern(
        line=raw["line"], pattern=pattern, before=before, after=after, preps=preps, source=raw["source"],
        swap=raw["direction"] == "swap", origin=raw["origin"], anchor=anchor,
    )


@functools.cache
def verb_dictionary() -> dict[str, tuple[VerbEntry, ...]]:
    """The compiled CAMEO.2.0 verb dictionary by verb lemma, read once per process.

    >>> [e.bare.rule for e in verb_dictionary()["shell"] if e.bare]
    ['CAMEO.2.0:8800']
    """
    raw = json.loads(resources.files("eventwire.events").joinpath("data/cameo_verbs.json").read_text("utf-8"))
    synsets = {name: tuple(tuple(_word(w) for w in member.split()) for member in members)
               for name, members in raw["synsets"].items()}
    blocks = [tuple(sorted((_dictionary_pattern(p, block["name"].lower(), synsets) for p in block["patterns"]),
                           key=lambda p: (-p.specificity, p.line)))
              for block in raw["blocks"]]
    dictionary = {}
    for verb, entries in raw["verbs"].items():
        compiled = []
        for block, line, code, words, own in entries:
            bare = None if code is None else Pattern(key=" ".join([verb, *words]), cameo=code, line=line)
            compiled.append(VerbEntry(tuple(_word(w) for w in words), bare, blocks[block], own))
        dictionary[verb] = tuple(compiled)
    return dictionary
