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


def _pronoun(text: str, date: str = "2025-06-01", word: str = "she"):
    from eventwire.actors import ActorBinding

    doc = load()(text)
    binding = ActorBinding(ActorResolver().for_document(doc, date))
    binding.observe(doc[:])
    return binding.actor(next(t for t in doc if t.lower_ == word))


def test_pronoun_stands_for_a_person_described_earlier_in_the_same_sentence():
    she = _pronoun("Officials close to the minister said she had turned down the plan.")
    assert she.code == "GOV" and "'the minister'" in she.reason
    he = _pronoun("Rebels attacked the convoy after the general said he would not negotiate.", word="he")
    assert he.code == "MIL" and "'the general'" in he.reason


def test_in_sentence_pronoun_keeps_gender_agreement_and_skips_its_own_clause_subject():
    # "spokesman" is male: "she" passes over him to the woman named before
    she = _pronoun("Angela Merkel met the spokesman, who said she was tired.", "2015-06-01")
    assert she.name == "Angela Merkel"
    # "him" cannot be the subject of its own clause ("the minister")
    him = _pronoun("President Emmanuel Macron arrived and the minister thanked him.", "2020-06-01", "him")
    assert him.name == "Emmanuel Macron"


def test_a_described_person_does_not_join_a_group_of_named_leaders():
    doc = load()("Donald Trump met Vladimir Putin while an official watched. The two leaders spoke.")
    actors = ActorResolver().for_document(doc, "2025-08-15")
    for chunk in doc.noun_chunks:
        actors.resolve(chunk)
    assert [m.name for m in actors.last_people(len(doc.text), 2)] == ["Donald Trump", "Vladimir Putin"]


def test_object_pronoun_of_a_relative_clause_is_not_the_noun_the_clause_hangs_on():
    him = _pronoun("President Emmanuel Macron met envoy Thomas Weber, who thanked him.", "2020-06-01", "him")
    assert him.name == "Emmanuel Macron"


def test_a_subject_pronoun_prefers_an_earlier_subject_of_its_sentence():
    out = _resolve_all("After Lula received Chavez in Brasilia, he called him a brother.", "2008-05-10")
    pronouns = {k.split("@")[0]: v.name for k, v in out.items() if k.split("@")[0] in ("he", "him")}
    assert pronouns == {"he": "Luiz Inácio Lula da Silva", "him": "Hugo Chávez"}


def test_a_pronoun_in_a_relative_clause_speakers_words_is_that_speaker():
    out = _resolve_all("Sarkozy met Netanyahu, who said he would not halt the building.", "2010-09-16")
    he = next(v for k, v in out.items() if k.startswith("he@"))
    assert he.name == "Benjamin Netanyahu"
