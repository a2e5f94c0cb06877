"""Verb lemmas: a spaCy component that puts the right lemma on verb forms the small English model gets wrong.

spaCy's rule lemmatiser takes some regular verb forms back to another word ("staged" to "stag",
"waged" to "wag", "raped" to "rap"), and the lexicon and the compiled verb dictionary, which match
verbs by lemma, then miss them: "staged a protest" was no protest. ``data/lemma_fixes.tsv`` (built by
``scripts/build_lemma_fixes.py``) lists those forms; the component, put after the lemmatiser, gives a
token tagged as a verb and spelled so the listed lemma.

>>> from eventwire.nlp import load
>>> nlp = load()
>>> add_to(nlp)
>>> [t.lemma_ for t in nlp("Farmers staged a protest and waged a campaign.") if t.pos_ == "VERB"]
['stage', 'wage']
"""

from __future__ import annotations

import functools
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "eventwire_verb_lemmas"


@functools.cache
def fixes() -> dict[str, str]:
    """Lower-cased verb form -> its lemma, from ``data/lemma_fixes.tsv`` (``#`` lines are comments)."""
    text = resources.files("eventwire.pipeline").joinpath("data/lemma_fixes.tsv").read_text("utf-8")
    return dict(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))


@Language.component(COMPONENT)
def fix_lemmas(doc: Doc) -> Doc:
    """Each verb whose spelling ``fixes`` lists gets the listed lemma."""
    table = fixes()
    for token in doc:
        if token.tag_.startswith("VB") and token.lower_ in table:
            token.lemma_ = table[token.lower_]
    return doc


def add_to(nlp: Language) -> None:
    """Put :func:`fix_lemmas` in ``nlp`` after its lemmatizer, once (nothing without a lemmatizer)."""
    if COMPONENT not in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after="lemmatizer")
