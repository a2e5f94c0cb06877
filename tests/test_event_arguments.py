"""An event's source and target carry their argument phrase (``Actor.argument``), with real parses:
what an analyst checks against the sentence (``eval --format conflibert-ner`` scores it: test_eval_ner.py)."""

import json
from dataclasses import dataclass

from eventwire.actors import ActorBinding, ActorResolver
from eventwire.nlp import load
from eventwire.records import Event


def only(events, event_type):
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger["text"]) for e in events]
    return found[0]


def test_the_actor_is_the_kb_s_and_the_argument_the_phrase_that_names_the_thing_rejected(coder):
    text = "China rejected a request by Japanese Prime Minister Shinzo Abe to release the fishermen."
    target = only(coder.code(text, date="2019-05-01"), "REJECT").target
    assert (target.code, target.text) == ("JPNGOV", "Japanese Prime Minister Shinzo Abe")
    argument = target.argument
    assert argument["text"] == "a request by Japanese Prime Minister Shinzo Abe"
    assert text[argument["start"]:argument["end"]] == argument["text"]
    assert argument["start"] <= target.start and target.end <= argument["end"]


def test_an_owner_s_argument_is_the_owned_phrase(coder):
    text = "Labour rejected Theresa May's offer of talks."
    target = only(coder.code(text, date="2019-05-01"), "REJECT").target
    assert (target.name, target.text) == ("Theresa May", "Theresa May")
    assert target.argument["text"] == "Theresa May's offer of talks"


def test_a_pronoun_bound_in_its_sentence_has_the_name_it_stands_for_as_argument(coder):
    text = "The Pentagon said it hit five bases used by the militia."
    source = only(coder.code(text, date="2020-01-01"), "ASSAULT").source
    assert (source.text, source.code) == ("it", "USAMIL")
    assert (source.argument["text"], source.argument["start"]) == ("The Pentagon", 0)


def test_a_person_pronoun_and_a_quoted_we_point_to_the_name_in_their_sentence(coder):
    source = only(coder.code("Netanyahu said he would meet Abbas in Cairo next week.", date="2019-05-01"),
                  "AGREE").source  # a meeting announced: the intent to meet (CAMEO 036)
    assert (source.text, source.code, source.argument["text"]) == ("he", "ISRGOV", "Netanyahu")
    text = '"We will not lift the blockade," the Saudi foreign minister said.'
    source = only(coder.code(text, date="2019-05-01"), "REJECT").source  # declining to lift it (CAMEO 1244)
    assert (source.text, source.code) == ("We", "SAUGOV")
    assert source.argument["text"] == "the Saudi foreign minister"
    assert text[source.argument["start"]:source.argument["end"]] == "the Saudi foreign minister"


def test_an_apposition_belongs_to_the_argument(coder):
    text = "Bahrain's Prime Minister received the UAE ambassador, Abdulridha Khori, on Monday."
    target = only(coder.code(text, date="2019-05-01"), "CONSULT").target
    assert target.code == "AREGOV"
    assert target.argument["text"] == "the UAE ambassador, Abdulridha Khori"


def test_the_argument_never_takes_in_the_trigger(coder):
    text = "Russia's attack on Ukraine drew condemnation."
    event = next(e for e in coder.code(text, date="2022-03-01") if e.trigger["text"] == "attack")
    assert event.source.argument["text"] == "Russia"
    assert event.target.argument["text"] == "Ukraine"


def test_an_implied_target_has_no_argument_in_the_sentence(coder):
    events = coder.code("Trump issued an ultimatum to Maduro. Caracas rejected this ultimatum.", date="2025-12-01")
    target = only(events, "REJECT").target
    assert (target.name, target.start, target.argument) == ("Donald Trump", None, None)
    assert target.reason.startswith("author of the ultimatum")


def test_an_attack_referred_back_to_is_the_coded_attacker_s(coder):
    text = ('Rebels of the M23 attacked an army post near Goma on Monday. "The enemy attacked us at dawn," '
            'a soldier said. The Congolese government condemned the attack.')
    target = only(coder.code(text, date="2013-07-15"), "ACCUSE").target
    assert target.code == "CODREB"
    assert target.reason.startswith("author of the attack")


def test_the_argument_survives_the_json_record(coder):
    event = only(coder.code("Labour rejected Theresa May's offer of talks.", date="2019-05-01"), "REJECT")
    again = Event.from_dict(json.loads(json.dumps(event.to_dict())))
    assert again.target.argument == event.target.argument


@dataclass
class Tagged:
    """A span as the sentence model tags it: role, offsets in its sentence, text."""

    role: str
    start: int
    end: int
    text: str


def test_a_model_span_of_a_modifier_stands_for_its_noun_phrase():
    doc = load()("Sudanese authorities arrested the opposition leader.")
    binding = ActorBinding(ActorResolver().for_document(doc, "2020-01-01"))
    binding.observe(doc[:])
    actor = binding.model_actor(doc[:], [Tagged("S", 0, 8, "Sudanese")], "S", None, doc[2])
    assert (actor.text, actor.code) == ("Sudanese authorities", "SDNGOV")


