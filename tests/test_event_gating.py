"""Which events the sentence model's detector may add, and of which type, beside the patterns
(pipeline/stages.py: _model_event, _model_candidate and the gates they call)."""

import numpy as np
import pytest

from eventwire import Coder
from eventwire.events.classify import Reading
from eventwire.events.extract import candidates, no_event
from eventwire.events.lexicon import Lexicon
from eventwire.nlp import load
from eventwire.pipeline.stages import _model_candidate

LABELS = ("none", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def reading(event_type: str, penta_class: int) -> Reading:
    """A detector's reading of a sentence as an event of ``event_type`` (sure of it)."""
    types = np.full(len(LABELS), 0.01)
    types[LABELS.index(event_type)] = 1.0 - 0.01 * (len(LABELS) - 1)
    penta = np.full(5, 0.05)
    penta[penta_class] = 0.8
    return Reading(penta, [], types, LABELS)


@pytest.mark.parametrize("text", [
    # bylines
    "Jane Roe contributed to this report.",
    "Reporters in Nairobi and Kampala contributed reporting.",
    "Our correspondent Tom Smith contributed to this story from the United Nations.",
    # an everyday verb of the dictionary between no political actors
    "The businessman founded a bakery in Osaka in 2017.",
    "Many retired teachers settled in the coastal town of Hue.",
])
def test_a_byline_or_an_everyday_act_of_no_political_actor_codes_no_event(coder, text):
    assert coder.code(text, date="2024-05-01") == []


def test_a_contribution_that_is_no_byline_is_still_coded(coder):
    events = coder.code("Germany contributed troops to the NATO mission in Kosovo.", date="2024-05-01")
    assert [e.event_type for e in events] == ["AID"]


@pytest.mark.parametrize("text,coded", [
    ("The ship headed to Iran.", []),  # HEAD's line names only "to": no event without a known source
    ("The reporters contributed from Mogadishu.", []),  # CONTRIBUTE's own code, no known source
    ("Japan contributed $5 million to the UN refugee agency.", [("AID", "JPN")]),
    ("Russia contributed troops to the mission.", [("AID", "RUS")]),
])
def test_a_dictionary_reading_of_the_verb_alone_needs_a_known_source(text, coded):
    events = Coder(classifier=None).code(text, date="2024-05-01")  # the patterns alone
    assert [(e.event_type, e.source.code) for e in events] == coded
    assert all(e.rule.startswith("CAMEO.2.0:") for e in events)


def test_the_hand_lexicon_reads_a_byline_as_no_event():
    doc = load()("Jane Roe contributed to this report. Japan contributed funds to the relief effort.")
    first, second = doc.sents
    lexicon = Lexicon.load()
    assert candidates(first, lexicon) == []
    assert no_event(doc[2], lexicon)
    assert not no_event(next(t for t in second if t.lower_ == "contributed"), lexicon)


def test_a_model_event_takes_the_hand_lexicon_code_of_its_predicate():
    """The subject "They" names no actor the KB codes, so the hand lexicon's demand is not kept; the
    detector's event on the same verb is a demand, whatever type the detector reads."""
    sent = next(load()("They demanded reforms and the ouster of the governor.").sents)
    lexicon = Lexicon.load()
    found = candidates(sent, lexicon)
    assert [c.head.lower_ for c in found] == ["demanded"]
    model = _model_candidate(sent, found, reading("ACCUSE", 3), lexicon.speech_verbs)
    assert model.head.lower_ == "demanded"
    assert model.cameo == found[0].cameo and model.cameo.startswith("10")
    # a pattern whose event is kept is what the detector second-guesses: it gives no code
    kept = _model_candidate(sent, found, reading("ACCUSE", 3), lexicon.speech_verbs,
                            frozenset({found[0].head.i}))
    assert kept.cameo.startswith("11")


def test_an_uncoded_demand_is_coded_as_a_demand(coder):
    events = coder.code("They demanded reforms and the ouster of the governor.", date="2024-05-01")
    assert [e.event_type for e in events] == ["REQUEST"]


def test_the_same_verb_with_a_state_on_a_side_is_an_event(coder):
    events = coder.code("Japan founded a development fund with the World Bank.", date="2024-05-01")
    assert [(e.event_type, e.source.code) for e in events] == [("COOPERATE", "JPN")]


def test_an_armed_group_the_kb_codes_by_region_is_political(coder):
    events = coder.code("The Popular Front for the Liberation of Palestine declared a unilateral ceasefire on Sunday.",
                        date="2012-05-01")
    assert [(e.event_type, e.source.code) for e in events] == [("RETREAT", "MEAREB")]


@pytest.mark.parametrize("text, event_type, cameo", [
    ("The foreign ministry called the accusations groundless.", "REJECT", "120"),
    ("Poland called the border closure unacceptable.", "ACCUSE", "111"),
    ("Turkey expressed outrage at the killing of its soldiers in Syria.", "ACCUSE", "111"),
    ("The prime minister voiced support for the Kenyan police mission.", "SUPPORT", "051"),
])
def test_a_judgement_or_a_feeling_expressed_is_coded_by_the_hand_lexicon(coder, text, event_type, cameo):
    events = coder.code(text, date="2024-05-01")
    assert [(e.event_type, e.cameo) for e in events] == [(event_type, cameo)]
    assert events[0].rule.split()[0] in ("call", "express", "voice")  # the hand lexicon's reading


def test_concern_is_no_criticism(coder):
    """CAMEO reads "expressed concern" as a pessimistic comment (012), a statement, not a criticism."""
    events = coder.code("Germany expressed concern about the fighting in Sudan.", date="2024-05-01")
    assert "ACCUSE" not in {e.event_type for e in events}


@pytest.mark.parametrize("text, event_type, cameo", [
    ("The World Food Program on Thursday distributed relief items to flood victims in Malawi.", "AID", "073"),
    ("The Nigerian defense minister announced the activation of a standby military force on Tuesday.",
     "MOBILIZE", "154"),
    ("Israel activated thousands of reservists on Sunday.", "MOBILIZE", "154"),
])
def test_aid_handed_out_and_forces_activated_are_coded(coder, text, event_type, cameo):
    assert [(e.event_type, e.cameo) for e in coder.code(text, date="2024-05-01")] == [(event_type, cameo)]


def test_a_report_handed_out_is_no_aid(coder):
    assert coder.code("The company distributed its annual report to shareholders.", date="2024-05-01") == []


def test_speculation_the_detector_reads_is_kept_as_hypothetical(coder):
    """Hypotheticals stay in the data, marked; a speculative detector reading does not replace the dictionary's."""
    events = coder.code("Government troops might pound rebel positions in Idlib.", date="2024-05-01")
    assert [(e.event_type, e.modality) for e in events] == [("ASSAULT", "hypothetical")]


@pytest.mark.parametrize("text, event_type, cameo", [
    ("The opposition party took the electoral commission to court.", "ACCUSE", "115"),
    ("Moscow described the charges as baseless.", "REJECT", "120"),
    ("Kenya described the raid as illegal.", "ACCUSE", "111"),
])
def test_a_suit_and_a_judgement_described_are_coded(coder, text, event_type, cameo):
    assert [(e.event_type, e.cameo) for e in coder.code(text, date="2024-05-01")] == [(event_type, cameo)]


@pytest.mark.parametrize("text", ["The report described the town as quiet.", "He took his children to school."])
def test_everyday_taking_and_describing_are_no_event(coder, text):
    assert coder.code(text, date="2024-05-01") == []


def detector(types: dict[str, float]) -> Reading:
    """A detector's reading with these type probabilities (the rest on "none")."""
    vector = np.array([types.get(label, 0.0) for label in LABELS])
    vector[0] = 1.0 - vector.sum()
    return Reading(np.array([0.05, 0.05, 0.05, 0.4, 0.45]), [], vector, LABELS)


def test_a_model_event_takes_a_pattern_type_the_detector_finds_nearly_as_probable():
    """"condemned" (the hand lexicon's criticism) is in a relative clause, "flew" the predicate; the
    detector reads an assault. Where it finds a criticism at least half as probable, the event is
    the criticism on its trigger; else its own assault on the predicate."""
    sent = next(load()("The minister, who condemned the raid, flew to Kyiv on Monday.").sents)
    lexicon = Lexicon.load()
    found = candidates(sent, lexicon)
    near = _model_candidate(sent, found, detector({"ASSAULT": 0.5, "ACCUSE": 0.3}), lexicon.speech_verbs)
    far = _model_candidate(sent, found, detector({"ASSAULT": 0.5, "ACCUSE": 0.2}), lexicon.speech_verbs)
    assert (near.head.lower_, near.cameo) == ("condemned", "111")
    assert (far.head.lower_, far.cameo) == ("flew", "190")


@pytest.mark.parametrize("text", [
    "The rebels stepped up recruitment of fighters.",  # the dictionary's "step up" and the detector's reading
    "Georgia broke off diplomatic relations with Russia.",
])
def test_one_predicate_has_one_reading(coder, text):
    events = coder.code(text, date="2010-06-01")
    spans = [(e.trigger["start"], e.trigger["end"], e.event_type) for e in events]
    for start, end, kind in spans:
        assert all(k == kind for s, e, k in spans if s < end and start < e), spans
