"""Attribution, modality, quotes, dates and places on sentences coded by the real pipeline."""

import datetime as dt

import pytest

from eventwire.attributes import counts_as_happened
from eventwire.attributes.dates import resolve
from eventwire.attributes.places import geocode
from eventwire.errors import InputError
from eventwire.records import Article

MONDAY = dt.date(2025, 12, 1)


def only(events, event_type):
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger["text"]) for e in events]
    return found[0]


# -- dates -------------------------------------------------------------------

@pytest.mark.parametrize("text,future,date,precision", [
    ("in late November", False, "2025-11", "month"),
    ("on Thursday", False, "2025-11-27", "day"),
    ("on Thursday", True, "2025-12-04", "day"),
    ("last week", False, "2025-11-24", "week"),      # the Monday of that week
    ("in 2019", False, "2019", "year"),
    ("on Nov. 28", False, "2025-11-28", "day"),
    ("in January", False, "2025-01", "month"),      # no year: the last January before the story
    ("in January", True, "2026-01", "month"),       # ... or the next one, for what is to come
    ("three days ago", False, "2025-11-28", "day"),
    ("28 February 2024", False, "2024-02-28", "day"),
    ("earlier this year", False, "2025", "year"),
])
def test_date_expressions_resolve_against_the_document_date(text, future, date, precision):
    found = resolve(text, MONDAY, future=future)
    assert (found.date, found.precision) == (date, precision)
    assert text in found.reason


@pytest.mark.parametrize("text,why", [
    ("in recent months", "names no date"),
    ("on February 30", "is not a calendar date"),
    ("for decades", "is a period, not a date"),
    ("since 2009", "is a period, not a date"),
])
def test_unresolvable_dates_stay_at_document_precision_with_the_reason(text, why):
    found = resolve(text, MONDAY)
    assert (found.date, found.precision) == ("2025-12-01", "document")
    assert why in found.reason


def test_relative_dates_need_a_document_date():
    found = resolve("last week", None)
    assert found.date is None and found.precision == "document"
    assert "no document date" in found.reason
    assert resolve("in May 2023", None).date == "2023-05"  # an absolute date does not


def test_event_date_comes_from_the_event_clause_not_the_saying(coder):
    events = coder.code("Ukraine said on Friday that Russian forces shelled Kharkiv on Wednesday.", date="2025-12-01")
    attack = only(events, "ASSAULT")
    assert (attack.date, attack.date_precision) == ("2025-11-26", "day")
    assert "'on Wednesday'" in attack.date_reason


def test_a_date_of_the_clause_above_a_participle_is_not_the_events(coder):
    text = "A judge in Zimbabwe on Wednesday adjourned the case of a journalist arrested over his interviews."
    arrest = only(coder.code(text, date="2025-03-13"), "COERCE")
    assert arrest.date_precision == "document"


def test_event_without_a_date_keeps_the_document_date_and_says_why(coder):
    attack = only(coder.code("Russian forces shelled Kharkiv.", date="2025-12-01"), "ASSAULT")
    assert (attack.date, attack.date_precision) == ("2025-12-01", "document")
    assert attack.date_reason


@pytest.mark.parametrize("published", ["2025-02-30", "01/12/2025", "last week"])
def test_a_malformed_document_date_is_an_error_naming_the_record(coder, published):
    with pytest.raises(InputError) as error:
        coder.code(Article(id="story-7", text="Russian forces shelled Kharkiv.", published=published))
    assert error.value.where == "story-7" and "invalid date" in error.value.reason


def test_a_bad_date_does_not_stop_the_batch(coder):
    articles = [Article(id="bad", text="Russia attacked Ukraine.", published="2025-13-01"),
                Article(id="good", text="Russia attacked Ukraine last week.", published="2025-12-01")]
    failed = []
    results = list(coder.pipe(articles, on_error=lambda article, error: failed.append((article.id, str(error)))))
    assert failed == [("bad", "bad: invalid date '2025-13-01' (expected YYYY-MM-DD)")]
    assert results[0] == [] and (results[1][0].date, results[1][0].date_precision) == ("2025-11-24", "week")


# -- places ------------------------------------------------------------------

def test_geocoding_is_offline_and_picks_the_context_country():
    assert geocode("Caracas")["geonameid"] == 3646738
    assert geocode("Paris")["country"] == "FRA"
    assert geocode("Paris", prefer={"USA"})["admin1"] == "Texas"
    assert geocode("Kiev")["name"] == "Kyiv"          # an alternate spelling
    assert geocode("Narnia") is None


def test_location_is_where_the_event_took_place_with_its_span(coder):
    text = "Venezuelan police arrested opposition activists in Caracas on Tuesday."
    arrest = only(coder.code(text, date="2025-12-01"), "COERCE")
    place = arrest.location
    assert (place["type"], place["name"], place["country"]) == ("city", "Caracas", "VEN")
    assert text[place["start"]:place["end"]] == "Caracas"
    assert abs(place["lat"] - 10.49) < 0.1 and abs(place["lon"] + 66.88) < 0.1


def test_place_on_the_subject_of_the_event(coder):
    killing = coder.code("The attack in Kyiv killed three people.", date="2025-12-01")[0]
    assert (killing.location["name"], killing.location["country"]) == ("Kyiv", "UKR")


def test_place_named_through_a_place_noun(coder):
    text = "Israeli troops raided a refugee camp near the border town of Rafah."
    raid = coder.code(text, date="2025-12-01")[0]
    assert raid.location["country"] == "PSE" and raid.location["text"] == "Rafah"


