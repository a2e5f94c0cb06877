"""Demands reported through a verb of saying (events/extract.py ``_speech_demands``, ``_obliged``) and
their modality (pipeline/stages.py ``Modality``), with real parses."""


def demands(coder, text):
    return [e for e in coder.code(text, date="2024-05-01") if e.event_type == "REQUEST"]


def test_a_reported_must_is_a_demand_by_the_speaker_on_the_one_obliged(coder):
    [demand] = demands(coder, "China said the United States must stop interfering in its internal affairs.")
    assert (demand.source.code, demand.target.code, demand.cameo) == ("CHN", "USA", "1056")
    assert demand.modality == "asserted"
    [unspecified] = demands(coder, "Russia says Israel must end attacks on Syria.")
    assert (unspecified.source.code, unspecified.target.code, unspecified.cameo) == ("RUS", "ISR", "100")


def test_the_speaker_s_own_side_under_obligation_is_no_demand(coder):
    assert demands(coder, "We must act now, the Iranian president said.") == []


def test_a_demand_made_by_saying_has_the_modality_of_the_saying(coder):
    [told] = demands(coder, "Trump told Maduro that he should resign.")
    assert (told.target.code, told.modality) == ("VENGOV", "asserted")
    [maybe] = demands(coder, "Trump may tell Maduro that he should resign.")
    assert maybe.modality == "hypothetical"
