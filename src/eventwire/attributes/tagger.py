"""The attribution tagger learned from PolNeAR: Source, Cue and Content spans of each paragraph.

A linear-chain tagger (averaged structured perceptron, built by ``scripts/train_attribution.py``;
its card is docs/attribution.md) reads each paragraph of a parsed article as one sequence of tokens,
so that the content of a quote can run over several sentences, and gives each token a BIO tag of
``TAGS``. The features of a token are its word, lemma, tags, dependency and head, its neighbours,
whether it stands in quotation marks, where it stands from the cue words the corpus taught
(``cue_lemmas`` in the weights file) and the role the cue rules give it (``relations.rule_relations``),
each a 64-bit key computed for all the tokens of an article at once (``features``). Tagged spans
are then paired: each content with the nearest cue, each cue with the nearest source.
Numpy only at run time.

>>> from eventwire.nlp import load
>>> doc = load()('"We will sign the accord on Friday," the minister told reporters.')
>>> [r.texts(doc) for r in Tagger.load().relations(doc)]
[{'source': 'the minister', 'cue': 'told', 'content': '"We will sign the accord on Friday,"'}]
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # spaCy loads only when coding
    from spacy.tokens import Doc

from .relations import QUOTES, Relation, rule_relations, saying_lemmas

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
    from spacy.attrs import IS_SPACE, ORTH

    orth, space = doc.to_array([ORTH, IS_SPACE]).T
    breaks = np.flatnonzero(space == 1)
    breaks = breaks[_of_text(orth[breaks], doc, lambda text: "\n" in text, bool)]
    for start, end in zip([0, *(breaks + 1).tolist()], [*breaks.tolist(), len(doc)]):
        if start < end:
            yield from _pieces(doc, start, end)


def _pieces(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_UNIT:
        cuts = [s.start for s in doc[start:end].sents if start < s.start <= start + MAX_UNIT]
        cut = cuts[-1] if cuts else start + MAX_UNIT
        yield start, cut
        start = cut
    yield start, end


@functools.cache
def _id(text: str) -> np.uint64:
    """spaCy's id of a string (its hash; the symbol number of a tag or dependency label)."""
    from spacy.strings import get_string_id

    return np.uint64(get_string_id(text))


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _key(template: str, *parts: np.ndarray) -> np.ndarray:
    """The keys of one feature template: the template's name mixed with the ids of its parts, token by
    token; two keys are equal where the feature strings ``template=part|part...`` would be.

    >>> dep, head = np.array([1, 2, 1], dtype=np.uint64), np.array([5, 5, 5], dtype=np.uint64)
    >>> keys = _key("dh=", dep, head)
    >>> bool(keys[0] == keys[2]), bool(keys[0] == keys[1]), bool(keys[0] == _key("hp=", dep, head)[0])
    (True, False, False)
    """
    key = np.full(len(parts[0]), _id(template), dtype=np.uint64)
    for part in parts:
        key = (key ^ part) * _MIX
    return key


def _of_text(values: np.ndarray, doc: Doc, function, dtype=np.uint64) -> np.ndarray:
    """``function`` of the string of each id of ``values`` (ids of ``doc``'s strings), computed once per
    distinct id."""
    distinct, inverse = np.unique(values, return_inverse=True)
    strings = doc.vocab.strings
    return np.array([function(strings[v]) for v in distinct.tolist()], dtype=dtype)[inverse.reshape(-1)]


_LOWERED: dict[int, int] = {}  # a lemma's id -> the id of the lemma in lower case, as met


def _lowered(lemmas: np.ndarray, doc: Doc) -> np.ndarray:
    """The ids of the lemmas ``lemmas`` (ids) in lower case."""
    from spacy.strings import get_string_id

    distinct, inverse = np.unique(lemmas, return_inverse=True)
    if len(_LOWERED) > 500_000:
        _LOWERED.clear()
    found = [_LOWERED.get(v) for v in distinct.tolist()]
    for k, v in enumerate(distinct.tolist()):
        if found[k] is None:
            found[k] = _LOWERED[v] = get_string_id(doc.vocab.strings[v].lower())
    return np.array(found, dtype=np.uint64)[inverse.reshape(-1)]


@functools.cache
def _ids_of(words: frozenset[str]) -> np.ndarray:
    """The ids of ``words``, sorted."""
    return np.unique(np.array([_id(word) for word in words], dtype=np.uint64))


