"""Issue 5 on the seed article: according to whom, did it happen, when — through the real pipeline.

../shared/data/seed/venezuela-ultimatum.txt, document date 2025-12-01.
"""

import pytest

from eventwire.attributes import counts_as_happened
from eventwire.records import Article


@pytest.fixture(scope="module")
def seed(coder, shared_data):
    text = (shared_data / "seed" / "venezuela-ultimatum.txt").read_text("utf-8")
    article = Article(id="seed", text=text, published="2025-12-01")
    return article, coder.code(article)


def one(events, predicate):
    found = [e for e in events if predicate(e)]
    assert len(found) == 1, [(e.cameo, e.trigger["text"]) for e in found]
    return found[0]


def test_event_1_ultimatum_is_stated_by_the_outlet_or_sourced(seed):
    _, events = seed
    ultimatum = one(events, lambda e: e.event_type == "THREATEN" and "ultimatum" in e.trigger["text"])
    assert ultimatum.attribution["status"] in ("asserted", "reported")
    assert ultimatum.modality == "asserted" and counts_as_happened(ultimatum)


def test_event_2_phone_call_is_alleged_in_late_november(seed):
    _, events = seed
    call = one(events, lambda e: e.event_type == "CONSULT")
    assert call.attribution["status"] == "alleged" and "allegedly" in call.attribution["cue"]
    assert (call.date, call.date_precision) == ("2025-11", "month")
    assert "late November" in call.date_reason


def test_event_3_demand_is_reported_with_its_quote(seed):
    article, events = seed
    demand = one(events, lambda e: e.cameo == "1041")
    assert demand.attribution["status"] == "reported"
    assert demand.attribution["sources"] == ["the Miami Herald", "sources"]
    quote = demand.quote
    assert quote["text"] == "Resign right away"
    assert quote["speaker"] == "the US president"
    assert quote["speaker_actor"]["name"] == "Donald Trump" and quote["speaker_actor"]["code"] == "USAGOV"
    assert article.text[quote["start"]:quote["end"]] == "Resign right away"


def test_event_4_rejection_is_claimed_by_sources_close_to_maduro(seed):
    _, events = seed
    reject = one(events, lambda e: e.event_type == "REJECT" and e.source.country == "VEN")
    assert reject.attribution["status"] == "claimed"
    assert reject.attribution["sources"] == ["sources close to Maduro"]


def test_event_5_amnesty_plea_is_alleged_on_the_same_sources(seed):
    _, events = seed
    amnesty = one(events, lambda e: e.cameo.startswith("025"))
    assert amnesty.attribution["status"] == "alleged"
    # the paragraph's sources carry over to "allegedly" in the next sentence
    assert amnesty.attribution["sources"] == ["sources close to Maduro"]


def test_event_8_accusation_is_asserted_and_undated(seed):
    _, events = seed
    accuse = one(events, lambda e: e.event_type == "ACCUSE")
    assert accuse.attribution == {"status": "asserted", "sources": [], "cue": None,
                                  "source_actors": [], "source_sentence": None}
    assert accuse.date_precision == "document" and "recent months" in accuse.date_reason


def test_nothing_from_it_is_unclear_whether_counts_as_happened(seed):
    _, events = seed
    unclear = [e for e in events if "unclear whether" in e.text]
    assert unclear  # the threats sentence is coded, but not as something that happened
    assert not any(counts_as_happened(e) for e in unclear)
    stepping_down = [e for e in events if "if Maduro were to step down" in e.text and e.event_type == "CONCEDE"]
    assert stepping_down and not any(counts_as_happened(e) for e in stepping_down)


def test_seed_has_no_location_it_does_not_state(seed):
    _, events = seed
    assert all(e.location is None for e in events)
