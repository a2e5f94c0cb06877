"""According to whom: the attribution status, the chain of sources and the cue.

Status, strongest first: ``denied``, ``alleged``, ``claimed``, ``reported``,
``asserted`` (the outlet states the event itself). Sources are listed
outermost first: "according to sources quoted by the Miami Herald" gives
``["the Miami Herald", "sources"]``. The cue holds the words that carry the
attribution as they stand in the text, several cues joined by ``CUE_SEPARATOR``:
"According to officials, the army reportedly shelled the town" gives
``"According to; reportedly"``.

>>> from eventwire.nlp import load
>>> doc = load()("Officials said that rebels allegedly attacked the town.")
>>> attribution(doc[5])["status"], attribution(doc[5])["sources"]
('alleged', ['Officials'])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy loads only when coding, so `eventwire --help` starts fast
    from spacy.tokens import Span, Token

from ..syntax import in_quote
from . import cues
from .modality import governing_path

CUE_SEPARATOR = "; "  # between two cues: "According to; reportedly"
STRENGTH = {"asserted": 0, "reported": 1, "claimed": 2, "alleged": 3, "denied": 4}
# Links through which a governing clause vouches for the trigger: complements of
# verbs of saying, and a noun's attachment to its clause. Coordinated and
# adverbial clauses ("and launched", "when X refused") carry their own sourcing.
EMBEDDING = {"ccomp", "xcomp", "parataxis", "pcomp", "prep", "pobj", "dobj", "nsubj",
             "nsubjpass", "attr", "compound", "amod", "npadvmod", "appos"}

COMPLEMENTS = {"ccomp", "xcomp", "parataxis", "pcomp", "acl"}
CONDITIONS = {"if", "unless"}
CITING = {"quote", "cite"}  # "sources quoted by X", "X, citing officials"


def _embeds(token: Token, table: dict) -> bool:
    """Whether the clause above ``token`` vouches for it: an EMBEDDING link, a condition
    inside what someone said ("said it would retaliate if attacked"), or the clause
    of a report ("reports that it struck")."""
    if token.dep_ in EMBEDDING:
        return True
    if token.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in token.children)
    return token.dep_ == "acl" and token.head.lemma_.lower() in table["report_nouns"]


def vouching_path(trigger: Token) -> list[Token]:
    """The trigger and the clauses that vouch for it (see ``_embeds``)."""
    table = cues.load()["attribution"]
    path = [trigger]
    for token in governing_path(trigger)[1:]:
        if not _embeds(path[-1], table):
            break
        path.append(token)
    return path


def source_text(token: Token) -> str:
    """The text of a speaker's phrase without its relative clause, whom it quotes, or punctuation.

    >>> from eventwire.nlp import load
    >>> doc = load()("Two officials, who spoke on condition of anonymity, said talks failed.")
    >>> source_text(doc[1])
    'Two officials'
    """
    dropped = {t.i for c in token.children
               if c.dep_ in ("relcl", "punct", "appos") or (c.dep_ == "acl" and c.lemma_ in CITING)
               for t in c.subtree}
    tokens = [t for t in token.subtree if t.i not in dropped]
    end = next((t.i for t in tokens if t.i > token.i and t.i - 1 in dropped), tokens[-1].i + 1)
    return token.doc[tokens[0].i:end].text.strip(" ,")


def _quoted_source(token: Token) -> Token | None:
    """Whom ``token``'s source quotes: "sources quoted by X" gives X's head, "X, citing Y" Y's."""
    for c in token.children:
        if c.dep_ == "acl" and c.lemma_ in CITING:
            agent = next((a for a in c.children if a.dep_ == "agent"), None)
            pobj = next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return pobj
    return None


def source_chain(token: Token) -> list[Token]:
    """Heads of the sources behind ``token``, outermost first ("sources quoted by X" -> [X, sources])."""
    outer = _quoted_source(token)
    return [*source_chain(outer), token] if outer is not None else [token]


def _cited(verb: Token) -> list[Token]:
    """Sources a speaker cites on its verb: "Reuters, citing three diplomats, reported"."""
    return [d for c in verb.children if c.dep_ == "advcl" and c.lemma_ in CITING
            for d in c.children if d.dep_ == "dobj"]


def _stronger(current: str, new: str) -> str:
    return new if STRENGTH[new] > STRENGTH[current] else current


