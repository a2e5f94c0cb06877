"""Did the event happen? ``asserted``, ``negated``, ``hypothetical``, ``future`` or ``question``.

The trigger's clause and every clause that governs it are inspected: an
"if"/"whether" clause or a would/could modal makes the event hypothetical, a
negation negates it, will/shall or an intent verb ("plans to") makes it future.

>>> from eventwire.nlp import load
>>> doc = load()("It is unclear whether Russia will attack Ukraine.")
>>> modality(doc[6])
'hypothetical'
"""

from __future__ import annotations

from spacy.tokens import Token

from . import cues

CLAUSE_LINKS = {"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj",
                "dobj", "nsubj", "nsubjpass", "attr", "appos", "compound", "amod", "npadvmod",
                "agent", "parataxis"}


def governing_path(trigger: Token) -> list[Token]:
    """The trigger and the tokens above it, up to the sentence root."""
    path = [trigger]
    while path[-1].head.i != path[-1].i and path[-1].dep_ in CLAUSE_LINKS:
        path.append(path[-1].head)
    return path


def modality(trigger: Token) -> str:
    """The modality of the event whose trigger head is ``trigger``."""
    table = cues.load()["modality"]
    found = "asserted"
    for position, token in enumerate(governing_path(trigger)):
        own_clause = position == 0
        for c in token.children:
            lower = c.lower_
            if c.dep_ == "mark" and lower in table["hypothetical_marks"]:
                return "hypothetical"
            if c.dep_ == "neg" and c.lower_ in table["negations"] \
                    and (own_clause or token.pos_ in ("VERB", "AUX")):
                found = "negated"
            if c.dep_ == "aux" and token.pos_ in ("VERB", "AUX"):
                if lower in table["hypothetical_modals"]:
                    return "hypothetical"
                if lower in table["future_modals"] and found == "asserted":
                    found = "future"
        if token.lemma_.lower() in table["uncertain_heads"] and not own_clause:
            return "hypothetical"
        if not own_clause and token.lemma_.lower() in table["denial_verbs"]:
            found = "negated"
        if not own_clause and token.lemma_.lower() in table["intent_verbs"] and found == "asserted":
            found = "future"
    if found == "asserted" and trigger.sent.text.rstrip().rstrip('"\u201d\'').endswith("?"):
        return "question"
    return found
