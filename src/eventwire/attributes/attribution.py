"""According to whom: the attribution status, the chain of sources and the cue.

Status, strongest first: ``denied``, ``alleged``, ``claimed``, ``reported``,
``asserted`` (the outlet states the event itself). Sources are listed
outermost first: "according to sources quoted by the Miami Herald" gives
``["the Miami Herald", "sources"]``.

>>> from eventwire.nlp import load
>>> doc = load()("Officials said that rebels allegedly attacked the town.")
>>> attribution(doc[5])["status"], attribution(doc[5])["sources"]
('alleged', ['Officials'])
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from . import cues
from .modality import governing_path

STRENGTH = {"asserted": 0, "reported": 1, "claimed": 2, "alleged": 3, "denied": 4}
# Links through which a governing clause vouches for the trigger: complements of
# verbs of saying, and a noun's attachment to its clause. Coordinated and
# adverbial clauses ("and launched", "when X refused") carry their own sourcing.
EMBEDDING = {"ccomp", "xcomp", "parataxis", "pcomp", "prep", "pobj", "dobj", "nsubj",
             "nsubjpass", "attr", "compound", "amod", "npadvmod", "appos"}

COMPLEMENTS = {"ccomp", "xcomp", "parataxis", "pcomp"}


def vouching_path(trigger: Token) -> list[Token]:
    """The trigger and the clauses that vouch for it (see EMBEDDING)."""
    path = [trigger]
    for token in governing_path(trigger)[1:]:
        if path[-1].dep_ not in EMBEDDING:
            break
        path.append(token)
    return path


def source_text(token: Token) -> str:
    """The text of a speaker's phrase without its trailing relative clause or punctuation."""
    tokens = [t for t in token.subtree if not (t.dep_ in ("relcl", "punct") and t.head.i == token.i)]
    span = token.doc[tokens[0].i:tokens[-1].i + 1]
    return span.text.strip(" ,")


def source_chain(token: Token) -> list[str]:
    """Sources behind ``token``, outermost first ("sources quoted by X" -> [X, "sources"])."""
    chain = [token.doc[token.left_edge.i:token.i + 1].text]
    for c in token.children:
        if c.dep_ == "acl" and c.lemma_ in ("quote", "cite"):
            for a in c.children:
                if a.dep_ == "agent":
                    for pobj in a.children:
                        if pobj.dep_ == "pobj":
                            return [*source_chain(pobj), *chain]
    if len(chain[0].split()) == 1:
        chain = [source_text(token)]
    return chain


def _stronger(current: str, new: str) -> str:
    return new if STRENGTH[new] > STRENGTH[current] else current


def attribution(trigger: Token, actor_is_speaker: bool = False) -> dict:
    """Attribution of the event whose trigger head is ``trigger``.

    ``actor_is_speaker`` is set for events that are speech acts of their own
    actor (a demand made by "saying"), so that actor is not listed as a source.
    """
    table = cues.load()["attribution"]
    status, sources, cue_words = "asserted", [], []
    path = vouching_path(trigger)
    for position, token in enumerate(path):
        for c in token.children:
            status_word = table["adverbs"].get(c.lower_)
            if c.dep_ == "advmod" and status_word:
                status = _stronger(status, status_word)
                cue_words.append(c.text)
        verb_status = table["verbs"].get(token.lemma_.lower())
        embedded = any(t.dep_ in COMPLEMENTS for t in path[:position])
        if verb_status and embedded and not (actor_is_speaker and position <= 2):
            speaker = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if speaker is not None and speaker.lower_ not in ("it",):
                sources = [source_text(speaker), *sources]
            status = _stronger(status, verb_status)
            cue_words.append(token.text)
    root = trigger.sent.root
    framing = path if any(t.i == root.i for t in path) else [*path, root]
    for token in framing:
        for c in token.children:
            if c.dep_ == "prep" and c.lower_ in table["phrases"]:
                for to in c.children:
                    pobj = next((p for p in to.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        sources = [*source_chain(pobj), *sources]
                        status = _stronger(status, table["phrases"][c.lower_])
                        cue_words.insert(0, f"{c.text} {to.text}")
    return {"status": status, "sources": sources, "cue": " ".join(cue_words) or None}


def quote(quotation: Span | None, speaker: str | None) -> dict | None:
    """The direct quotation carrying the event, with its speaker, or None."""
    if quotation is None:
        return None
    return {"text": quotation.text.strip(), "speaker": speaker}