@pytest.mark.parametrize("text, place, country", [
    ("Russian troops shelled the city of Kharkiv on Tuesday.", "Kharkiv", "UKR"),
    ("Israeli jets bombed Damascus overnight.", "Damascus", "SYR"),
])
def test_a_town_a_physical_act_was_done_to_is_where_it_happened(coder, text, place, country):
    event = only(coder.code(text, date="2025-12-01"), "ASSAULT")
    assert (event.location["text"], event.location["type"], event.location["country"]) == (place, "city", country)


@pytest.mark.parametrize("text", [
    "In March, Quad leaders agreed to counter China.",                          # a month, not March (UK)
    "The United States called for an inclusive government in Syria.",          # the call was not made in Syria
    "Donald Trump accused Maduro of smuggling drugs into the US.",              # the smuggling, not the accusation
    # the handlers are in Afghanistan, not the attack
    "Pakistani officials said the handlers of the Taliban attack on Pakistani police are based in Afghanistan.",
    "Zelensky praised Kharkiv for its resilience.",                              # words about a town, not an act there
])
def test_what_is_not_the_scene_of_the_event_is_not_its_location(coder, text):
    events = coder.code(text, date="2025-12-01")
    assert events and all(e.location is None for e in events), [(e.trigger, e.location) for e in events]


def test_a_country_named_as_an_actor_is_not_a_location(coder):
    events = coder.code("Russia attacked Ukraine. Iran accused Israel.", date="2025-12-01")
    assert events and all(e.location is None for e in events)


# -- attribution, modality, quotes --------------------------------------------

def test_reported_chain_and_source_actors(coder):
    text = "According to officials quoted by the BBC, Russian forces attacked a hospital in Kherson."
    attack = only(coder.code(text, date="2025-12-01"), "ASSAULT")
    assert attack.attribution["status"] == "reported"
    assert attack.attribution["sources"] == ["the BBC", "officials"]
    assert len(attack.attribution["source_actors"]) == 2


@pytest.mark.parametrize("text,cue", [
    ("According to officials, Russian forces reportedly attacked a hospital in Kherson.", "According to; reportedly"),
    ("Officials said Russian forces allegedly attacked a hospital in Kherson.", "allegedly; said"),
    ("According to officials, Russian forces attacked a hospital in Kherson.", "According to"),
])
def test_each_attribution_cue_holds_its_words_as_they_stand(coder, text, cue):
    attack = only(coder.code(text, date="2025-12-01"), "ASSAULT")
    assert attack.attribution["cue"] == cue
    assert all(part in text for part in cue.split("; "))


def test_a_party_reporting_its_own_act_is_a_claim_and_a_source_is_resolved(coder):
    attack = only(coder.code("The Kremlin said Russian forces struck Kyiv.", date="2025-12-01"), "ASSAULT")
    assert attack.attribution["status"] == "claimed"
    assert attack.attribution["source_actors"][0]["country"] == "RUS"


def test_denied_reports_are_denied_and_negated(coder):
    events = coder.code("Israel denied reports that its aircraft struck a hospital in Gaza.", date="2025-12-01")
    strike = only(events, "ASSAULT")
    assert strike.attribution["status"] == "denied" and strike.modality == "negated"
    assert not counts_as_happened(strike)


def test_sources_named_earlier_in_the_paragraph_stand_behind_reportedly(coder):
    text = ("Sources close to Maduro have claimed that Maduro rejected the ultimatum. "
            "Maduro reportedly asked Trump for another round of talks.")
    talks = only(coder.code(text, date="2025-12-01"), "REQUEST")
    assert talks.attribution["status"] == "reported"
    assert talks.attribution["sources"] == ["Sources close to Maduro"]
    assert talks.attribution["source_sentence"] == 0


def test_sources_do_not_cross_paragraphs(coder):
    text = ("Sources close to Maduro have claimed that Maduro rejected the ultimatum.\n\n"
            "Maduro reportedly asked Trump for another round of talks.")
    talks = only(coder.code(text, date="2025-12-01"), "REQUEST")
    assert talks.attribution["sources"] == [] and talks.attribution["source_sentence"] is None


@pytest.mark.parametrize("text,mood", [
    ("Russia did not attack the convoy.", "negated"),
    ("Russia denied attacking the convoy.", "negated"),
    ("Russia did not deny that its forces attacked the convoy.", "asserted"),
    ("If Russia attacked the convoy, NATO would respond.", "hypothetical"),
    ("Israel could attack Iran.", "hypothetical"),
    ("Israel will strike Iran next week.", "future"),
    ("Did Russia attack the convoy?", "question"),
    ("Russia did not launch missile attacks on Kyiv.", "negated"),
    ("Russia has not commented on the Ukrainian drone attack on Moscow.", "asserted"),  # not Russia's act
    ("Iran warned the United States against attacking Iranian nuclear sites.", "hypothetical"),
    ("Russia warned NATO against an attack on Syria.", "hypothetical"),
])
def test_modality_and_whether_it_counts(coder, text, mood):
    events = coder.code(text, date="2025-12-01")
    event = only(events, "ASSAULT")
    assert event.modality == mood
    assert counts_as_happened(event) == (mood == "asserted")


def test_quote_carrying_the_event_has_its_speaker_and_span(coder):
    text = '"We will strike Kyiv again," Russian Defense Minister Andrei Belousov said.'
    strike = only(coder.code(text, date="2025-12-01"), "ASSAULT")
    assert strike.quote["text"] == "We will strike Kyiv again,"
    assert strike.quote["speaker"] == "Russian Defense Minister Andrei Belousov"
    assert strike.quote["speaker_actor"]["country"] == "RUS"
    assert text[strike.quote["start"]:strike.quote["end"]] == strike.quote["text"]
