"""The attribution tagger learned from PolNeAR: Source, Cue and Content spans of each paragraph.

A linear-chain tagger (averaged structured perceptron, built by ``scripts/train_attribution.py``;
its card is docs/attribution.md) reads each paragraph of a parsed article as one sequence of tokens,
so that the content of a quote can run over several sentences, and gives each token a BIO tag of
``TAGS``. The features of a token are its word, lemma, tags, dependency and head, its neighbours,
whether it stands in quotation marks, where it stands from the cue words the corpus taught
(``cue_lemmas`` in the weights file) and the role the cue rules give it (``relations.rule_relations``).
Tagged spans are then paired: each content with the nearest cue, each cue with the nearest source.
Numpy only at run time.

>>> from eventwire.nlp import load
>>> doc = load()('"We will sign the accord on Friday," the minister told reporters.')
>>> [r.texts(doc) for r in Tagger.load().relations(doc)]
[{'source': 'the minister', 'cue': 'told', 'content': '"We will sign the accord on Friday,"'}]
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # spaCy loads only when coding
    from spacy.tokens import Doc

from .relations import QUOTES, Relation, rule_relations

TAGS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")  # S source, C cue, T content
ROLES = {"S": "source", "C": "cue", "T": "content"}
MAX_UNIT = 300  # tokens: a longer paragraph is read in pieces, cut between sentences
WEIGHTS = "data/attribution_tagger.npz"


def allowed() -> np.ndarray:
    """``allowed()[a, b]``: whether tag b may follow tag a (an I- tag only after its B- or I-)."""
    table = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for b, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            table[:, b] = [other[2:] == tag[2:] and other != "O" for other in TAGS]
    return table


def units(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges of the paragraphs of ``doc`` (a line break ends one), cut between sentences
    into pieces of at most ``MAX_UNIT`` tokens, without the line-break tokens."""
    start = None
    for token in doc:
        if token.is_space and "\n" in token.text:
            if start is not None:
                yield from _pieces(doc, start, token.i)
            start = None
        elif start is None:
            start = token.i
    if start is not None:
        yield from _pieces(doc, start, len(doc))