def test_the_one_phrase_is_never_both_sides(coder):
    # the model tags the sentence: its source span of a passive is the victims, the target
    for text, target in (("Five soldiers were ambushed near the border on Monday.", "MIL"),
                         ("Three journalists were detained in Tehran.", "MED")):
        [event] = coder.code(text, "2022-01-01")
        assert event.target.code == target
        assert event.source is None or not (event.source.start < event.target.end
                                             and event.target.start < event.source.end), event.source


def test_the_recipient_of_an_intended_act_is_the_target_of_the_intent(coder):
    """"agreed to lift embargoes against OPEC": the agreement is towards OPEC, found through the
    complement's object; a town there is its country; a complement with no one acted on gives none."""
    [agreed] = [e for e in coder.code("The US government agreed to lift embargoes against OPEC.")
                if e.event_type == "AGREE"]
    assert (agreed.source.code, agreed.target.code, agreed.target.text) == ("USAGOV", "IGOOPC", "OPEC")
    [threat] = [e for e in coder.code("The rebels threatened to attack Goma.") if e.event_type == "THREATEN"]
    assert threat.target.code == "COD" and threat.target.text == "Goma"
    [promise] = [e for e in coder.code("The minister promised to resign.") if e.event_type == "AGREE"]
    assert promise.target is None



def test_the_model_s_event_on_a_passive_verb_takes_its_subject_as_target(coder):
    """No KB actor and no pattern's event: the model's event names its sides by their phrases, and the
    subject of a passive verb is what the act is done to ("were released": the hostages)."""
    events = coder.code("The hostages were released on Sunday.", date="2025-03-01")
    released = only(events, "RETREAT")
    assert released.rule == "model" and released.source is None
    assert (released.target.text, released.target.code) == ("The hostages", None)


def test_names_the_kb_does_not_know_stand_uncoded_on_both_sides_of_a_pattern_s_event(coder):
    # an archive's minor states, parties and militias: the hand lexicon's reading and both names are kept
    text = "Valdoria accused Mernland of aggression."
    accusation = only(coder.code(text, date="2010-01-01"), "ACCUSE")
    assert accusation.rule.startswith("accuse")
    assert (accusation.source.text, accusation.source.code) == ("Valdoria", None)
    assert (accusation.target.text, accusation.target.code) == ("Mernland", None)
    assert "not coded by the actor KB" in accusation.target.reason


def test_two_unknown_names_meeting_are_source_and_target(coder):
    talks = only(coder.code("Zembia and Quorland held talks in Geneva.", date="2010-01-01"), "CONSULT")
    assert (talks.source.text, talks.target.text) == ("Zembia", "Quorland")


def test_the_event_s_own_noun_is_never_its_target(coder):
    # the model tags "dharna" as a target span; the noun is the protest, not whom it is against
    protest = only(coder.code("Farmers staged a dharna outside the district headquarters.", date="2010-01-01"),
                   "PROTEST")
    assert protest.trigger["text"] == "staged a dharna"
    assert protest.target is None or "dharna" not in protest.target.text


def test_a_storm_named_like_a_person_is_no_attacker(coder):
    for text in ("Cyclone Chido struck the island of Mayotte, killing dozens.",
                 "Typhoon Haiyan killed more than 6,000 people in the Philippines."):
        assert not [e for e in coder.code(text, date="2024-12-20") if e.event_type == "ASSAULT"], text
    # a name without a storm's word stays an unknown actor, and a storm elsewhere in the subject is no matter
    assert only(coder.code("Valdoria attacked Mernland.", date="2010-01-01"), "ASSAULT").source.text == "Valdoria"
    attack = only(coder.code("Villagers who fled the cyclone attacked the relief convoy.", date="2010-01-01"),
                  "ASSAULT")
    assert attack.source.text == "Villagers"


def test_a_model_span_opening_with_a_preposition_names_the_noun_phrase(coder):
    # the model's target span is "of three Iranian officials": the KB codes the phrase without "of"
    freeze = only(coder.code("Washington froze the assets of three Iranian officials.", date="2022-01-01"),
                  "SANCTION")
    assert (freeze.target.text, freeze.target.code) == ("three Iranian officials", "IRNGOV")


def test_the_doer_of_the_act_a_passive_s_victims_suffered_in_is_its_source(coder):
    # "by Taliban fighters" hangs on "ambush", not on "killed": one event, with both sides
    [killing] = coder.code("Five soldiers were killed in an ambush by Taliban fighters in Helmand.",
                           date="2010-01-01")
    assert (killing.source.text, killing.target.text) == ("Taliban fighters", "Five soldiers")
    assert killing.source.code.endswith("REB")
    # a place "by the river" does nothing
    for event in coder.code("Two soldiers were killed in a crash by the river.", date="2010-01-01"):
        assert event.source is None or "river" not in event.source.text


def test_fighting_between_two_sides_runs_from_the_first_to_the_second(coder):
    for text in ("Fighting between government troops and rebels killed 20 people.",
                 "Clashes between security forces and protesters left five people dead."):
        fight = next(e for e in coder.code(text, date="2010-06-01") if e.trigger["text"] in ("Fighting", "Clashes"))
        first, second = text.split(" between ")[1].split(" and ")
        assert (fight.source.text, fight.target.text) == (first, second.split(" ")[0]), (fight.source, fight.target)
