"""Text written all in lower case or all in capitals is coded as the same text in normal case
(pipeline/truecase.py, hooked into the Coder), and normally cased text is left exactly alone."""

import json
import textwrap

import pytest

from eventwire import Coder
from eventwire.pipeline.truecase import Truecaser

# (sentence in normal case, the article's date): one PLOVER type or more each, actors of every kind.
SENTENCES = [
    ("President Obama met Netanyahu in Jerusalem.", "2012-05-01"),
    ("Police fired tear gas at protesters in Cairo.", "2013-07-01"),
    ("Russian troops attacked Ukrainian positions near Kharkiv.", "2024-05-01"),
    ("Iran and Oman held talks in Muscat.", "2020-01-01"),
    ("Thousands of protesters marched through Nairobi demanding new elections.", "2017-10-01"),
    ("The United Nations condemned the attack on civilians in Syria.", "2016-01-01"),
    ("China accused Japan of violating its airspace.", "2014-01-01"),
    ("The European Union imposed sanctions on Belarus.", "2021-06-01"),
    ("Venezuela expelled the Spanish ambassador.", "2018-01-01"),
    ("NATO agreed to send troops to Lithuania.", "2016-07-01"),
    ("The German government promised aid to Ethiopia.", "2019-01-01"),
    ("Turkish jets bombed Kurdish rebels in northern Iraq.", "2015-08-01"),
    ("Egypt called for a ceasefire in Gaza.", "2014-07-01"),
    ("The UN Security Council demanded that Israel halt settlement construction.", "2016-12-01"),
    ("North Korea threatened to strike South Korea.", "2013-03-01"),
    ("The US State Department praised the election in Ghana.", "2016-12-01"),
    ("Saudi Arabia rejected the proposal by Qatar.", "2017-07-01"),
    ("The Taliban kidnapped two aid workers in Kabul.", "2010-05-01"),
    ("Nigerian soldiers killed Boko Haram fighters in Borno.", "2015-03-01"),
    ("Israeli forces shelled Hezbollah positions in southern Lebanon.", "2006-07-20"),
    ("Chinese President Xi Jinping hosted Russian President Vladimir Putin in Beijing.", "2024-05-16"),
    ("Ukraine asked Germany for more air defence systems.", "2023-01-01"),
    ("Kenyan police arrested opposition leader Raila Odinga in Kisumu.", "2018-01-01"),
]


@pytest.fixture(scope="module")
def plain():
    return Coder(truecase=False)


def coded(coder, text, date):
    """What an analyst compares: each event's type and its source and target codes."""
    return sorted((e.event_type, e.source and e.source.code, e.target and e.target.code)
                  for e in coder.code(text, date=date))


@pytest.mark.parametrize(("sentence", "date"), SENTENCES, ids=[s[:30] for s, _ in SENTENCES])
def test_lower_and_upper_case_text_codes_like_normal_text(coder, sentence, date):
    normal = coded(coder, sentence, date)
    assert normal, "the sentence codes an event in normal case"
    assert coded(coder, sentence.lower(), date) == normal
    assert coded(coder, sentence.upper(), date) == normal


def test_without_truecasing_lower_case_text_loses_events_or_actors(coder, plain):
    lost = [s for s, date in SENTENCES if coded(plain, s.lower(), date) != coded(coder, s, date)]
    assert len(lost) >= len(SENTENCES) // 2, lost


def test_offsets_and_texts_of_a_recased_article_are_the_original_ones(coder):
    text = ("PRESIDENT OBAMA MET NETANYAHU IN JERUSALEM\n"
            "president obama met netanyahu in jerusalem on monday. israeli forces shelled hezbollah positions.")
    events = coder.code(text, date="2012-05-01")
    assert len(events) >= 3
    for event in events:
        trigger = event.trigger
        assert text[trigger["start"]:trigger["end"]] == trigger["text"]
        assert event.text in text
        for actor in (event.source, event.target):
            if actor is not None and actor.start is not None:
                assert text[actor.start:actor.end] == actor.text
    sources = {e.source.text for e in events if e.source is not None}
    assert sources & {"president obama", "PRESIDENT OBAMA"} and "israeli forces" in sources


def test_the_truecaser_recases_names_dates_and_sentences_and_keeps_the_length():
    truecase = Truecaser()
    lower = "they may go, president obama said, and i will. u.s. troops left kabul on march 3. crowds march in paris."
    assert truecase(lower) == ("They may go, President Obama said, and I will. U.S. troops left Kabul on March 3. "
                               "Crowds march in Paris.")
    upper = "UN PEACEKEEPERS CLASH WITH REBELS IN EASTERN CONGO; RICE PRICES RISE"
    assert truecase(upper) == "UN peacekeepers clash with rebels in eastern Congo; rice prices rise"
    assert len(truecase(upper.lower())) == len(upper)


def test_only_the_paragraphs_written_in_one_case_are_recased():
    text = "KIEV REJECTS MOSCOW'S TERMS\nUkraine rejected the terms on Monday, officials in Kyiv said."
    assert Truecaser()(text) == ("Kiev rejects Moscow's terms\n"
                                 "Ukraine rejected the terms on Monday, officials in Kyiv said.")


def test_normally_cased_news_is_not_changed_even_wrapped_in_short_lines(shared_data):
    truecase = Truecaser()
    with open(shared_data / "voa" / "voa_stories.jsonl", encoding="utf-8") as handle:
        stories = [json.loads(line)["text"] for line in handle][:40]
    wrapped = ["\n".join(textwrap.wrap(story, 60)) for story in stories]
    assert [text for text in stories + wrapped if truecase(text) != text] == []
    assert truecase(stories[0]) is stories[0]


def test_normally_cased_text_codes_the_same_with_truecasing_off(coder, plain):
    text = ("Security forces fired tear gas at students in Dhaka on Sunday. The U.S. Embassy urged calm, "
            "and the UN said it was alarmed.\nRebels shelled the town overnight, the army said.")
    on = [e.to_dict() for e in coder.code(text, date="2020-02-02")]
    assert on and on == [e.to_dict() for e in plain.code(text, date="2020-02-02")]
