"""The attribution tagger learned from PolNeAR and the relations the pipeline makes of it, on the real parse."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from eventwire.attributes.tagger import TAGS, Tagger, features, rules_of, spans, units
from eventwire.records import Article

ROOT = Path(__file__).resolve().parents[1]


def coded(coder, text):
    [result] = coder.code_all([Article(id="t", text=text, published="2024-03-04")])
    assert result.error is None
    return result


def relation_with(result, cue):
    found = [a for a in result.attributions if a.cue and a.cue["text"] == cue]
    assert len(found) == 1, [(a.source, a.cue, a.content["text"]) for a in result.attributions]
    return found[0]


def event_at(result, trigger):
    found = [e for e in result.events if e.trigger["text"] == trigger]
    assert len(found) == 1, [(e.event_type, e.trigger["text"]) for e in result.events]
    return found[0]


def test_the_shipped_weights_load_with_the_cue_words_the_corpus_taught():
    tagger = Tagger.load()
    assert tagger.weights.shape[1] == len(TAGS) and len(tagger.keys) > 10_000
    assert {"say", "tell", "according", "tweet", "acknowledge"} <= tagger.cue_lemmas


def test_every_known_feature_finds_its_own_weights_and_an_unknown_one_none():
    tagger = Tagger.load()
    assert (tagger.rows(tagger.keys) == np.arange(len(tagger.keys))).all()
    unknown = np.setdiff1d(np.arange(1, 1001, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15), tagger.keys)
    assert len(unknown) > 990 and not tagger.weights[tagger.rows(unknown)].any()


def test_paragraphs_tagged_side_by_side_as_one_at_a_time(coder):
    doc = coder.nlp('"The army shelled our village," the elder said.\n\nPolice arrested 40 protesters on Monday, '
                    "according to a rights group. Officials denied it.\n\nThe minister said talks would resume.")
    pieces = list(units(doc))
    keys = features(doc, pieces, Tagger.load().cue_lemmas, rules_of(doc, pieces))
    lengths = [end - start for start, end in pieces]
    together = Tagger.load().tag(keys, lengths)
    cuts = np.cumsum([0, *lengths])
    alone = [Tagger.load().tag(keys[a:b], [b - a])[0] for a, b in zip(cuts, cuts[1:])]
    assert len(pieces) == 3 and together == alone
    assert [role for tags in together for role, *_ in spans(tags)].count("C") >= 3


def test_direct_quote_then_its_speaker(coder):
    result = coded(coder, '"Our forces will attack the rebels\' base at dawn," the paper wrote.')
    relation = relation_with(result, "wrote")
    assert relation.source["text"] == "the paper" and relation.quote
    assert "Our forces will attack the rebels' base at dawn" in relation.content["text"]
    attack = event_at(result, "attack")
    assert attack.attribution["status"] != "asserted" and attack.attribution["sources"] == ["the paper"]
    assert attack.quote["speaker"] == "the paper" and attack.id in relation.events


def test_speaker_set_in_the_middle_splits_the_content(coder):
    result = coded(coder, "The army, officials said, shelled three villages near the border.")
    relation = relation_with(result, "said")
    assert relation.source["text"] == "officials"
    assert len(relation.content["segs"]) == 2 and relation.content["text"].startswith("The army")
    assert "shelled three villages" in relation.content["text"]
    shelled = event_at(result, "shelled")
    assert shelled.attribution["status"] == "reported" and shelled.attribution["sources"] == ["officials"]


@pytest.mark.parametrize("sentence,cue,trigger", [
    ("The senator noted that troops had attacked the convoy.", "noted", "attacked"),
    ("The minister acknowledged that police had arrested 40 protesters.", "acknowledged", "arrested"),
    ("Activists questioned whether soldiers had fired on the crowd.", "questioned", "fired"),
])
def test_verbs_of_saying_and_thinking_beyond_said(coder, sentence, cue, trigger):
    result = coded(coder, sentence)
    relation = relation_with(result, cue)
    event = event_at(result, trigger)
    assert event.attribution["status"] == "reported" and event.attribution["cue"] == cue
    assert event.attribution["sources"] == [relation.source["text"]] and event.id in relation.events


def test_a_promise_makes_the_promised_event_future(coder):
    result = coded(coder, "The governor vowed that the police would arrest the smugglers within a week.")
    relation_with(result, "vowed")
    assert event_at(result, "arrest").modality == "future"


def test_content_over_several_sentences_of_one_quote(coder):
    result = coded(coder, '"The army attacked our village on Sunday. Then the soldiers arrested my brothers," '
                          "the elder told reporters.")
    relation = relation_with(result, "told")
    assert relation.quote and relation.source["text"] == "the elder"
    assert relation.content["text"].count(".") >= 1 and "arrested my brothers" in relation.content["text"]
    for trigger in ("attacked", "arrested"):
        event = event_at(result, trigger)
        assert event.attribution["status"] != "asserted" and event.attribution["sources"] == ["the elder"]


@pytest.mark.parametrize("sentence,source", [
    ("A report released Monday said that police had arrested dozens of protesters.", "A report released Monday"),
    ("The broadcaster reported that troops shelled the city overnight.", "The broadcaster"),
])
def test_a_document_or_a_body_as_source(coder, sentence, source):
    result = coded(coder, sentence)
    [relation] = result.attributions
    assert relation.source["text"] == source
    [event] = result.events
    assert event.attribution["status"] == "reported" and event.attribution["sources"] == [source]


def test_the_outlets_own_account_stays_asserted(coder):
    result = coded(coder, "Troops shelled the city on Monday. Police arrested dozens of protesters in the capital.")
    assert result.attributions == []
    assert [e.attribution["status"] for e in result.events] == ["asserted", "asserted"]


def test_the_build_script_reads_polnear(shared_data, tmp_path):
    folder = shared_data / "dev" / "polnear"
    if not (folder / "dev.jsonl").is_file():
        pytest.skip("no PolNeAR in the shared data")
    spec = importlib.util.spec_from_file_location("train_attribution", ROOT / "scripts" / "train_attribution.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rows = script.read(folder / "dev.jsonl")[:2]
    docs = script.parsed(rows, tmp_path, "dev")
    for row, doc in zip(rows, docs):
        tags = script.gold_tags(doc, row["attributions"])
        cues = [doc[s:e].text for role, s, e in spans(tags) if role == "C"]
        gold = [a["cue"]["text"] for a in row["attributions"] if a.get("cue")]
        assert len(cues) >= 0.9 * len(gold) and set(cues) & set(gold)


def test_a_quote_ends_at_its_paragraph(coder):
    result = coded(coder, 'In a post, the minister wrote: "Did the rebels attack the town?"\n\n'
                          'He offered no proof that the army shelled the port.')
    assert "\n" not in relation_with(result, "wrote:").content["text"]
    assert event_at(result, "shelled").attribution["sources"] != ["the minister"]


def test_an_aside_after_the_speaker_is_not_what_was_said(coder):
    result = coded(coder, '"The talks are over," the minister said, referring to the rebels who attacked three depots.')
    assert relation_with(result, "said").content["text"] == '"The talks are over,"'
    assert event_at(result, "attacked").attribution["status"] == "asserted"  # the aside is the author's