def _among(values: np.ndarray, *words: str | frozenset[str]) -> np.ndarray:
    """Whether each id of ``values`` is the id of one of ``words`` (strings or sets of them)."""
    ids = _ids_of(frozenset(w for group in words for w in ([group] if isinstance(group, str) else group)))
    at = np.minimum(np.searchsorted(ids, values), len(ids) - 1)
    return ids[at] == values


def _ancestors(heads: np.ndarray, cue: np.ndarray, deps: np.ndarray,
               lemmas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each token, how it hangs from the nearest cue word above it (at most 12 links up): whether
    it does, and the ids of the link below that word and of its lemma (``heads``: each token's head
    within its unit).

    >>> linked, link = _ancestors(np.array([1, 1, 1]), np.array([False, True, False]), np.array([5, 6, 7]),
    ...                           np.array([8, 9, 10]))
    >>> linked.tolist(), link[:, 0].tolist(), link[:, 1].tolist()
    ([True, False, True], [5, 0, 7], [9, 0, 9])
    """
    below = np.arange(len(heads))
    link = np.zeros((len(heads), 2), dtype=np.uint64)
    linked = np.zeros(len(heads), dtype=bool)
    going = np.ones(len(heads), dtype=bool)
    for _ in range(12):
        head = heads[below]
        going &= head != below
        hit = going & cue[head]
        link[hit] = np.stack([deps[below[hit]], lemmas[head[hit]]], axis=1)
        linked |= hit
        going &= ~hit
        below = np.where(going, head, below)
    return linked, link


def features(doc: Doc, pieces: list[tuple[int, int]], cue_lemmas: frozenset[str],
             rules: list[list[Relation]]) -> np.ndarray:
    """The feature keys of the tokens of the units ``pieces`` of ``doc`` (``rules``: the relations the
    cue rules find in each unit's sentences): one row a token, in order, one column a template.

    A feature is a template over a token's word, lemma, tags, dependency and head, its neighbours in
    the unit, whether it stands in quotation marks, where it stands from the nearest cue word
    (``cue_lemmas``), the role the cue rules give it; each is a 64-bit key (``_key``), computed for all
    tokens at once."""
    from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_UPPER, LEMMA, LENGTH,
                             LOWER, ORTH, POS, PREFIX, SENT_START, TAG)

    orth, lower, lemma, pos, tag, dep, head, iob, ent, sent_start, punct, digit, upper, alpha, length, prefix = \
        doc.to_array([ORTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START, IS_PUNCT, IS_DIGIT,
                      IS_UPPER, IS_ALPHA, LENGTH, PREFIX]).T
    at = np.arange(len(doc))
    first, last = at.copy(), at.copy()  # the unit of each token (a line break: its own)
    for start, end in pieces:
        first[start:end], last[start:end] = start, end - 1
    local = at - first
    heads = np.clip(at + head.astype(np.int64), first, last)
    lemma = _lowered(lemma, doc)
    cue = _among(lemma, cue_lemmas)
    shape = np.where(digit == 1, _id("d"), np.where(upper == 1, np.where(length > 1, _id("X"), _id("X1")), np.where(
        _of_text(prefix, doc, str.isupper, bool), _id("Xx"), np.where(alpha == 1, _id("x"), _id("p")))))
    true, false, dash = np.uint64(_id("True")), np.uint64(_id("False")), np.uint64(_id("-"))
    is_quote = _among(orth, frozenset(QUOTES)) | _among(tag, "``", "''")
    quotes = np.cumsum(is_quote)
    inside = (quotes - quotes[first] + is_quote[first]) % 2 == 1
    quote = np.where(is_quote, _id("q"), np.where(inside, _id("in"), _id("out"))).astype(np.uint64)
    starts = (sent_start.astype(np.int64) == 1) | (local == 0)
    ends = np.append(starts[1:], True) | (at == last)
    sentence = np.cumsum(starts)
    left = np.maximum.accumulate(np.where(cue, at, -1))
    right = np.minimum.accumulate(np.where(cue, at, len(doc))[::-1])[::-1]
    has_left, has_right = left >= first, right <= last
    nearest = np.where(has_left & (~has_right | (at - left <= right - at)), left, np.where(has_right, right, at))
    found = has_left | has_right
    side = np.where(~found, _id("none"), np.where(nearest == at, _id("at"), np.where(
        at < nearest, _id("before"), _id("after")))).astype(np.uint64)
    same = np.where(found & (sentence[nearest] == sentence), true, false)
    linked, link = _ancestors(heads, cue, dep, lemma)
    below = heads != at
    kids = np.zeros(len(doc), dtype=np.int64)  # has a clause, a subject, an object below it: bits 4, 2, 1
    subject = _of_text(dep, doc, lambda text: text.startswith("nsubj"), bool)
    for bit, mask in ((4, _among(dep, "ccomp", "xcomp", "parataxis")), (2, subject), (1, _among(dep, "dobj", "pobj"))):
        kids[np.unique(heads[below & mask])] |= bit
    kids = np.array([_id(str([bool(k & 4), bool(k & 2), bool(k & 1)])) for k in range(8)], dtype=np.uint64)[kids]
    role = np.full(len(doc), dash, dtype=np.uint64)
    for (start, end), unit_rules in zip(pieces, rules):
        for relation in unit_rules:
            for letter, segs in (("T", relation.content), ("S", relation.source), ("C", relation.cue)):
                for s, e in segs:
                    if max(s, start) < min(e, end):
                        role[max(s, start):min(e, end)] = _id(letter + "I")
                    if start <= s < end:
                        role[s] = _id(letter + "B")
    booleans = np.array([false, true], dtype=np.uint64)

    def shifted(values, by, edge, ok):
        return np.where(ok, np.roll(values, -by), np.uint64(_id(edge))).astype(np.uint64)

    prev_w, prev_p, prev_l = (shifted(v, -1, "^", local > 0) for v in (lower, pos, lemma))
    next_w, next_p = (shifted(v, 1, "$", at < last) for v in (lower, pos))
    far_prev, far_next = shifted(lower, -2, "^", local > 1), shifted(lower, 2, "$", at + 1 < last)
    where = np.array([_id(str(k)) for k in range(7)], dtype=np.uint64)[np.minimum(local, 6)]
    entity = np.array([_id(s) for s in ("", "I", "O", "B")], dtype=np.uint64)[iob.astype(np.int64)]
    head_lemma, head_pos, head_dep, head_cue = lemma[heads], pos[heads], dep[heads], booleans[cue[heads].astype(int)]
    is_cue = booleans[cue.astype(int)]
    columns = [
        _key("b", np.zeros(len(doc), dtype=np.uint64)), _key("w=", lower), _key("l=", lemma), _key("p=", pos),
        _key("t=", tag), _key("d=", dep), _key("s=", shape), _key("e=", entity, ent), _key("h=", head_lemma),
        _key("dh=", dep, head_lemma), _key("hp=", dep, head_pos), _key("w-=", prev_w), _key("w+=", next_w),
        _key("pp=", prev_p, pos), _key("pn=", pos, next_p), _key("q=", quote), _key("qd=", quote, dep),
        _key("qp=", quote, pos), _key("c=", is_cue, pos),
        np.where(linked, _key("a=", link[:, 0], link[:, 1]), _key("a=", np.full(len(doc), dash))),
        _key("ad=", np.where(linked, link[:, 0], dash)), _key("side=", side, same), _key("sd=", side, same, dep),
        _key("sq=", side, same, quote), _key("r=", role), _key("rd=", role, dep),
        _key("ss=", booleans[starts.astype(int)], quote), _key("se=", booleans[ends.astype(int)]),
        _key("hc=", head_cue, dep), _key("w--=", far_prev), _key("w++=", far_next), _key("ll=", prev_l, lemma),
        _key("hd=", dep, head_dep), _key("k=", kids, pos), _key("kc=", kids, is_cue), _key("u=", where, pos),
        _key("up=", where, np.where(punct == 1, orth, dash), prev_p),
    ]
    return np.stack(columns, axis=1)[np.concatenate([at[s:e] for s, e in pieces] or [at[:0]])]


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


def pair(found: list[tuple[str, int, int]], sentence) -> tuple[list[Relation], list[tuple[int, int]]]:
    """Relations from the tagged spans of one unit: each content joins the nearest cue (one in its
    sentence first), contents of one cue becoming segments of one content; each cue takes the
    nearest source. A cue without content is dropped; contents with no cue in the unit are
    returned apart (a quote may go on from the paragraph before). ``sentence``: the sentence
    number of each token of the article.

    >>> pair([("T", 0, 2), ("S", 3, 4), ("C", 4, 5)], [0, 0, 0, 0, 0, 0])  # Rain fell, he said.
    ([Relation(source=[(3, 4)], cue=[(4, 5)], content=[(0, 2)])], [])
    """
    cue_spans = [s for s in found if s[0] == "C"]
    source_spans = [s for s in found if s[0] == "S"]

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


def viterbi(emissions: list[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """The best tag sequence of each of several sequences given each token's tag scores (n x tags) and the
    tag-to-tag scores (``transitions[-1]``: from the start), I- tags only where ``allowed``; the
    sequences are decoded side by side, one step for all at a time.

    >>> viterbi([np.array([[0, 0, 0, 0, 0, 0, 5.0], [0, 0, 0, 0, 0, 0, 5.0]]), np.array([[0, 0, 0, 5.0, 0, 0, 0]])],
    ...         np.zeros((8, 7)))
    [[5, 6], [3]]
    """
    if not emissions:
        return []
    order = sorted(range(len(emissions)), key=lambda k: -len(emissions[k]))  # the longest first
    lengths = [len(emissions[k]) for k in order]
    padded = np.zeros((lengths[0], len(order), len(TAGS)), dtype=emissions[0].dtype)  # step, sequence, tag
    for j, k in enumerate(order):
        padded[:lengths[j], j] = emissions[k]
    going = [bisect.bisect_left([-n for n in lengths], -i) for i in range(lengths[0])]  # sequences longer than i
    steps = transitions[:-1] + _FORBIDDEN
    scores = np.empty(padded.shape, dtype=np.float64)
    scores[0] = transitions[-1] + padded[0] + _NOT_FIRST
    back = np.zeros(padded.shape, dtype=np.uint8)
    total = np.empty((len(order), len(TAGS), len(TAGS)))
    add, maximum = np.add, np.maximum.reduce
    for i in range(1, lengths[0]):
        m = going[i]
        add(scores[i - 1, :m, :, None], steps, out=total[:m])
        back[i, :m] = total[:m].argmax(axis=1)
        add(maximum(total[:m], axis=1), padded[i, :m], out=scores[i, :m])
    found: list[list[int]] = [[] for _ in order]
    for j, k in enumerate(order):
        n = lengths[j]
        pointers = back[1:n, j].tolist()
        best = [int(scores[n - 1, j].argmax())]
        for i in range(n - 2, -1, -1):
            best.append(pointers[i][best[-1]])
        found[k] = best[::-1]
    return found


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


def _nested(found: list[Relation], doc: Doc, sentence) -> list[Relation]:
    """Content that stops where another relation of its sentence begins takes that relation in:
    "The Herald reported that Trump threatened Maduro" is tagged as content "that", then a relation
    (Trump, threatened, Maduro); the Herald's content runs to the end of the inner one. A content
    closed by a quotation mark or a full stop takes nothing in, nor does one across a paragraph break.
    ``sentence``: the sentence number of each token."""
    def bounds(relation):
        parts = [*relation.source, *relation.cue, *relation.content]
        return min(s for s, _ in parts), max(e for _, e in parts)

    extent = [bounds(r) for r in found]
    for k, outer in enumerate(found):
        end = outer.content[-1][1]
        for j in range(len(found)):
            first, last = extent[j]
            if j != k and end <= first <= end + 1 and sentence[first] == sentence[end - 1] \
                    and doc[end - 1].text not in QUOTES | {".", "?", "!"} \
                    and not any("\n" in t.text for t in doc[end - 1:first + 1]):
                outer.content[-1] = (outer.content[-1][0], last)
                end = last
                extent[k] = bounds(outer)
    return found


def rules_of(doc: Doc, pieces: list[tuple[int, int]]) -> list[list[Relation]]:
    """The relations the cue rules find in the sentences of each unit (``relations.rule_relations``), read
    only in sentences with a word that can be a cue (a lemma of ``saying_lemmas``, "according")."""
    from spacy.attrs import LEMMA, LOWER

    lemma, lower = doc.to_array([LEMMA, LOWER]).T
    cue = _among(_lowered(lemma, doc), frozenset(saying_lemmas())) | (lower == _id("according"))
    return [[r for sent in doc[start:end].sents if cue[sent.start:sent.end].any() for r in rule_relations(sent)]
            for start, end in pieces]


class Tagger:
    """The weights of the tagger: a row of tag scores per known feature key (``keys``), tag-to-tag scores.
    A key's row is found in an open-addressing hash table (``slots``: a key and its row in each, the
    slot found from the key's top bits, the next ones on a collision)."""

    def __init__(self, keys: np.ndarray, weights: np.ndarray, transitions: np.ndarray,
                 cue_lemmas: frozenset[str]) -> None:
        self.keys = keys.astype(np.uint64)
        self.weights = np.vstack([weights, np.zeros((1, len(TAGS)))]).astype(np.float32)
        self.transitions = transitions.astype(np.float32)  # rows: previous tag, then the start
        self.cue_lemmas = cue_lemmas
        bits = (3 * len(keys)).bit_length()  # at most a third of the slots taken
        self.shift, self.mask = np.uint64(64 - bits), (1 << bits) - 1
        self.slot_keys = np.zeros(1 << bits, dtype=np.uint64)
        self.slot_rows = np.full(1 << bits, len(keys), dtype=np.int32)  # empty: the row of zeros
        waiting, at = np.arange(len(keys)), (self.keys >> self.shift).astype(np.int64)
        while len(waiting):
            free = np.flatnonzero(self.slot_rows[at] == len(keys))
            slots, first = np.unique(at[free], return_index=True)
            self.slot_rows[slots], self.slot_keys[slots] = waiting[free[first]], self.keys[waiting[free[first]]]
            left = np.ones(len(waiting), dtype=bool)
            left[free[first]] = False
            waiting, at = waiting[left], (at[left] + 1) & self.mask

    @classmethod
    @functools.cache
    def load(cls, path: str | Path | None = None) -> Tagger:
        """The shipped tagger, or the one saved at ``path``."""
        source = Path(path) if path else resources.files("eventwire.attributes").joinpath(WEIGHTS)
        with source.open("rb") as handle, np.load(handle) as data:
            cue_lemmas = frozenset(bytes(data["cue_lemmas"]).decode("utf-8").split("\n"))
            return cls(data["keys"], data["weights"], data["transitions"], cue_lemmas)

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """The row of ``weights`` of each feature key (an unknown feature: the last row, of zeros)."""
        keys = keys.reshape(-1)
        found = np.full(len(keys), len(self.keys), dtype=np.int32)
        waiting, at = np.arange(len(keys)), (keys >> self.shift).astype(np.int64)
        while len(waiting):
            rows = self.slot_rows[at]
            hit = self.slot_keys[at] == keys[waiting]
            found[waiting[hit]] = rows[hit]
            going = ~hit & (rows != len(self.keys))
            waiting, at = waiting[going], (at[going] + 1) & self.mask
        return found

    def tag(self, keys: np.ndarray, lengths: list[int]) -> list[list[str]]:
        """The BIO tags of sequences of tokens (of ``lengths``) with these feature keys (one row a token)."""
        rows = self.rows(keys).reshape(keys.shape)
        emissions = np.zeros((len(keys), len(TAGS)), dtype=np.float32)
        for column in rows.T:  # template by template, as a sum over the templates would add them
            emissions += self.weights[column]
        cuts = np.cumsum(lengths)[:-1]
        return [[TAGS[k] for k in best] for best in viterbi(np.split(emissions, cuts), self.transitions)]

    def relations(self, doc: Doc) -> list[Relation]:
        """The attribution relations of a parsed article, in text order; content with no cue in its
        paragraph that opens a quotation goes on the last quote of the paragraph before."""
        from spacy.attrs import SENT_START

        pieces = list(units(doc))
        rules = rules_of(doc, pieces)
        keys = features(doc, pieces, self.cue_lemmas, rules)
        sentence = np.cumsum(doc.to_array(SENT_START).astype(np.int64) == 1).tolist()
        found: list[Relation] = []
        before: list[Relation] = []  # the relations of the paragraph before
        for (start, _), tags in zip(pieces, self.tag(keys, [end - start for start, end in pieces])):
            relations, orphans = pair(spans(tags, start), sentence)
            if orphans and doc[orphans[0][0]].text in QUOTES:
                quoted = [r for r in before if r.quoted(doc)]
                if quoted:
                    quoted[-1].content.extend(orphans)  # a quote going on over paragraphs
            found.extend(relations)
            before = relations
        return _nested(sorted(_with_rules(found, [r for unit in rules for r in unit]), key=lambda r: r.content[0]),
                       doc, sentence)


__all__ = ["TAGS", "Tagger", "allowed", "features", "pair", "rules_of", "spans", "units", "viterbi"]