def attribution(trigger: Token, actor_is_speaker: bool = False, resolve: Callable[[Token], Any] | None = None,
                parties: set[str] | frozenset[str] = frozenset()) -> dict:
    """Attribution of the event whose trigger head is ``trigger``.

    ``actor_is_speaker`` is set for events that are speech acts of their own
    actor (a demand made by "saying"), so that actor is not listed as a source.
    ``resolve`` maps a source's head token to an actor (or None); with it, the
    result has ``source_actors``, one per source, and a source whose country is
    in ``parties`` (the countries of the event's actors) makes the report a
    party's claim. A speaker who says "it"/"they" did it claims it too.

    >>> from eventwire.nlp import load
    >>> doc = load()("Israel denied reports that it struck the church compound.")
    >>> attribution(doc[5])["status"], attribution(doc[5])["cue"]
    ('denied', 'reports; denied')
    """
    table = cues.load()["attribution"]
    status, heads, cue_words = "asserted", [], []
    party = False
    path = vouching_path(trigger)
    for position, token in enumerate(path):
        lemma = token.lemma_.lower()
        for c in token.children:
            status_word = table["adverbs"].get(c.lower_)
            if c.dep_ == "advmod" and status_word:
                status = _stronger(status, status_word)
                cue_words.append(c.text)
        below = path[:position]
        if position and lemma in table["report_nouns"] and below[-1].dep_ == "acl":
            status = _stronger(status, table["report_nouns"][lemma])
            cue_words.append(token.text)
        verb_status = table["verbs"].get(lemma) if token.pos_ in ("VERB", "AUX") else None
        if lemma in table["denial_verbs"] and position and below[-1].dep_ == "dobj":
            verb_status = "denied"  # "denied involvement", "dismissed claims that ..."
        embedded = any(t.dep_ in COMPLEMENTS for t in below) or verb_status == "denied" and position
        negated = any(c.dep_ == "neg" for c in token.children)
        if verb_status and embedded and not negated and not (actor_is_speaker and position <= 2):
            speaker = speaker_of(token)
            if speaker is not None and speaker.lower_ not in ("it",):
                heads = [*source_chain(speaker), *_cited(token), *heads]
                clause = below[-1]
                said_subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                party = party or (said_subject is not None and said_subject.lower_ in table["party_pronouns"]
                                  and all(t.dep_ != "advcl" for t in below))
                if resolve is not None and parties:
                    actor = resolve(speaker)
                    party = party or (actor is not None and actor.country in parties)
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
                        heads = [*source_chain(pobj), *heads]
                        status = _stronger(status, table["phrases"][c.lower_])
                        cue_words.insert(0, f"{c.text} {to.text}")
    if party and status == "reported":
        status = "claimed"
    found = {"status": status, "sources": [source_text(h) for h in heads], "cue": CUE_SEPARATOR.join(cue_words) or None}
    if resolve is not None:
        found["source_actors"] = [actor_summary(resolve(h)) for h in heads]
    return found


def speaker_of(verb: Token) -> Token | None:
    """Who says: the verb's subject, or the agent of a passive ("as stated by Trump").

    >>> from eventwire.nlp import load
    >>> said, stated = load()("Officials said talks failed.")[1], load()("Talks failed, as stated by Trump.")[4]
    >>> speaker_of(said).text, speaker_of(stated).text
    ('Officials', 'Trump')
    """
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return subject


def actor_summary(actor: Any) -> dict | None:
    """The identifying fields of a resolved source (an ``Actor``), or None."""
    if actor is None:
        return None
    return {"code": actor.code, "country": actor.country, "sector": actor.sector, "name": actor.name}


def carry_sources(found: list[tuple[int, int, dict]]) -> None:
    """Sources named earlier in a paragraph stand behind a later "reportedly"/"allegedly".

    ``found``: (paragraph, sentence, attribution) in text order; an attribution
    whose status is reported or alleged but which names no source takes the
    sources of the latest one in the same paragraph that did, and records that
    sentence as ``source_sentence`` (for its own sources, its own sentence).

    >>> found = [(0, 1, {"status": "claimed", "sources": ["aides"]}), (0, 2, {"status": "alleged", "sources": []})]
    >>> carry_sources(found); found[1][2]["sources"], found[1][2]["source_sentence"]
    (['aides'], 1)
    """
    latest: dict[int, tuple[int, dict]] = {}
    for paragraph, sentence, attributed in found:
        if attributed.get("sources"):
            attributed["source_sentence"] = sentence
            latest[paragraph] = (sentence, attributed)
        elif attributed["status"] in ("reported", "alleged") and paragraph in latest:
            origin, named = latest[paragraph]
            attributed["sources"] = list(named["sources"])
            if "source_actors" in named:
                attributed["source_actors"] = list(named["source_actors"])
            attributed["source_sentence"] = origin
        else:
            attributed["source_sentence"] = None


def quote(trigger: Token, quotation: Span | None = None, speaker: Token | None = None,
          resolve: Callable[[Token], Any] | None = None) -> dict | None:
    """The direct quotation carrying the event, with its speaker and offsets, or None.

    ``quotation`` is the one the extractor found (a demand "saying: '...'"),
    else the quotation the trigger stands in; the speaker is the ``speaker``
    token or the subject of the verb of saying the quotation hangs from. With
    ``resolve``, ``speaker_actor`` is the actor the speaker resolves to.

    >>> from eventwire.nlp import load
    >>> doc = load()('"We will not surrender," the minister said.')
    >>> quote(doc[4])["text"], quote(doc[4])["speaker"]
    ('We will not surrender,', 'the minister')
    """
    quotation = quotation if quotation is not None else in_quote(trigger)
    if quotation is None:
        return None
    if speaker is None:
        speaker = _speaker(trigger)
    text = quotation.text.strip()
    start = quotation.start_char + quotation.text.index(text[:1]) if text else quotation.start_char
    found = {"text": text, "speaker": source_text(speaker) if speaker is not None else None,
             "start": start, "end": start + len(text)}
    if resolve is not None:
        found["speaker_actor"] = actor_summary(resolve(speaker)) if speaker is not None else None
    return found


def _speaker(token: Token) -> Token | None:
    """The subject of the verb of saying above ``token`` (or of the sentence's root)."""
    verbs = cues.load()["attribution"]["verbs"]
    for above in [*governing_path(token)[1:], token.sent.root]:
        if above.lemma_.lower() in verbs:
            subject = next((c for c in above.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return None
