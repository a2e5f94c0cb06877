"""Wire datelines ("KABUL (Reuters) -") are read as datelines: no actor or event comes from
them, offsets still point into the article's text, their place is the events' place when the
sentence names none, their agency the article's source when the record gives none."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import fingerprint, prepare
from eventwire.datelines import dateline
from eventwire.records import Article

SHELLING = "Rebels shelled the town overnight."
DATELINES = [  # (dateline, case of the sentence after it)
    ("KABUL (Reuters) - ", str), ("KABUL, Afghanistan (AP) — ", str), ("kabul (reuters) - ", str.lower),
    ("KABUL (REUTERS) - ", str.upper), ("KABUL, March 3 (Reuters) - ", str), ("KABUL, 12 May (Xinhua) -- ", str),
    ("KABUL —", str), ("Kabul, Afghanistan — ", str), ("(CNN) ", str),
]
WIRE_FORMS = [
    ("UNITED NATIONS, March 3 (Reuters) - ", "UNITED NATIONS", "March 3", "Reuters"),
    ("Kyiv, Ukraine (AP) — ", "Kyiv", None, "AP"),
    ("BEIRUT, Lebanon, Jan. 5 (AFP) -- ", "BEIRUT", "Jan. 5", "AFP"),
    ("MOSCOW, 12 May (ITAR-TASS) — ", "MOSCOW", "12 May", "ITAR-TASS"),
    ("(CNN) ", None, None, "CNN"),
    ("Paris, 3 March 2019 /PRNewswire/ -- ", "Paris", "3 March 2019", "PRNewswire"),
    ("WASHINGTON — ", "WASHINGTON", None, None),
    ("WASHINGTON (AP) _ ", "WASHINGTON", None, "AP"),
]
NOT_DATELINES = [
    "WASHINGTON and Beijing agreed to hold talks.",
    "Kabul (the capital) was shelled by rebels.",
    "US - China talks resumed in Geneva.",
    "NATO — Russia talks resumed in Brussels.",
    "However, Moscow — which denies it — sent troops.",
    "ALERT: RUSSIA ATTACKED UKRAINE — SOURCES",
]


def coded(coder, text, **fields):
    return coder.code(Article(id="a", text=text, **fields))


@pytest.mark.parametrize("opening,case", DATELINES)
def test_a_dateline_gives_no_actor_and_no_second_event(coder, opening, case):
    text = opening + case(SHELLING)
    events = coded(coder, text)
    assert [(e.event_type, e.source.code, e.target and e.target.code) for e in events] == [("ASSAULT", "REB", None)]
    trigger = events[0].trigger
    assert text[trigger["start"]:trigger["end"]] == trigger["text"]
    assert trigger["text"].lower() == "shelled"
    assert events[0].source.text.lower() == "rebels" == text[events[0].source.start:events[0].source.end].lower()


@pytest.mark.parametrize("opening,place,date,agency", WIRE_FORMS)
def test_wire_forms_are_read_as_datelines(opening, place, date, agency):
    found = dateline(opening + "The council met.")
    assert (found.place, found.date, found.agency, found.end) == (place, date, agency, len(opening))


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_real_sentence_starts_are_kept(text):
    assert dateline(text) is None
    assert prepare(text).parse_text == text


def test_a_sentence_start_like_a_dateline_keeps_its_actors(coder):
    events = coded(coder, "WASHINGTON and Beijing agreed to hold talks.")
    sides = {a.code for e in events for a in (e.source, e.target) if a}
    assert sides == {"USAGOV", "CHNGOV"}  # agreed with each other: one is the other's counterpart


def test_paragraph_datelines_and_offsets_into_the_original_text(coder):
    text = ("Talks stall\nBEIRUT, Lebanon, Jan. 5 (AFP) -- Israeli jets struck a building in Tyre.\n\n"
            "KABUL (Reuters) - Rebels shelled the town overnight.")
    events = coded(coder, text)
    assert [e.event_type for e in events] == ["ASSAULT", "ASSAULT"]
    for event in events:
        assert text[event.trigger["start"]:event.trigger["end"]] == event.trigger["text"]
        assert text[event.evidence["start"]:event.evidence["end"]].strip() == event.text
    assert events[0].location["name"] == "Tyre" and "dateline" not in events[0].location
    assert text[events[1].source.start:events[1].source.end] == events[1].source.text == "Rebels"
    assert events[1].text == "Rebels shelled the town overnight."


def test_the_dateline_place_is_a_fallback_below_the_sentence_place(coder):
    text = ("KABUL (Reuters) - Rebels shelled the town overnight.\n"
            "Rebels also attacked a checkpoint in Kandahar.")
    first, second = coded(coder, text)
    assert (first.location["name"], first.location["country"], first.location["dateline"]) == ("Kabul", "AFG", True)
    assert text[first.location["start"]:first.location["end"]] == "KABUL"
    assert second.location["text"] == "Kandahar" and "dateline" not in second.location


def test_the_dateline_place_is_not_given_to_an_event_of_other_countries(coder):
    events = coded(coder, "WASHINGTON — Russia attacked Ukraine on Monday.")
    assert [(e.source.country, e.target.country, e.location) for e in events] == [("RUS", "UKR", None)]


def test_the_agency_is_the_article_source_only_when_it_has_none(coder):
    text = "KABUL (Reuters) - Taliban officials said rebels shelled the town overnight."
    [bare] = coder.code_all([Article(id="a", text=text)])
    [given_source] = coder.code_all([Article(id="b", text=text, source="Voice of America")])
    assert (bare.article.source, given_source.article.source) == ("Reuters", "Voice of America")
    assert all("Reuters" not in str(e.attribution) for e in bare.events)


def test_a_repeated_paragraph_under_another_dateline_is_parsed_once():
    text = "KABUL (AP) - Rebels shelled the town.\nMOSCOW (AP) - Talks began.\nRebels shelled the town."
    prepared = prepare(text)
    assert prepared.parse_text == "Rebels shelled the town.\nTalks began."
    assert [s.count for s in prepared.segments] == [2, 1]


PARAGRAPH = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
OPENING = st.sampled_from([o for o, *_ in DATELINES + WIRE_FORMS] + NOT_DATELINES + [""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(OPENING, PARAGRAPH), max_size=5))
def test_preparing_never_moves_offsets_nor_loses_text(paragraphs):
    prepared = prepare("\n".join(opening + body for opening, body in paragraphs))
    text = prepared.text
    for segment in prepared.segments:  # every kept piece is the article's text, at the place the map says
        piece = prepared.parse_text[segment.parse_start:segment.parse_start + segment.length]
        assert piece == text[segment.start:segment.start + segment.length]
        assert prepared.to_text_offset(segment.parse_start) == segment.start
    covered = set()
    for part in [*prepared.segments, *prepared.datelines]:
        start = part.start
        end = part.end if hasattr(part, "end") else part.start + part.length
        covered.update(range(start, end))
    for dateline_ in prepared.datelines:
        if dateline_.place is not None:
            assert text[dateline_.place_start:].startswith(dateline_.place)
    kept = {fingerprint(prepared.parse_text[s.parse_start:s.parse_start + s.length]) for s in prepared.segments}
    for position, line in enumerate(text.split("\n")):  # every paragraph is kept, set aside, or a repeat
        start = sum(len(p) + 1 for p in text.split("\n")[:position])
        missing = [i for i in range(start, start + len(line)) if i not in covered and not text[i].isspace()]
        if missing:
            rest = text[missing[0]:start + len(line)]
            assert fingerprint(rest) in kept
