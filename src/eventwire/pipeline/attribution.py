"""The attribution stage: according to whom each event is told, and the article's attribution
relations (``document.attributions``).

>>> Attribution().__class__.__name__
'Attribution'
"""

from __future__ import annotations

from ..attributes.attribution import attribution, carry_sources, quote
from .document import Document, Draft, Stage, event_countries


class Attribution(Stage):
    """According to whom (status, sources, cue) and the direct quotation carrying the event; at the
    end of the article, sources named earlier in a paragraph stand behind a later "reportedly"."""

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
