"""Attribution relations of a text: who (Source) says or thinks what (Content), by which words (Cue).

A :class:`Relation` holds token ranges ``(start, end)`` (end exclusive) into a spaCy Doc; a span
may have several segments ("The strikes, officials said, hit three depots": the content is
"The strikes" and "hit three depots"). ``rule_relations`` reads them off one sentence's parse
with the cue words of ``data/cues.yaml``; the learned tagger (``attributes/tagger.py``) uses these
as features and finds the rest.

>>> from eventwire.nlp import load
>>> doc = load()("The strikes, officials said, hit three depots.")
>>> [r.texts(doc) for r in rule_relations(doc[:])]
[{'source': 'officials', 'cue': 'said', 'content': 'The strikes hit three depots'}]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads only when coding
    from spacy.tokens import Doc, Span, Token

from . import cues
from .attribution import speaker_of

Segments = list[tuple[int, int]]
QUOTES = {'"', "\u201c", "\u201d", "''", "``"}
CLAUSAL = {"ccomp", "xcomp", "parataxis"}
EDGE_PUNCT = {",", ";", "--", "\u2014", "\u2013", "-", ":"}


@dataclass
class Relation:
    """One attribution relation as token ranges into a Doc; ``source`` and ``cue`` may be empty."""

    source: Segments
    cue: Segments
    content: Segments

    def texts(self, doc: Doc) -> dict[str, str]:
        """The text of each part, segments joined by a space."""
        return {part: " ".join(doc[s:e].text for s, e in getattr(self, part))
                for part in ("source", "cue", "content")}

    def quoted(self, doc: Doc) -> bool:
        """Whether the content is a direct quotation: it opens inside quotation marks."""
        if not self.content:
            return False
        start = self.content[0][0]
        return doc[start].text in QUOTES or (start > 0 and doc[start - 1].text in QUOTES) \
            or inside_quotes(doc, start)


@functools.lru_cache(maxsize=2)
def _text(doc: Doc) -> str:
    """The text of the article being read (spaCy joins it anew on each ``doc.text``)."""
    return doc.text


def inside_quotes(doc: Doc, index: int) -> bool:
    """Whether an odd number of quotation marks opens the paragraph before token ``index``."""
    text = _text(doc)
    end = doc[index].idx
    before = text[text.rfind("\n", 0, end) + 1:end]
    return (sum(before.count(mark) for mark in ('"', "\u201c", "\u201d", "``", "''"))) % 2 == 1


@functools.cache
def saying_lemmas() -> dict[str, str]:
    """Lemmas of verbs and nouns that attribute, with the status they give (``reported`` unless a
    claim, allegation or denial)."""
    table = cues.load()["attribution"]
    return {**dict.fromkeys(table["saying_verbs"], "reported"), **table["verbs"], **table["report_nouns"]}


def segments(indices: list[int]) -> Segments:
    """Sorted token indices as contiguous ranges.

    >>> segments([1, 2, 3, 7, 8])
    [(1, 4), (7, 9)]
    """
    found: Segments = []
    for i in sorted(indices):
        if found and found[-1][1] == i:
            found[-1] = (found[-1][0], i + 1)
        else:
            found.append((i, i + 1))
    return found


def _trimmed(tokens: list[Token]) -> list[int]:
    """Indices of ``tokens`` without punctuation at either end (quotation marks stay)."""
    indices = [t.i for t in tokens]
    doc = tokens[0].doc if tokens else None
    while indices and (doc[indices[0]].text in EDGE_PUNCT or doc[indices[0]].is_space):
        indices.pop(0)
    while indices and (doc[indices[-1]].text in EDGE_PUNCT | {"."} or doc[indices[-1]].is_space):
        indices.pop()
    return indices


def _phrase(token: Token) -> list[int]:
    """The speaker's phrase: its subtree without a relative clause or trailing punctuation."""
    dropped = {t.i for c in token.children if c.dep_ in ("relcl", "punct") for t in c.subtree}
    return _trimmed([t for t in token.subtree if t.i not in dropped])


def _cue(verb: Token) -> list[int]:
    """The verb with its auxiliaries and negation ("has said", "did not say")."""
    return sorted([verb.i, *(c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg"))])


def rule_relations(sent: Span) -> list[Relation]:
    """Relations the cue rules find in one sentence: a verb of saying with a clause ("officials said
    the army struck", "the army struck, officials said", "The strikes, officials said, hit ..."), a
    report noun with its clause ("reports that"), "according to X"."""
    lemmas = saying_lemmas()
    found = []
    inside = {t.i for t in sent}
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in lemmas and token.pos_ in ("VERB", "AUX", "NOUN"):
            clause = next((c for c in token.children if c.dep_ in CLAUSAL or (
                c.dep_ == "acl" and token.pos_ == "NOUN" and any(m.dep_ in ("mark", "nsubj") for m in c.children))),
                None)
            speaker = speaker_of(token) if token.pos_ != "NOUN" else None
            if clause is not None:
                content = _trimmed(list(clause.subtree))
            elif token.pos_ != "NOUN" and speaker is not None and (
                    token.dep_ == "parataxis" or token.dep_ == "ccomp" and token.i > token.head.i):
                own = {t.i for t in token.subtree}
                content = _trimmed([t for t in sent if t.i not in own and t.i in inside])
            else:
                continue
            if content:
                found.append(Relation(segments(_phrase(speaker)) if speaker is not None else [],
                                      segments(_cue(token)), segments(content)))
        elif token.lower_ == "according" and token.dep_ == "prep":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is None:
                continue
            own = {t.i for t in token.subtree}
            content = _trimmed([t for t in sent if t.i not in own])
            if content:
                found.append(Relation(segments(_phrase(pobj)), [(token.i, to.i + 1)], segments(content)))
    return found
