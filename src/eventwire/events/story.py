"""The kind of event a story reports (its "story type", a PLOVER type) and, by it, the story's top event.

A multinomial logistic regression in numpy (weights in ``data/story_types.npz``, fitted by
``scripts/train_story_types.py`` on NGEC's synthetic stories, each labelled with one PLOVER type)
over what the pipeline already has of a story: the detector's type probabilities of its sentences
(mean, maximum, lead sentence, position-weighted mean), the penta head's (mean, lead sentence),
the coded events (their types weighted by confidence, counted, the most confident one's and the
first one's) and its words (the lemmas of its content words from the Coder's parse, hashed into a
fixed number of buckets: ``words``). The top event is then the event whose type the story most
probably reports, the most confident of those (a story of protests whose most confident event is a
statement still leads with the protest).

>>> from eventwire import Coder, nlp
>>> from eventwire.events.classify import SentenceModel
>>> story = ["Thousands of teachers marched through the capital on Monday demanding higher pay.",
...          "The union said the strike would go on until the government met its demands."]
>>> events = sorted(Coder().code(" ".join(story)), key=lambda event: -event.confidence)  # as the Coder hands them
>>> StoryTyper.load().story_type(SentenceModel.load().read(story), events, lemmas(nlp.load()(" ".join(story))))
'PROTEST'
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..records import Event, sibling
from .classify import NONE, Reading

DATA = Path(__file__).resolve().parent / "data" / "story_types.npz"
FLOOR = 1e-3  # added to a probability before its log
CONTENT = frozenset({"NOUN", "VERB", "ADJ", "ADV"})  # the parts of speech whose words count


def lemmas(tokens: Iterable) -> list[str]:
    """The lower-cased lemmas of the content words (nouns, verbs, adjectives, adverbs; no stop words)
    among spaCy ``tokens`` (a Doc, a Span), in order.

    >>> from eventwire import nlp
    >>> lemmas(nlp.load()("Thousands of teachers marched through the capital."))
    ['thousand', 'teacher', 'march', 'capital']
    """
    return [t.lemma_.lower() for t in tokens if t.is_alpha and not t.is_stop and t.pos_ in CONTENT]


def words(found: Sequence[str], buckets: int) -> np.ndarray:
    """The story's words as a vector of ``buckets``: each lemma counted in the bucket of its CRC-32,
    the counts log-scaled (``log1p``) and the vector scaled to length 1 (a long story weighs no more
    than a short one).

    >>> vector = words(["march", "strike", "march"], 8)
    >>> vector.shape, round(float(np.linalg.norm(vector)), 6)
    ((8,), 1.0)
    """
    hashed = np.array([zlib.crc32(lemma.encode("utf-8")) % buckets for lemma in found], dtype=np.int64)
    counts = np.bincount(hashed, minlength=buckets)
    vector = np.log1p(counts.astype(np.float64))
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def features(types: np.ndarray, penta: np.ndarray, events: list[tuple[str, float, int]],
             labels: tuple[str, ...]) -> np.ndarray:
    """The feature vector of one story. ``types``: per sentence in text order, the detector's
    probabilities over ``(NONE, *labels)``; ``penta``: the penta head's (sentences x 5);
    ``events``: (PLOVER type, confidence, character offset) of each coded event, most confident first.

    >>> labels = ("PROTEST", "ASSAULT")  # 4 x 3 from the detector, 2 x 5 from the penta head, 4 x 2 + 3 from events
    >>> features(np.array([[.1, .8, .1]]), np.full((1, 5), .2), [("ASSAULT", .9, 0)], labels).shape
    (33,)
    """
    sentences = len(types)
    if not sentences:  # nothing read: every type and class alike
        types, penta = np.full((1, types.shape[1]), 1.0 / types.shape[1]), np.full((1, 5), 0.2)
    weights = 1.0 / np.arange(1, len(types) + 1)
    index = {label: i for i, label in enumerate(labels)}
    confidence, counts, top, lead = (np.zeros(len(labels)) for _ in range(4))
    for event_type, value, _ in events:
        confidence[index[event_type]] += value
        counts[index[event_type]] += 1
    if events:
        top[index[events[0][0]]] = 1
        lead[index[min(events, key=lambda e: e[2])[0]]] = 1
    return np.concatenate([
        np.log(np.stack([types.mean(0), types.max(0), types[0], weights @ types / weights.sum()]) + FLOOR).ravel(),
        np.log(np.concatenate([penta.mean(0), penta[0]]) + FLOOR),
        confidence / max(confidence.sum(), 1e-9), np.log1p(counts), top, lead,
        [np.log(max(sentences, 1)), np.log1p(len(events)), float(bool(events))]])


class StoryTyper:
    """The fitted regression; use ``StoryTyper.load``. ``labels``: the PLOVER types it tells apart;
    ``buckets``: the length of its ``words`` vector, which follows the ``features`` in its input."""

    def __init__(self, labels: tuple[str, ...], buckets: int, mean: np.ndarray, scale: np.ndarray,
                 weights: np.ndarray, bias: np.ndarray):
        self.labels, self.buckets = labels, buckets
        self.mean, self.scale, self.weights, self.bias = mean, scale, weights, bias

    @classmethod
    def load(cls, path: str | Path | None = None, fold: int | None = None) -> StoryTyper:
        """The regression in ``path`` (default: the one shipped in the package), cached. ``fold``: the
        one fitted without that cross-validation fold's stories (for ``eventwire eval --cv-models``).

        >>> StoryTyper.load(fold=0).labels == StoryTyper.load().labels
        True
        """
        return _load(str(path or DATA), fold)

    def probabilities(self, readings: list[Reading], events: list[Event], found: Sequence[str]) -> np.ndarray:
        """The probability of each of ``labels`` that the story reports it. ``readings``: the sentence
        model's readings of the story's sentences in text order (from a model with a detector head);
        ``events``: its coded events (one per predicate: the further pairs of conjoined actors,
        ``records.sibling``, are left out); ``found``: its content lemmas (``lemmas`` of its parse)."""
        order = sorted((e for e in events if e.event_type in self.labels and not sibling(e)),
                       key=lambda e: -e.confidence)
        if readings:
            columns = [readings[0].labels.index(label) for label in (NONE, *self.labels)]
            types = np.stack([r.types[columns] for r in readings])
            penta = np.stack([r.penta for r in readings])
        else:
            types, penta = np.zeros((0, len(self.labels) + 1)), np.zeros((0, 5))
        vector = np.concatenate([
            features(types, penta, [(e.event_type, e.confidence, e.evidence.get("start", 0)) for e in order],
                     self.labels),
            words(found, self.buckets)])
        logits = ((vector - self.mean) / self.scale) @ self.weights + self.bias
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def story(self, readings: list[Reading], events: list[Event],
              found: Sequence[str]) -> tuple[str, Event | None]:
        """The story type and the top event (``story_type``, ``top_event``) from one run of the regression."""
        probs = self.probabilities(readings, events, found)
        scores = dict(zip(self.labels, probs))
        events = [e for e in events if not sibling(e)]  # a further pair of conjoined actors is never the top event
        top = max(sorted(events, key=lambda e: -e.confidence),
                  key=lambda e: scores.get(e.event_type, 0.0)) if events else None
        return self.labels[int(probs.argmax())], top

    def story_type(self, readings: list[Reading], events: list[Event], found: Sequence[str]) -> str:
        """The PLOVER type the story most probably reports (arguments as for ``probabilities``)."""
        return self.story(readings, events, found)[0]

    def top_event(self, readings: list[Reading], events: list[Event], found: Sequence[str]) -> Event | None:
        """Of the story's events, the most confident of those whose type the story most probably
        reports; None when it has none."""
        return self.story(readings, events, found)[1]


@lru_cache(maxsize=8)
def _load(path: str, fold: int | None) -> StoryTyper:
    prefix = "" if fold is None else f"fold_{fold}_"
    with np.load(path) as data:
        return StoryTyper(tuple(str(label) for label in data["labels"]), int(data["buckets"]),
                          *(data[prefix + name].astype(np.float64) for name in ("mean", "scale", "weights", "bias")))
