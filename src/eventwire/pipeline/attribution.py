"""The attribution stage: according to whom each event is told, and the article's attribution
relations (``document.attributions``).

Per event, the cue rules read the parse above the trigger (``attributes/attribution.py``). At the
end of the article, the relations of the whole text are found (who says what, by which words:
the tagger learned from PolNeAR, ``attributes/tagger.py``, over the cue rules of
``attributes/relations.py``); an event whose trigger lies in a relation's content and that the
rules left ``asserted`` takes the relation's status (when its cue is a verb or noun of saying or
thinking of ``cues.yaml``, "according to", or the content a direct quote: "criticized the attack"
leaves the attack asserted), sources (outermost first), cue and, for a
direct quotation, its quote and speaker (the speaker also of a quotation the sentence gives without
one: a paragraph of a longer quotation); content after a verb of intent ("vowed that ...") or an
infinitive ("hopes to meet") is an intention: ``future``, the status left as it was. Then a
first-person side of an event inside a direct quotation whose speaker the KB codes takes the
speaker's actor ("We"; "our forces": the speaker's country's forces), as the continuing paragraphs
of a long quotation name their speaker once (``_speaker_sides``).

>>> Attribution().__class__.__name__
'Attribution'
"""

from __future__ import annotations

import bisect

from ..attributes import cues
from ..attributes.attribution import CUE_SEPARATOR, STRENGTH, actor_summary, attribution, carry_sources, quote
from ..attributes.relations import Relation, saying_lemmas
from ..attributes.tagger import Tagger
from ..events.declared import declared, recode
from ..records import Actor, Event
from ..records import Attribution as AttributionRecord
from .document import Document, Draft, Stage, event_countries

# How the events stage names a first-person side inside a quotation, which only the quotation's speaker makes an actor.
FIRST_PERSON_SIDE = "first person in a quotation"


class Attribution(Stage):
    """According to whom (status, sources, cue) and the direct quotation carrying the event; at the
    end of the article, sources named earlier in a paragraph stand behind a later "reportedly",
    and the article's attribution relations are found and given to the events inside them."""

    def event(self, draft: Draft) -> None:
        event, candidate, actors = draft.event, draft.candidate, draft.document.actors
        event.attribution = attribution(candidate.head, actor_is_speaker=candidate.speech_act,
                                        resolve=actors.actor, parties=event_countries(event))
        event.quote = draft.document.located(quote(candidate.head, candidate.quotation,
                                                   candidate.source if candidate.speech_act else None,
                                                   resolve=actors.actor))

    def finish(self, document: Document) -> None:
        paragraph = document.prepared.parse_text.count
        carry_sources([(paragraph("\n", 0, d.candidate.head.sent.start_char), d.event.sentence, d.event.attribution)
                       for d in document.kept])
        found = Tagger.load().relations(document.doc)
        starts = [sent.start for sent in document.doc.sents]
        document.attributions = [_record(document, relation, starts) for relation in found]
        for draft in document.kept:
            around = [(relation, record) for relation, record in zip(found, document.attributions)
                      if any(s <= draft.candidate.head.i < e for s, e in relation.content)]
            if around:
                _attribute(draft, sorted(around, key=lambda pair: pair[0].content[0][0] - pair[0].content[-1][1]))
            _speaker_sides(draft)
        document.kept = [draft for draft in document.kept if not _unbound(draft.event)]


def _span(document: Document, segments: list[tuple[int, int]]) -> dict | None:
    """Token segments as ``{"text", "start", "end", "segs"}`` in article-text offsets, or None."""
    if not segments:
        return None
    doc = document.doc
    parts = [[document.to_text(doc[s].idx), document.to_text(doc[e - 1].idx + len(doc[e - 1].text))]
             for s, e in segments]
    return {"text": " ".join(doc[s:e].text for s, e in segments), "start": parts[0][0], "end": parts[-1][1],
            "segs": parts}


def _record(document: Document, relation: Relation, starts: list[int]) -> AttributionRecord:
    """A relation as the record the store keeps, its source resolved to an actor where the KB knows it;
    ``sentence``: the index of the sentence of its cue (of its content without one), ``starts`` being
    the first tokens of the sentences."""
    doc = document.doc
    sentence = bisect.bisect_right(starts, (relation.cue or relation.content)[0][0]) - 1
    source = doc[relation.source[0][0]:relation.source[-1][1]].root if relation.source else None
    return AttributionRecord(doc_id=document.article.id, sentence=sentence,
                             content=_span(document, relation.content), source=_span(document, relation.source),
                             cue=_span(document, relation.cue),
                             source_actor=document.actors.actor(source) if source is not None else None,
                             quote=relation.quoted(doc))


def _cue_word(document: Document, relation: Relation) -> str | None:
    """The lemma of the cue's head word ("according" for "according to", "not deny" for "did not deny"),
    or None without a cue."""
    if not relation.cue:
        return None
    root = document.doc[relation.cue[0][0]:relation.cue[-1][1]].root
    if any(c.dep_ == "neg" for c in root.children):
        return "not " + root.lemma_.lower()  # "did not deny that ..." vouches for nothing
    return root.lower_ if root.lower_ == "according" else root.lemma_.lower()


ASIDE = {"advcl", "conj", "cc", "relcl", "acl", "nsubj", "nsubjpass", "agent", "npadvmod", "advmod"}


