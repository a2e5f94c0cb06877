"""The event lexicon: patterns from ``data/lexicon.yaml`` matched against a predicate.

A :class:`Pattern` holds the constraints of one line of the lexicon; the
:class:`Lexicon` picks, for a predicate and the lemmas around it, the first
pattern whose constraints hold.

>>> lex = Lexicon.load()
>>> lex.match_verb("threaten", xcomp={"invade"}).cameo
'1382'
>>> lex.match_noun("attack", modifiers={"missile"}).cameo
'195'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml

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
    mode: str | None = None
    target: tuple[str, ...] = DEFAULT_TARGETS
    reciprocal: bool = False
    needs_target: bool = False

    @property
    def rule(self) -> str:
        """A short description of the pattern, stored on the event as its ``rule``."""
        parts = [self.key]
        for name in ("prep", "object", "xcomp", "ccomp", "words", "modifier"):
            value = getattr(self, name)
            if value:
                shown = value if isinstance(value, str) else "|".join(sorted(value)[:4])
                parts.append(f"{name}={shown}")
        return " ".join(parts) + f" -> {self.cameo}"

    def holds(self, *, objects: set[str], preps: set[str], xcomp: set[str], ccomp: set[str],
              words: set[str], modifiers: set[str]) -> bool:
        """True when every constraint of the pattern is satisfied."""
        if self.prep is not None and self.prep not in preps:
            return False
        if self.object is not None and not (self.object & objects):
            return False
        if self.xcomp is not None and not (self.xcomp & xcomp):
            return False
        if self.ccomp is not None and not (self.ccomp & ccomp):
            return False
        if self.words is not None and not (self.words & words):
            return False
        if self.modifier is not None and not (self.modifier & modifiers):
            return False
        return True


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
        mode=raw.get("mode"),
        target=tuple(raw.get("target", DEFAULT_TARGETS)),
        reciprocal=bool(raw.get("reciprocal", False)),
        needs_target=bool(raw.get("needs_target", False)),
    )


@dataclass
class Lexicon:
    """Verb and noun patterns, light verbs, speech verbs and request contents."""

    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    content: dict[str, str] = field(default_factory=dict)

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
    args = {name: lemmas.get(name, set()) for name in ("objects", "preps", "xcomp", "ccomp", "words", "modifiers")}
    for pattern in patterns:
        if pattern.holds(**args):
            return pattern
    return None
