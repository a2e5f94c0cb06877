"""Extraction and direction on sentences written in the styles news uses (tests/data/sentences.yaml)."""

from pathlib import Path

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).parent / "data" / "sentences.yaml").read_text("utf-8"))


def country(actor):
    return actor.country if actor is not None else None


CODED = [c for c in CASES if "type" in c]
ABSENT = [c for c in CASES if "absent" in c]


@pytest.mark.parametrize("case", CODED, ids=[c["text"][:50] for c in CODED])
def test_sentence_is_coded_with_its_direction(coder, case):
    events = coder.code(case["text"], date=case.get("date", "2025-11-20"))
    matching = [e for e in events if e.event_type == case["type"] and e.cameo_root == case["root"]]
    described = [(e.event_type, e.cameo, country(e.source), country(e.target), e.modality) for e in events]
    assert matching, described
    event = matching[0]
    if "cameo" in case:
        assert event.cameo == case["cameo"], described
    if "source" in case:
        assert country(event.source) == case["source"], described
    if "target" in case:
        assert country(event.target) == case["target"], described
    assert event.modality == case.get("modality", "asserted"), described
    if "attribution" in case:
        assert event.attribution["status"] == case["attribution"]


@pytest.mark.parametrize("case", ABSENT, ids=[c["text"][:50] for c in ABSENT])
def test_sentence_does_not_code_a_lookalike(coder, case):
    events = coder.code(case["text"], date=case.get("date", "2025-11-20"))
    assert case["absent"] not in {e.event_type for e in events}


def test_a_sentence_can_hold_several_events(coder):
    events = coder.code("Sudan's army accused the RSF of killing civilians in Darfur and shelled El Fasher.",
                        date="2025-11-20")
    types = {e.event_type for e in events}
    assert {"ACCUSE", "ASSAULT"} <= types
    killing = next(e for e in events if e.trigger["text"] == "killing")
    assert killing.attribution["status"] == "alleged"  # the army's accusation, not the outlet's word


def test_statements_without_events_give_nothing(coder):
    assert coder.code("The weather in Caracas was warm and the markets were calm.", date="2025-11-20") == []


def test_a_position_held_is_no_event_but_its_taking_may_be(coder):
    assert coder.code("The ruling party opposes the new tax on fuel.", date="2025-11-20") == []
    assert coder.code("Most opposition deputies favour early elections.", date="2025-11-20") == []
    assert coder.code("Russia opposed the draft resolution in Friday's vote.", date="2025-11-20")


def test_talking_to_reporters_is_no_consultation_but_talking_to_a_leader_is(coder):
    assert coder.code("The defence minister spoke with reporters after the parade.", date="2025-11-20") == []
    [call] = coder.code("Macron spoke with Modi, who later told journalists the talks went well.", date="2025-11-20")
    assert call.event_type == "CONSULT" and (call.source.country, call.target.country) == ("FRA", "IND")


def test_fighting_for_a_cause_or_against_a_disease_is_no_fighting(coder):
    assert coder.code("The senator said she would fight for every vote in Ohio.", date="2025-11-20") == []
    vow = coder.code("The senator vowed to fight corruption in the capital.", date="2025-11-20")
    assert [e.event_type for e in vow] == ["AGREE"]  # a promise, no threat of force
    # doctors sent to fight a disease bring aid, as CAMEO-coded news reads them
    [aid] = coder.code("Cuba sent doctors to fight the Ebola epidemic in Sierra Leone.", date="2014-10-01")
    assert (aid.event_type, aid.source.country, aid.target.country) == ("AID", "CUB", "SLE")
    [clash] = coder.code("Rebels fought government troops near the border town.", date="2025-11-20")
    assert clash.event_type == "ASSAULT"


def test_empty_text_is_a_clear_error(coder):
    from eventwire.errors import InputError

    with pytest.raises(InputError, match="empty"):
        coder.code("   \n  ", doc_id="blank")


def test_coding_leaves_the_article_untouched(coder):
    from eventwire.records import Article

    article = Article(id="a", text="Russia attacked Ukraine.\r\nRussia attacked Ukraine.\r\n")
    events = coder.code(article, date="2024-05-01")
    assert article.text.endswith("\r\n") and article.published is None
    assert events[0].mentions == 2 and events[0].date == "2024-05-01"


# Verbs of archive text that neither the CAMEO.2.0 dictionary nor the first lexicon coded:
# (text, CAMEO code, lexicon key that must fire, source code, target code or None)
ARCHIVE_VERBS = [
    ("police lobbed tear gas shells at the students", "175", "lob", "COP", "EDU"),
    ("Protesters lobbed stones at the police.", "145", "lob", "OPP", "COP"),
    ("Rebels lobbed mortar shells at an army base.", "194", "lob", "REB", "MIL"),
    ("Merkel had turned down the plan.", "120", "turn down", "DEUGOV", None),
    ("Merkel turned down an invitation to the talks.", "125", "turn down", "DEUGOV", None),
    ("Police rounded up dozens of protesters.", "173", "round up", "COP", "OPP"),
    ("Police rearrested the opposition leader.", "173", "rearrest", "COP", "OPP"),
]


@pytest.mark.parametrize("case", ARCHIVE_VERBS, ids=[c[0][:40] for c in ARCHIVE_VERBS])
def test_archive_verbs_are_coded_by_the_lexicon(coder, case):
    text, cameo, key, source, target = case
    events = coder.code(text, date="2019-05-01")
    described = [(e.cameo, e.rule, e.source and e.source.code, e.target and e.target.code) for e in events]
    event = next((e for e in events if e.cameo == cameo), None)
    assert event is not None, described
    assert event.rule.split(" ")[0].startswith(key.split(" ")[0]), described  # the hand lexicon, not a model
    assert event.source is not None and event.source.code == source, described
    assert (event.target.code if event.target else None) == target, described


def test_a_rounded_up_number_is_no_arrest(coder):
    events = coder.code("Officials rounded up the figures to the nearest million.", date="2019-05-01")
    assert "173" not in {e.cameo for e in events}


def test_the_dead_of_an_attack_are_its_target_and_nobody_its_doer(coder):
    events = coder.code("Nine Nigerian soldiers and two civilians died in an ambush near Maiduguri on Tuesday.",
                        date="2024-03-01")
    deaths = [e for e in events if e.trigger["text"] == "died"]
    assert {e.cameo for e in deaths} == {"190"}
    assert {e.target.text for e in deaths} == {"Nine Nigerian soldiers", "two civilians"}
    assert all(e.source is None for e in deaths)
    three = coder.code("Three students died when police opened fire on the march in Dhaka.", date="2024-03-01")
    assert [(e.cameo, e.source.sector) for e in three] == [("193", "COP")]  # the shooting, by the police


def test_a_verb_read_as_no_event_leaves_the_acts_of_the_clauses_it_governs(coder):
    events = coder.code("The ministry did not respond to a request for comment after Russian troops shelled "
                        "Kharkiv.", date="2022-03-01")
    assert [(e.cameo, e.source.country, e.modality) for e in events] == [("194", "RUS", "asserted")]
    events = coder.code("The activist died days after being beaten by police in Harare.", date="2019-01-10")
    assert [(e.event_type, e.source.sector) for e in events] == [("ASSAULT", "COP")]
