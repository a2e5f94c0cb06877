"""The CAMEO.2.0 verb dictionary compiled into the package: reproducible from ../shared, with provenance."""

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from eventwire import Coder
from eventwire.events.extract import candidates
from eventwire.events.lexicon import Lexicon, verb_dictionary
from eventwire.nlp import load
from eventwire.ontology import cameo_info

REPO = Path(__file__).resolve().parents[1]
SHIPPED = resources.files("eventwire.events").joinpath("data")


def dictionary_line(shared: Path, rule: str) -> str:
    """The text of the CAMEO.2.0.txt line that ``rule`` ("CAMEO.2.0:<line>") names."""
    name, _, number = rule.partition(":")
    assert name == "CAMEO.2.0" and number.isdigit(), rule
    lines = (shared / "dictionaries" / "petrarch" / "CAMEO.2.0.txt").read_text("utf-8", errors="replace").splitlines()
    return lines[int(number) - 1]


def test_build_script_reproduces_the_shipped_file(shared_data, tmp_path):
    source = shared_data / "dictionaries" / "petrarch" / "CAMEO.2.0.txt"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_verb_patterns.py"), str(source), "--out",
                    str(tmp_path)], check=True, capture_output=True)
    assert (tmp_path / "cameo_verbs.json").read_bytes() == SHIPPED.joinpath("cameo_verbs.json").read_bytes()
    assert (tmp_path / "CAMEO.2.0.LICENSE").read_bytes() == SHIPPED.joinpath("CAMEO.2.0.LICENSE").read_bytes()


def test_the_mit_notice_ships_beside_the_compiled_file():
    notice = SHIPPED.joinpath("CAMEO.2.0.LICENSE").read_text("utf-8")
    assert "The MIT License" in notice and "Copyright (c) 2015 Open Event Data Alliance" in notice
    assert "Permission is hereby granted" in notice
    assert "CAMEO.2.0.LICENSE" in json.loads(SHIPPED.joinpath("cameo_verbs.json").read_text("utf-8"))["licence"]


def test_every_compiled_code_is_a_cameo_code_with_a_plover_type():
    for entries in verb_dictionary().values():
        for entry in entries:
            patterns = [entry.bare] + [line.pattern for line in entry.patterns]
            for pattern in filter(None, patterns):
                assert cameo_info(pattern.cameo).plover_type is not None, pattern


# Sentences from issue 15 that the hand lexicon did not code: the dictionary codes them.
DICTIONARY_CASES = [
    ("Gunmen ambushed a police convoy near the border.", "ASSAULT", "ambush", None, None),
    ("The two armies traded mortar fire overnight.", "ASSAULT", "trade", None, None),  # "exchanged": the lexicon's
    ("Security forces fired tear gas at students.", "ASSAULT", "fire", None, None),
]


@pytest.mark.parametrize("text,plover,verb,source,target", DICTIONARY_CASES, ids=[c[0][:40] for c in DICTIONARY_CASES])
def test_dictionary_codes_what_the_hand_lexicon_misses(coder, shared_data, text, plover, verb, source, target):
    events = [e for e in coder.code(text, date="2025-11-20") if e.event_type == plover]
    assert events, text
    event = events[0]
    assert event.rule.startswith("CAMEO.2.0:")
    assert verb.upper() in dictionary_line(shared_data, event.rule)  # the line is about this verb
    if source:
        assert event.source is not None and event.source.country == source
    if target:
        assert event.target is not None and event.target.country == target


def test_a_dictionary_reading_the_model_rules_out_is_retyped_on_its_verb(coder, shared_data):
    """CAMEO.2.0 reads "summoned the head of the mission" as a consultation; the sentence model reads the
    sentence as verbal conflict (a diplomatic protest) and all but rules the consultation out: the event
    stays on the dictionary's verb and actors, with the model's type. Without the model the line codes
    it. (An envoy named as such is the hand lexicon's: 114.)"""
    text = "Spain summoned the head of the Venezuelan mission."
    [event] = coder.code(text, date="2025-11-20")
    assert (event.trigger["text"], event.rule, event.quad_class) == ("summoned", "model", 3)
    assert (event.source.country, event.target.country) == ("ESP", "VEN")
    [plain] = Coder(classifier=None).code(text, date="2025-11-20")
    assert (plain.event_type, plain.trigger["text"]) == ("CONSULT", "summoned")
    assert "SUMMON" in dictionary_line(shared_data, plain.rule)