def _vouches(document: Document, relation: Relation, draft: Draft) -> bool:
    """Whether the relation's cue stands over the event: not where the trigger hangs from the cue by an
    aside on its right ("he said, referring to ...", "said Fowler, who has backed ...", "said ... and
    cut off"; an aside on its left is a misparse inside a quote before the cue) or from its subject,
    nor where the cue's own clause is an adverbial aside of the event ("Citing a theory, Trump
    accused ..."), nor where the cue asks for its content (``asking_for``: "called for weapons")."""
    if not relation.cue:
        return True
    head, cue = draft.candidate.head, document.doc[relation.cue[0][0]:relation.cue[-1][1]].root
    if cue.dep_ == "advcl" and any(a.i == head.i for a in cue.ancestors):
        return False
    path = [head, *head.ancestors]
    below = next((path[k - 1] for k, token in enumerate(path) if k and token.i == cue.i), None)
    own_clause = below is not None and below.dep_ == "conj" and (
        below.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in below.children))
    if below is not None and below.dep_ in ASIDE and not own_clause \
            and (below.dep_ in ("nsubj", "nsubjpass") or below.i > cue.i):
        return False  # a verb with its own subject joined to the cue ("said that A, and there was B") is content
    asking = set(cues.load()["attribution"]["asking_for"])
    return cue.lemma_.lower() not in asking or not any(c.lower_ == "for" for c in cue.children)


def _attribute(draft: Draft, around: list[tuple[Relation, AttributionRecord]]) -> None:
    """Give the event the relations whose content holds its trigger, outermost first."""
    event, document = draft.event, draft.document
    lemmas, intents = saying_lemmas(), set(cues.load()["modality"]["intent_verbs"])
    found = event.attribution
    relations = []
    for relation, record in around:
        lemma = _cue_word(document, relation)
        first = document.doc[relation.content[0][0]]
        infinitive = first.lower_ == "to" and first.dep_ == "aux" and first.nbor(1).lower_ != "have" \
            if first.i + 1 < len(document.doc) else False  # "hopes to meet", not "claimed to have destroyed"
        if lemma in intents or infinitive and lemma not in lemmas:
            cue = document.doc[relation.cue[0][0]:relation.cue[-1][1]].root if relation.cue else None
            if cue is None or all(a.i != cue.i for a in draft.candidate.head.ancestors):
                continue  # what the intention governs only: not "Maduro asked" after "refused to extend a hand"
            if event.modality == "asserted" and not declared(event):
                event.modality = "future"  # an intention: a cooperative act's is an intent (events/declared.py)
                recode(event, "intent")
        elif (lemma in lemmas or record.quote or lemma == "according") and _vouches(document, relation, draft):
            relations.append((relation, record, lemmas.get(lemma, "reported")))
    if not relations:
        return
    if found["status"] == "asserted":
        found["status"] = max((status for *_, status in relations), key=STRENGTH.get)
        found["cue"] = CUE_SEPARATOR.join(record.cue["text"] for _, record, _ in relations if record.cue) or None
    if not found.get("sources"):
        named = [record for _, record, _ in relations if record.source]
        found["sources"] = [record.source["text"] for record in named]
        found["source_actors"] = [actor_summary(record.source_actor) for record in named]
        found["source_sentence"] = named[0].sentence if named else None
    quoted = next((record for _, record, _ in reversed(relations) if record.quote), None)
    if event.quote is None and quoted is not None:
        event.quote = {"text": quoted.content["text"], "speaker": quoted.source["text"] if quoted.source else None,
                       "start": quoted.content["start"], "end": quoted.content["end"],
                       "speaker_actor": actor_summary(quoted.source_actor)}
    elif event.quote is not None and event.quote["speaker"] is None and quoted is not None and quoted.source:
        # a paragraph of a longer quotation, quoted on its own: the speaker named where the quotation began
        event.quote.update(speaker=quoted.source["text"], speaker_actor=actor_summary(quoted.source_actor))


def _unbound(event: Event) -> bool:
    """Whether a side of ``event`` is still a first-person pronoun of a quotation that no speaker the KB
    codes has bound ("we need to monitor ...," an unnamed man said): no one dyadic data can use."""
    return any(actor is not None and actor.code is None and (actor.reason or "").startswith(FIRST_PERSON_SIDE)
               for actor in (event.source, event.target))


def _speaker_sides(draft: Draft) -> None:
    """The first-person source or target of an event inside a direct quotation whose speaker the KB
    codes, bound to that speaker (``ActorBinding.quoted``): "We attacked their positions" in the second
    paragraph of a minister's quotation is the minister's government. A side the syntax left empty is
    read off its word ("We" as the subject); a side the KB codes already is left as it is, and so is a
    side that would name the other side's actor ("we ... us": one actor, as the events stage keeps it)."""
    event, quoted = draft.event, draft.event.quote
    summary = quoted.get("speaker_actor") if quoted is not None else None
    if summary is None or summary.get("code") is None:
        return
    speaker = Actor(text=quoted["speaker"] or "", **summary)
    binding, candidate = draft.document.actors, draft.candidate
    for side, word in (("source", candidate.source), ("target", candidate.target)):
        bound = binding.quoted(getattr(event, side), word, speaker, (quoted["start"], quoted["end"]))
        other = event.target if side == "source" else event.source
        if bound is not None and (other is None or (other.code, other.name) != (bound.code, bound.name)):
            setattr(event, side, bound)