def _pieces(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_UNIT:
        cuts = [s.start for s in doc[start:end].sents if start < s.start <= start + MAX_UNIT]
        cut = cuts[-1] if cuts else start + MAX_UNIT
        yield start, cut
        start = cut
    yield start, end


def _shape(text: str) -> str:
    if text.isdigit():
        return "d"
    if text.isupper():
        return "X" if len(text) > 1 else "X1"
    if text[:1].isupper():
        return "Xx"
    return "x" if text.isalpha() else "p"


def _cue_ancestors(heads: list[int], deps: list[str], lemmas: list[str], cue: list[bool]) -> list[str]:
    """For each token of a unit, how it hangs from the nearest cue word above it: the link below
    that word and its lemma, or "-" (``heads`` as positions in the unit)."""
    found = []
    for i in range(len(heads)):
        below, link = i, "-"
        for _ in range(12):
            head = heads[below]
            if head == below:
                break
            if cue[head]:
                link = f"{deps[below]}|{lemmas[head]}"
                break
            below = head
        found.append(link)
    return found


def _nearest(marks: list[bool]) -> list[int | None]:
    """For each position, the nearest marked position (the left one on a tie), or None.

    >>> _nearest([False, True, False, False, True])
    [1, 1, 1, 4, 4]
    """
    left: list[int | None] = []
    for k, marked in enumerate(marks):
        left.append(k if marked else left[-1] if left else None)
    found: list[int | None] = [None] * len(marks)
    right = None
    for k in range(len(marks) - 1, -1, -1):
        right = k if marks[k] else right
        found[k] = left[k] if left[k] is not None and (right is None or k - left[k] <= right - k) else right
    return found


def features(doc: Doc, start: int, end: int, cue_lemmas: frozenset[str],
             rules: list[Relation] | None = None) -> list[list[str]]:
    """The feature strings of each token of ``doc[start:end]`` (``rules``: the relations the cue rules
    find in its sentences, when already known)."""
    tokens = list(doc[start:end])
    n = len(tokens)
    roles = ["-"] * n
    if rules is None:
        rules = [r for sent in doc[start:end].sents for r in rule_relations(sent)]
    for relation in rules:
        for role, segs in (("T", relation.content), ("S", relation.source), ("C", relation.cue)):
            for s, e in segs:
                for i in range(max(s, start), min(e, end)):
                    roles[i - start] = role + ("B" if i == s else "I")
    lower = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    pos = [t.pos_ for t in tokens]
    deps = [t.dep_ for t in tokens]
    heads = [min(max(t.head.i - start, 0), n - 1) for t in tokens]
    cue = [lemma in cue_lemmas for lemma in lemmas]
    sentence, starts = [], []
    for k, t in enumerate(tokens):
        starts.append(t.is_sent_start or k == 0)
        sentence.append(len(sentence) and sentence[-1] + starts[-1])
    ends = [*starts[1:], True]
    quoted, inside = [], False
    for t in tokens:
        is_quote = t.text in QUOTES or t.tag_ in ("``", "''")
        if is_quote:
            inside = not inside
        quoted.append("q" if is_quote else "in" if inside else "out")
    ancestors = _cue_ancestors(heads, deps, lemmas, cue)
    kids = [[False, False, False] for _ in tokens]  # has a clause, a subject, an object below it
    for k, head in enumerate(heads):
        if head != k:
            slot = 0 if deps[k] in ("ccomp", "xcomp", "parataxis") else 1 if deps[k].startswith("nsubj") else \
                2 if deps[k] in ("dobj", "pobj") else None
            if slot is not None:
                kids[head][slot] = True
    nearest_cue = _nearest(cue)
    found = []
    for k, t in enumerate(tokens):
        lemma, dep, quote, role, head = lemmas[k], deps[k], quoted[k], roles[k], heads[k]
        nearest = nearest_cue[k]
        side = "none" if nearest is None else "at" if nearest == k else "before" if k < nearest else "after"
        side = f"{side}|{nearest is not None and sentence[nearest] == sentence[k]}"
        prev_w, prev_p, prev_l = (lower[k - 1], pos[k - 1], lemmas[k - 1]) if k else ("^", "^", "^")
        next_w, next_p = (lower[k + 1], pos[k + 1]) if k + 1 < n else ("$", "$")
        far_prev, far_next = lower[k - 2] if k > 1 else "^", lower[k + 2] if k + 2 < n else "$"
        where = min(k, 6)  # a colon after the first words: "PENCE: Well, ...", "Poll: ..."
        found.append([
            "b", "w=" + lower[k], "l=" + lemma, "p=" + pos[k], "t=" + t.tag_, "d=" + dep, "s=" + _shape(t.text),
            f"e={t.ent_iob_}{t.ent_type_}", "h=" + lemmas[head], f"dh={dep}|{lemmas[head]}", f"hp={dep}|{pos[head]}",
            "w-=" + prev_w, "w+=" + next_w, f"pp={prev_p}|{pos[k]}", f"pn={pos[k]}|{next_p}",
            "q=" + quote, f"qd={quote}|{dep}", f"qp={quote}|{pos[k]}", f"c={cue[k]}|{pos[k]}",
            "a=" + ancestors[k], "ad=" + ancestors[k].split("|")[0], "side=" + side, f"sd={side}|{dep}",
            f"sq={side}|{quote}", "r=" + role, f"rd={role}|{dep}", f"ss={starts[k]}|{quote}", f"se={ends[k]}",
            f"hc={cue[head]}|{dep}", "w--=" + far_prev, "w++=" + far_next, f"ll={prev_l}|{lemma}",
            f"hd={dep}|{deps[head]}", f"k={kids[k]}|{pos[k]}", f"kc={kids[k]}|{cue[k]}", f"u={where}|{pos[k]}",
            f"up={where}|{t.text if t.is_punct else '-'}|{prev_p}",
        ])
    return found


def spans(tags: list[str], offset: int = 0) -> list[tuple[str, int, int]]:
    """The (role letter, start, end) spans of a BIO tag sequence, token indices shifted by ``offset``.

    >>> spans(["B-S", "B-C", "B-T", "I-T", "O"])
    [('S', 0, 1), ('C', 1, 2), ('T', 2, 4)]
    """
    found: list[tuple[str, int, int]] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        if tag.startswith("I-") and found and found[-1][0] == tag[2:] and found[-1][2] == i + offset:
            found[-1] = (found[-1][0], found[-1][1], i + offset + 1)
        else:
            found.append((tag[2:], i + offset, i + offset + 1))
    return found


def _gap(a: tuple[str, int, int], b: tuple[str, int, int]) -> int:
    return max(a[1] - b[2], b[1] - a[2], 0)


def pair(found: list[tuple[str, int, int]], doc: Doc) -> tuple[list[Relation], list[tuple[int, int]]]:
    """Relations from the tagged spans of one unit: each content joins the nearest cue (one in its
    sentence first), contents of one cue becoming segments of one content; each cue takes the
    nearest source. A cue without content is dropped; contents with no cue in the unit are
    returned apart (a quote may go on from the paragraph before).

    >>> from eventwire.nlp import load
    >>> doc = load()("Rain fell, he said.")
    >>> pair([("T", 0, 2), ("S", 3, 4), ("C", 4, 5)], doc)
    ([Relation(source=[(3, 4)], cue=[(4, 5)], content=[(0, 2)])], [])
    """
    cue_spans = [s for s in found if s[0] == "C"]
    source_spans = [s for s in found if s[0] == "S"]
    sentence = {s[1]: doc[s[1]].sent.start for s in found}

    def nearest(span, candidates):
        return min(candidates, key=lambda c: (sentence[c[1]] != sentence[span[1]], _gap(span, c)), default=None)

    contents: dict[tuple, list] = {}
    orphans = []
    for span in (s for s in found if s[0] == "T"):
        cue = nearest(span, cue_spans)
        if cue is None:
            orphans.append(span[1:])
        else:
            contents.setdefault(cue, []).append(span)
    relations = []
    for cue, parts in contents.items():
        source = nearest(cue, source_spans)
        relations.append(Relation([source[1:]] if source else [], [cue[1:]], [p[1:] for p in parts]))
    return relations, orphans


_FORBIDDEN = np.where(allowed(), 0.0, -1e9)  # added to the tag-to-tag scores
_NOT_FIRST = np.where([t.startswith("I-") for t in TAGS], -1e9, 0.0)  # no I- tag opens a sequence


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best tag sequence given each token's tag scores (n x tags) and the tag-to-tag scores
    (``transitions[-1]``: from the start), I- tags only where ``allowed``.

    >>> viterbi(np.array([[0, 0, 0, 0, 0, 0, 5.0], [0, 0, 0, 0, 0, 0, 5.0]]), np.zeros((8, 7)))
    [5, 6]
    """
    steps = transitions[:-1] + _FORBIDDEN
    score = transitions[-1] + emissions[0] + _NOT_FIRST
    back = np.zeros((len(emissions), len(TAGS)), dtype=np.int64)
    for i in range(1, len(emissions)):
        total = score[:, None] + steps
        back[i] = total.argmax(axis=0)
        score = total.max(axis=0) + emissions[i]
    best = [int(score.argmax())]
    for i in range(len(emissions) - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return best[::-1]


def _with_rules(found: list[Relation], rules: list[Relation]) -> list[Relation]:
    """The tagged relations, a content the cue rules split around its cue ("The army, officials said,
    shelled ...") taking the rules' segments where the tagger kept only one of them."""
    for rule in rules:
        for relation in found:
            if relation.cue and relation.cue[0][0] <= rule.cue[0][0] < relation.cue[-1][1] \
                    and len(rule.content) > len(relation.content) == 1 \
                    and any(s <= relation.content[0][0] < e for s, e in rule.content):
                relation.content = list(rule.content)
    return found


def _nested(found: list[Relation], doc: Doc) -> list[Relation]:
    """Content that stops where another relation of its sentence begins takes that relation in:
    "The Herald reported that Trump threatened Maduro" is tagged as content "that", then a relation
    (Trump, threatened, Maduro); the Herald's content runs to the end of the inner one. A content
    closed by a quotation mark or a full stop takes nothing in, nor does one across a paragraph break."""
    for outer in found:
        end = outer.content[-1][1]
        for inner in found:
            parts = [*inner.source, *inner.cue, *inner.content]
            first, last = min(s for s, _ in parts), max(e for _, e in parts)
            if inner is not outer and end <= first <= end + 1 and doc[first].sent.start == doc[end - 1].sent.start \
                    and doc[end - 1].text not in QUOTES | {".", "?", "!"} \
                    and not any("\n" in t.text for t in doc[end - 1:first + 1]):
                outer.content[-1] = (outer.content[-1][0], last)
                end = last
    return found


class Tagger:
    """The weights of the tagger: a row of tag scores per known feature, tag-to-tag scores."""

    def __init__(self, vocabulary: list[str], weights: np.ndarray, transitions: np.ndarray,
                 cue_lemmas: frozenset[str]) -> None:
        self.index = {name: i for i, name in enumerate(vocabulary)}
        self.weights = np.vstack([weights, np.zeros((1, len(TAGS)), dtype=weights.dtype)]).astype(np.float32)
        self.transitions = transitions.astype(np.float32)  # rows: previous tag, then the start
        self.cue_lemmas = cue_lemmas

    @classmethod
    @functools.cache
    def load(cls, path: str | Path | None = None) -> Tagger:
        """The shipped tagger, or the one saved at ``path``."""
        source = Path(path) if path else resources.files("eventwire.attributes").joinpath(WEIGHTS)
        with source.open("rb") as handle, np.load(handle) as data:
            vocabulary = bytes(data["vocabulary"]).decode("utf-8").split("\n")
            cue_lemmas = frozenset(bytes(data["cue_lemmas"]).decode("utf-8").split("\n"))
            return cls(vocabulary, data["weights"], data["transitions"], cue_lemmas)

    def ids(self, rows: list[list[str]]) -> np.ndarray:
        """Feature ids of each token, every token having as many features (unknown features point at a
        row of zeros)."""
        names = [name for row in rows for name in row]
        found = map(self.index.get, names, itertools.repeat(len(self.weights) - 1))
        return np.fromiter(found, dtype=np.int64, count=len(names)).reshape(len(rows), -1)

    def decode(self, ids: np.ndarray) -> list[int]:
        """The best tag sequence for tokens with these feature ids."""
        return viterbi(self.weights[ids].sum(axis=1), self.transitions)

    def tag(self, ids: np.ndarray) -> list[str]:
        """The BIO tags of tokens with these feature ids."""
        return [TAGS[k] for k in self.decode(ids)]

    def relations(self, doc: Doc, known: dict[int, np.ndarray] | None = None) -> list[Relation]:
        """The attribution relations of a parsed article, in text order; content with no cue in its
        paragraph that opens a quotation goes on the last quote of the paragraph before. ``known``:
        the feature ids of units by their first token, where already computed."""
        found: list[Relation] = []
        rules: list[Relation] = []
        before: list[Relation] = []  # the relations of the paragraph before
        for start, end in units(doc):
            unit_rules = [r for sent in doc[start:end].sents for r in rule_relations(sent)]
            rules += unit_rules
            ids = (known or {}).get(start)
            if ids is None:
                ids = self.ids(features(doc, start, end, self.cue_lemmas, unit_rules))
            relations, orphans = pair(spans(self.tag(ids), start), doc)
            quoted = [r for r in before if r.quoted(doc)]
            if quoted and orphans and doc[orphans[0][0]].text in QUOTES:
                quoted[-1].content.extend(orphans)  # a quote going on over paragraphs
            found.extend(relations)
            before = relations
        return _nested(sorted(_with_rules(found, rules), key=lambda r: r.content[0]), doc)


__all__ = ["TAGS", "Tagger", "allowed", "features", "pair", "spans", "units", "viterbi"]
