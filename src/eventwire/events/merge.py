"""One record per event: noun mentions of an event folded into the event they mention.

>>> from eventwire.nlp import load
>>> from eventwire.records import Actor, Event
>>> from eventwire.events.extract import candidates
>>> sent = next(load()("Trump and Maduro held talks; the talks with Maduro were brief.").sents)
>>> found = candidates(sent)
>>> usa, ven = Actor("Trump", code="USAGOV"), Actor("Maduro", code="VENGOV")
>>> events = [(Event("d", 0, "CONSULT", c.cameo, {"start": c.head.idx}, "", {}, usa, ven), c) for c in found]
>>> len(events), [(e.cameo, e.mentions) for e in merge_mentions(events)]
(2, [('046', 2)])
"""

from __future__ import annotations

from eventwire.records import Event

from .extract import Candidate


def _specificity(code: str) -> tuple[int, int]:
    return len(code), int(code[-1] != "0")


def merge_mentions(events: list[tuple[Event, Candidate]]) -> list[Event]:
    """Fold noun mentions of an event ("the conversation", "a phone call") into one record.

    Two events merge when they have the same type and the same actors (in
    either order when the type is reciprocal) and at least one of them is a
    noun mention. The more specific CAMEO code stays; mentions add up.
    """
    kept: list[tuple[Event, Candidate]] = []
    for event, candidate in events:
        partner = None
        for index, (other, other_candidate) in enumerate(kept):
            if other.event_type != event.event_type or not (candidate.nominal or other_candidate.nominal):
                continue
            if event.source is None or other.source is None:
                continue
            pair = (event.source.code, event.target.code if event.target else None)
            other_pair = (other.source.code, other.target.code if other.target else None)
            reciprocal = candidate.pattern.reciprocal or other_candidate.pattern.reciprocal
            if pair == other_pair or (reciprocal and pair == other_pair[::-1]):
                partner = index
                break
        if partner is None:
            kept.append((event, candidate))
            continue
        other, other_candidate = kept[partner]
        total = event.mentions + other.mentions
        if _specificity(event.cameo) > _specificity(other.cameo):
            kept[partner] = (event, candidate)
        kept[partner][0].mentions = total
    return [event for event, _ in kept]
