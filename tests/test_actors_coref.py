"""Coreference inside a document: pronouns, surnames, titles and groups.

The labelled and held-out sets are scored in test_eval_coref.py (``eventwire eval --format coref``)."""

from __future__ import annotations

from eventwire.actors import ActorResolver
from eventwire.nlp import load


def _resolve_all(text: str, date: str):
    doc = load()(text)
    actors = ActorResolver().for_document(doc, date)
    spans = {c.start_char: c for c in doc.noun_chunks}
    return {spans[k].text + f"@{k}": actors.resolve(spans[k]) for k in sorted(spans)}


def test_pronoun_gender_and_object_binding():
    out = _resolve_all("Opposition leader María Corina Machado met Interior Minister Diosdado "
                       "Cabello. Cabello said she would be arrested. Trump praised him.",
                       "2025-01-05")
    she = next(v for k, v in out.items() if k.startswith("she@"))
    him = next(v for k, v in out.items() if k.startswith("him@"))
    assert she.name == "María Corina Machado"
    assert him.name == "Diosdado Cabello"


def test_unknown_person_keeps_description_through_surname_and_pronoun():
    out = _resolve_all("Colonel Ramón Fuentes of the Venezuelan army spoke. Fuentes said he "
                       "would obey.", "2024-06-01")
    later = [v for k, v in out.items() if k.split("@")[0] in ("Fuentes", "he")]
    assert [(a.name, a.sector) for a in later] == [("Ramón Fuentes", "MIL")] * 2


def test_title_without_country_takes_the_last_holder_of_that_title():
    out = _resolve_all("German Chancellor Friedrich Merz met Donald Trump. "
                       "The chancellor spoke first.", "2025-06-10")
    chancellor = next(v for k, v in out.items() if k.startswith("The chancellor"))
    assert chancellor.name == "Friedrich Merz"
