"""Stores of attribution relations for the store, API, CLI and dashboard tests: real articles coded by
the real Coder, each given attribution relations written here (source, cue, content as they stand in
the text), so that what the store keeps and returns can be checked against what went in, whatever the
attribution tagger finds on its own."""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.records import Actor, Article, Attribution

MADURO = Article(
    id="maduro-claims", published="2025-11-20", source="Wire", title="Officials close to Maduro speak",
    text='Officials close to Maduro said the army had shelled the town. The opposition denied that any town was hit. '
         '"We will sign the accord," the paper wrote.')
US_CLAIM = Article(id="us-claim", published="2025-10-05", source="Wire",
                   text="US officials said Venezuelan forces had attacked a ship near Aruba.")
UNDATED = Article(id="reportedly", text="Rebels reportedly seized the airport in Goma.")
ARTICLES = [MADURO, US_CLAIM, UNDATED]

VENGOV = Actor(text="Officials close to Maduro", code="VENGOV", country="VEN", sector="GOV",
               name="Government of Venezuela")
VENOPP = Actor(text="The opposition", code="VENOPP", country="VEN", sector="OPP")
USAGOV = Actor(text="US officials", code="USAGOV", country="USA", sector="GOV")


@dataclass
class Said:
    """One relation as the text has it: source, cue and content as they stand (None: absent)."""

    doc_id: str
    source: str | None
    cue: str | None
    content: str
    actor: Actor | None = None
    quote: bool = False


RELATIONS = [
    Said("maduro-claims", "Officials close to Maduro", "said", "the army had shelled the town", VENGOV),
    Said("maduro-claims", "The opposition", "denied", "that any town was hit", VENOPP),
    Said("maduro-claims", "the paper", "wrote", "We will sign the accord,", quote=True),
    Said("us-claim", "US officials", "said", "Venezuelan forces had attacked a ship near Aruba", USAGOV),
    Said("reportedly", None, "reportedly", "Rebels reportedly seized the airport in Goma"),
]


def span(text: str, words: str | None, after: int = 0) -> dict | None:
    """``words`` located in ``text`` (first occurrence at or after ``after``) as a span."""
    if words is None:
        return None
    start = text.index(words, after)
    return {"text": words, "start": start, "end": start + len(words)}


def relation(text: str, said: Said, events) -> Attribution:
    """The Attribution of ``said`` in ``text``, with the ids of ``events`` whose trigger lies in its content."""
    source = span(text, said.source)
    cue = span(text, said.cue, source["end"] if source else 0)
    content = span(text, said.content)
    inside = [e.id for e in events if content["start"] <= e.trigger["start"] < content["end"]]
    return Attribution(doc_id=said.doc_id, sentence=text[:content["start"]].count(". "), content=content,
                       source=source, cue=cue, source_actor=said.actor, quote=said.quote, events=inside)


class AttributingRunner:
    """A runner for ``Store.ingest`` that codes with the real ``coder`` and gives each article the
    relations of ``RELATIONS`` written for it (in place of those the tagger found)."""

    def __init__(self, coder, relations=RELATIONS):
        self.coder, self.relations = coder, relations

    def map(self, batches):
        for batch in batches:
            results = list(self.coder.code_all(batch))
            for result in results:
                result.attributions = [relation(result.article.text, said, result.events)
                                       for said in self.relations if said.doc_id == result.article.id]
            yield results

    def close(self) -> None:
        pass
