"""Verb lemmas: a spaCy component that puts the right lemma on verb forms the small English model gets wrong.

spaCy's rule lemmatiser takes some regular verb forms back to another word ("staged" to "stag",
"waged" to "wag", "raped" to "rap"), and the lexicon and the compiled verb dictionary, which match
verbs by lemma, then miss them: "staged a protest" was no protest. ``data/lemma_fixes.tsv`` (built by
``scripts/build_lemma_fixes.py``) lists those forms; the component, put after the lemmatiser, gives a
token tagged as a verb and spelled so the listed lemma.

Its tokenizer splits a word at a hyphen, so "police lathi-charged the students" is parsed with "lathi"
as the subject of "charged", and "staged a sit-in" has no noun for the protest. The hyphenated words
of ``data/hyphenated_words.tsv`` (written by hand) are kept as one word (tokenizer special cases, in
lower case, capitalised and in capitals) with their lemma; the tagger and parser read such a word as
a word whose form they know ("charged", "protest": the table's third column, set as its ``norm_``).

>>> from eventwire.nlp import load
>>> nlp = load()
>>> add_to(nlp)
>>> [t.lemma_ for t in nlp("Farmers staged a protest and waged a campaign.") if t.pos_ == "VERB"]
['stage', 'wage']
>>> [(t.text, t.lemma_) for t in nlp("Police lathi-charged the students.") if t.pos_ == "VERB"]
[('lathi-charged', 'lathi-charge')]
>>> [(t.text, t.pos_) for t in nlp("Workers staged a sit-in.")][3]
('sit-in', 'NOUN')
"""

from __future__ import annotations

import functools
from importlib import resources

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "eventwire_verb_lemmas"


@functools.cache
def _table(name: str) -> dict[str, list[str]]:
    """Lower-cased form -> the other columns of its row in ``data/NAME`` (``#`` lines are comments)."""
    text = resources.files("eventwire.pipeline").joinpath(f"data/{name}").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {form: rest for form, *rest in rows}


@functools.cache
def fixes() -> dict[str, str]:
    """Lower-cased verb form -> its lemma: ``data/lemma_fixes.tsv`` and ``data/hyphenated_words.tsv``.

    >>> fixes()["staged"], fixes()["lathi-charging"]
    ('stage', 'lathi-charge')
    """
    return {form: rest[0] for name in ("lemma_fixes.tsv", "hyphenated_words.tsv")
            for form, rest in _table(name).items()}


@Language.component(COMPONENT)
def fix_lemmas(doc: Doc) -> Doc:
    """Each verb whose spelling ``fixes`` lists gets the listed lemma."""
    table = fixes()
    for token in doc:
        if token.tag_.startswith("VB") and token.lower_ in table:
            token.lemma_ = table[token.lower_]
    return doc


def add_to(nlp: Language) -> None:
    """Put :func:`fix_lemmas` in ``nlp`` after its lemmatizer, once (nothing without a lemmatizer), and
    keep the hyphenated words one word in its tokenizer."""
    if COMPONENT not in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after="lemmatizer")
        for form, (_, read_as) in _table("hyphenated_words.tsv").items():
            for spelling in {form, form.capitalize(), form.upper()}:
                nlp.tokenizer.add_special_case(spelling, [{ORTH: spelling, NORM: read_as}])
