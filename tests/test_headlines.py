"""Headlines are coded like the news they are: what counts as one, and its grammar read right
(present simple = a past event, "to" + verb = an announced future, dropped auxiliaries, any casing)."""

import pytest

from eventwire.pipeline.headline import headlines
from eventwire.pipeline.truecase import Truecaser


def coded(coder, text):
    return [(e.event_type, e.modality, e.source and e.source.code, e.target and e.target.country, e.trigger["text"])
            for e in coder.code(text, date="2025-11-20")]


@pytest.mark.parametrize("text", ["Rebels shell town in east", "REBELS SHELL TOWN IN EAST",
                                  "Rebels Shell Town In East", "rebels shell town in east"])
def test_a_present_simple_headline_is_a_past_event_in_every_casing(coder, text):
    shell = text.split()[1]
    assert ("ASSAULT", "asserted", "REB", None, shell) in coded(coder, text)


@pytest.mark.parametrize("text", ["Russia accuses Ukraine of sabotage", "Russia Accuses Ukraine Of Sabotage",
                                  "RUSSIA ACCUSES UKRAINE OF SABOTAGE"])
def test_a_headline_names_its_actors_in_every_casing(coder, text):
    [event] = coder.code(text, date="2025-11-20")
    assert (event.event_type, event.modality, event.source.country, event.target.country) == (
        "ACCUSE", "asserted", "RUS", "UKR")


def test_title_case_keeps_acronyms_when_recased():
    assert Truecaser()("Iran Rejects US Demand To Halt Enrichment") == "Iran rejects US demand to halt enrichment"


@pytest.mark.parametrize("text", ["Iran rejects US demand", "IRAN REJECTS US DEMAND"])
def test_us_in_capitals_is_the_country(coder, text):
    [event] = coder.code(text, date="2025-11-20")
    assert (event.event_type, event.source.country, event.target.country) == ("REJECT", "IRN", "USA")


# Acts that are not cooperation: an announced cooperative act ("Putin to visit China") is also a
# future, which the intents rule on main may recode as the intent to do it.
@pytest.mark.parametrize("text, event_type, target", [
    ("Israel to strike Iran", "ASSAULT", "IRN"),
    ("Israel to strike Iran, officials say", "ASSAULT", "IRN"),
    ("US to expel Russian diplomats, State Department says", "SANCTION", "RUS"),
])
def test_to_and_a_verb_is_an_announced_future(coder, text, event_type, target):
    assert [(e.event_type, e.modality, e.target.country) for e in coder.code(text, date="2025-11-20")
            if e.event_type == event_type] == [(event_type, "future", target)]


def test_a_passive_without_its_auxiliary_is_a_past_event(coder):
    [arrest] = coder.code("Opposition leader arrested in Harare", date="2025-11-20")
    assert (arrest.event_type, arrest.modality, arrest.trigger["text"]) == ("COERCE", "asserted", "arrested")
    assert arrest.source is None and arrest.target.code == "OPP"  # the one arrested, not the one arresting
    killing = next(e for e in coder.code("Pakistan army says 30 militants killed in Swat", date="2009-05-01")
                   if e.event_type == "ASSAULT")
    assert killing.target.code == "REB" and (killing.source is None or killing.source.code != "REB")


def test_a_quoted_headline_is_the_speaker_s_word_not_an_event_done(coder):
    events = coder.code("'We will not yield,' says Zelensky", date="2025-11-20")
    # nothing yielded; what the words do is refuse, and that refusal is made (REJECT, asserted)
    assert events and all(e.modality != "asserted" or e.event_type == "REJECT" for e in events)
    assert {e.source.country for e in events if e.source} == {"UKR"}


def test_a_headline_is_its_own_sentence_not_run_into_the_story():
    from eventwire import Coder
    from eventwire.records import Article

    text = ("Troops fire on protesters in Nairobi\n"
            "The government said on Monday it would hold talks with opposition leaders.")
    [result] = Coder().code_all([Article(id="a", text=text, published="2025-11-20")])
    assert result.sentences == 2
    # the talks announced are an intent to meet (events/declared.py)
    assert {(e.event_type, e.modality) for e in result.events} == {("ASSAULT", "asserted"), ("AGREE", "future")}
    fire = next(e for e in result.events if e.event_type == "ASSAULT")
    assert text[fire.trigger["start"]:fire.trigger["end"]] == "fire"  # evidence in the article's own text


def test_what_counts_as_a_headline():
    story = "Rebels shelled a town in the east on Monday, officials said."
    assert headlines("Rebels shell town in east\n" + story) == [(0, 25)]
    assert headlines("RIVALS MEET IN GENEVA\n" + story) == [(0, 21)]
    assert headlines(story) == []  # a sentence of the story ends with its stop
    assert headlines("Thousands marched in Caracas on Monday\nand in other cities, police said.") == []
    assert headlines("Talks ended. Rebels then shelled the town\nin the east, officials said.") == []


def test_a_text_wrapped_in_short_lines_has_no_headline_but_one_in_capitals():
    wrapped = ("Israeli Prime Minister Benjamin Netanyahu said on\nSunday Israel would keep up the strikes\n"
               "on Gaza until all hostages are free, officials\nsaid in a statement released on Sunday.")
    assert headlines(wrapped) == []
    assert headlines("ISRAEL VOWS MORE STRIKES\n" + wrapped) == [(0, 24)]


@pytest.mark.parametrize("text", ["Troops fire on protesters in Nairobi.",
                                  "Police usually arrest a few people at such protests.",
                                  "Rebels often shell the town at night."])
def test_body_text_present_simple_is_not_recased_as_a_headline(text):
    assert headlines(text) == [] and Truecaser()(text) == text
