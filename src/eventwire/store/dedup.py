"""Near-duplicate articles (wire copy republished) by MinHash and LSH bands kept in the store.

Each article's word 3-gram shingles give a MinHash signature; its ``BANDS``
slices of ``ROWS`` values are hashed into ``article_bands``. A new article's
candidates are the stored (and earlier same-batch) articles sharing a band; a
candidate whose estimated Jaccard similarity is at least ``THRESHOLD`` is linked
in ``near_duplicates``. The article joins the cluster of its earliest-stored
linked article, or starts its own.

>>> a = signature("Russia launched a missile strike on Kyiv on Monday, officials said.")
>>> b = signature("Russia launched a missile strike on Kyiv on Monday, officials said on Tuesday.")
>>> c = signature("Talks between the two leaders ended without agreement in Geneva.")
>>> similarity(a, b) >= THRESHOLD, similarity(a, c) < 0.2
(True, True)
>>> len(bands(a)) == BANDS
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash

BANDS, ROWS = 20, 6  # 120 permutations; candidates found for ~99.8% of pairs at similarity 0.8
THRESHOLD = 0.8
SHINGLE = 3
SEED = 1
WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    """The MinHash signature (uint32) of the text's casefolded word 3-grams."""
    words = WORD.findall(text.casefold())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    minhash = MinHash(num_perm=BANDS * ROWS, seed=SEED)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return minhash.hashvalues.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, signed 64-bit hash) of each band of ``sig``."""
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


@dataclass
class Linked:
    """What linking gave one article: its cluster and its links (duplicate_of, similarity)."""

    cluster: str
    links: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class _Known:
    key: str
    seq: int
    cluster: str
    sig: np.ndarray


def link_batch(con, items: list[tuple[str, int, np.ndarray]]) -> list[Linked]:
    """Link each new article ``(key, seq, signature)``, in order, to stored and earlier ones.

    ``con`` is the store's connection inside the batch's transaction.
    """
    wanted = [(band, h) for _, _, sig in items for band, h in bands(sig)]
    index: dict[tuple[int, int], list[_Known]] = {}
    if wanted:
        rows = con.execute(
            """SELECT b.band, b.hash, a.article_key, a.seq, a.cluster, a.minhash
               FROM article_bands b JOIN articles a USING (article_key)
               JOIN (SELECT unnest(?) AS band, unnest(?) AS hash) q ON b.band = q.band AND b.hash = q.hash""",
            [[w[0] for w in wanted], [w[1] for w in wanted]]).fetchall()
        for band, h, key, seq, cluster, blob in rows:
            index.setdefault((band, h), []).append(_Known(key, seq, cluster, np.frombuffer(blob, np.uint32)))
    out = []
    for key, seq, sig in items:
        my_bands = bands(sig)
        candidates = {known.key: known for b in my_bands for known in index.get(b, [])}
        links = sorted(((c, similarity(sig, c.sig)) for c in candidates.values() if c.key != key),
                       key=lambda pair: pair[0].seq)
        links = [(c, s) for c, s in links if s >= THRESHOLD]
        cluster = links[0][0].cluster if links else key
        out.append(Linked(cluster, [(c.key, s) for c, s in links]))
        me = _Known(key, seq, cluster, sig)
        for b in my_bands:
            index.setdefault(b, []).append(me)
    return out