def test_the_line_that_names_a_preposition_gives_the_target():
    sent = next(load()("Security forces fired tear gas at students.").sents)
    [candidate] = candidates(sent)
    assert (candidate.source.text, candidate.target.text) == ("forces", "students")


@pytest.mark.parametrize("text,plover", [
    ("Rebels shelled the town overnight.", "ASSAULT"),
    ("She rejected the proposal.", "REJECT"),
    ("Hezbollah fighters attacked an Israeli patrol.", "ASSAULT"),
])
def test_hand_lexicon_wins_where_both_match(text, plover):
    sent = next(load()(text).sents)
    lexicon = Lexicon.load()
    [candidate] = candidates(sent, lexicon)
    assert cameo_info(candidate.cameo).plover_type == plover
    assert not candidate.pattern.rule.startswith("CAMEO.2.0")
    assert candidate.head.lemma_ in lexicon.dictionary  # the dictionary knows the verb too


@pytest.mark.parametrize("text,hand,code", [
    ("An airstrike killed 50 militants in the north.", "kill -> 180", "195"),
    ("Gunmen killed five villagers in Kaduna.", "kill -> 180", "193"),
    ("Rebels killed three villagers near the border.", "kill -> 180", "190"),
    ("The blast injured 15 people.", "injure -> 190", "182"),
])
def test_the_dictionary_refines_an_unspecified_hand_code(coder, shared_data, text, hand, code):
    [event] = coder.code(text, date="2025-11-20")
    own, _, line = event.rule.partition("; ")
    assert (own, event.cameo, event.event_type) == (hand, code, "ASSAULT")
    rule = line.removesuffix(f" -> {code}")
    text = dictionary_line(shared_data, rule)
    if "[" not in text:  # a verb of a block without a code of its own: the block's code
        lines = (shared_data / "dictionaries" / "petrarch" / "CAMEO.2.0.txt").read_text("utf-8", errors="replace")
        text = next(t for t in reversed(lines.splitlines()[:int(rule.partition(":")[2])]) if t.startswith("---"))
    assert f"[{code}]" in text


@pytest.mark.parametrize("text,code", [
    ("Rebels shelled the town overnight.", "194"),  # a code of its own: the dictionary's SHELL is 190
    ("Troops killed the rebel commander.", "186"),  # a hand pattern that asks for its object
    ("Police arrested the protesters.", "173"),
])
def test_a_specific_hand_code_is_kept(coder, text, code):
    [event] = coder.code(text, date="2025-11-20")
    assert event.cameo == code and "CAMEO.2.0" not in event.rule


def test_the_most_specific_line_wins():
    lexicon = Lexicon.load()
    nlp = load()
    recall = next(nlp("Pakistan recalled its ambassador from Kabul.").sents)
    [candidate] = candidates(recall, lexicon)
    assert candidate.cameo == "161" and candidate.pattern.rule.startswith("CAMEO.2.0:")


@pytest.mark.parametrize(("text", "verb", "code"), [
    ("The court issued an arrest warrant for the former president.", "issued", "173"),  # not "- * WARRANT [100]"
    ("Israel has established diplomatic ties with Bhutan.", "established", "054"),
    ("Pakistan's prime minister cancelled a planned visit to Malaysia.", "cancelled", "161"),
])
def test_a_line_naming_more_words_wins(text, verb, code):
    sent = next(load()(text).sents)
    [candidate] = [c for c in candidates(sent) if c.head.text == verb]
    assert candidate.cameo == code and candidate.pattern.rule.startswith("CAMEO.2.0:"), candidate.pattern.rule


@pytest.mark.parametrize("text", [
    "The minister said the talks went well.",
    "He took the bus to work.",
    "They made it home before dark.",
    "The committee will meet again next week.",
])
def test_speech_and_common_verbs_alone_code_nothing(text):
    sent = next(load()(text).sents)
    assert [c.pattern.rule for c in candidates(sent) if c.pattern.rule.startswith("CAMEO.2.0")] == []
