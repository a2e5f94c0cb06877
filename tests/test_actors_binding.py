"""Binding event arguments to actors (actors/binding.py): groups, pronouns, earlier events."""

import pytest

from eventwire.actors import ActorBinding, ActorResolver
from eventwire.nlp import load
from eventwire.records import Actor, Event

TEXT = ('Donald Trump spoke with Nicolás Maduro on Friday. The two leaders discussed a deal. '
        '"We reject the ultimatum," the Venezuelan foreign minister said.')


@pytest.fixture(scope="module")
def bound():
    doc = load()(TEXT)
    binding = ActorBinding(ActorResolver().for_document(doc, "2025-12-01"), speech_verbs=frozenset({"say"}))
    for sent in doc.sents:
        binding.observe(sent)
    return doc, binding


def token(doc, text):
    return next(t for t in doc if t.text == text)


def test_a_plural_description_stands_for_the_last_two_people_named(bound):
    doc, binding = bound
    leaders = binding.resolve(token(doc, "leaders"))
    assert [(a.code, a.name, a.text) for a in leaders] == [("USAGOV", "Donald Trump", "The two leaders"),
                                                           ("VENGOV", "Nicolás Maduro", "The two leaders")]
    assert binding.actor(token(doc, "leaders")) is None  # the group is its people, not one actor
    assert len(binding.actors.last_people(doc.text.index("The two"), 2)) == 2


def test_we_in_a_quotation_stands_for_its_speaker_at_its_own_offsets(bound):
    doc, binding = bound
    we = binding.actor(token(doc, "We"))
    assert (we.code, we.text, TEXT[we.start:we.end]) == ("VENGOV", "We", "We")
    assert we.reason.startswith("'We' stands for 'the Venezuelan foreign minister'")


def test_offsets_are_moved_to_the_article_text():
    doc = load()("Iran denied that it had supplied drones to Russia.")
    binding = ActorBinding(ActorResolver().for_document(doc, "2025-01-01"), to_text=lambda offset: offset + 100)
    iran = binding.actor(doc[0])
    assert (iran.code, iran.start, iran.end) == ("IRN", 100, 104)
    it = binding.actor(doc[3])
    assert (it.code, it.start, it.end) == ("IRN", 100 + doc[3].idx, 102 + doc[3].idx)


def event(sentence, source, target, start):
    return Event("d", sentence, "THREATEN", "130", {"start": start, "end": start + 5}, "", {}, source, target)


def test_an_implied_target_is_the_counterpart_of_a_recent_event_of_the_same_country():
    usa, ven = Actor("Trump", "USAGOV", "USA"), Actor("Maduro", "VENGOV", "VEN")
    earlier = [event(1, usa, ven, 0)]
    implied = ActorBinding.implied_target(Actor("Rubio", "USAGOV", "USA"), 3, earlier)
    assert (implied.code, implied.start) == ("VENGOV", None)
    assert implied.reason == f"implied: counterpart in event {earlier[0].id}"
    assert ActorBinding.implied_target(Actor("Rubio", "USAGOV", "USA"), 5, earlier) is None  # too far back
    assert ActorBinding.implied_target(Actor("x", "GOV"), 2, earlier) is None  # no country


def test_the_author_of_a_demand_referred_back_to_is_its_source():
    doc = load()("Trump issued an ultimatum. Maduro rejected this ultimatum.")
    trump = Actor("Trump", "USAGOV", "USA")
    earlier = [(event(0, trump, None, 6), doc[3])]
    author = ActorBinding.referenced_author(doc[8], earlier)
    assert (author.code, author.start) == ("USAGOV", None)
    assert author.reason == f"author of the ultimatum in event {earlier[0][0].id}"
    assert ActorBinding.referenced_author(doc[5], earlier) is None  # "Maduro" refers back to no demand


def observed(text, date):
    doc = load()(text)
    binding = ActorBinding(ActorResolver().for_document(doc, date))
    for sent in doc.sents:
        binding.observe(sent)
    return doc, binding


def test_a_pronoun_opening_a_sentence_stands_for_the_state_the_last_one_was_about():
    doc, binding = observed("Iran rejected the charges. It said the tanker had broken the rules. "
                            "Its navy seized a second ship.", "2019-07-20")
    it, navy = token(doc, "It"), token(doc, "navy")
    assert (binding.actor(it).code, binding.actor(it).text) == ("IRN", "It")
    assert "'It' stands for 'Iran' of the sentence before" in binding.actor(it).reason
    assert binding.actor(navy).code == "IRNMIL"


def test_they_stands_only_for_a_group_named_in_the_plural():
    doc, binding = observed("The rebels seized the town. They attacked a convoy.", "2012-03-01")
    assert binding.actor(token(doc, "They")).code == "REB"
    doc, binding = observed("Russia denied the report. They attacked a convoy.", "2022-03-01")
    assert binding.actor(token(doc, "They")) is None  # "they" is not Russia


def test_a_pronoun_does_not_stand_for_a_person_nor_reach_past_a_sentence_about_no_actor():
    doc, binding = observed("Vladimir Putin met Xi Jinping. Its troops shelled Kharkiv.", "2022-03-01")
    assert binding.actor(token(doc, "troops")).country is None
    doc, binding = observed("Russia denied the report. The weather was cold. It shelled Kharkiv.", "2022-03-01")
    assert binding.actor(token(doc, "It")) is None
    doc, binding = observed("The defence minister denied the report. It shelled Kharkiv.", "2022-03-01")
    assert binding.actor(token(doc, "It")) is None  # a person described, not a state


def test_countries_named_together_on_one_noun_give_one_actor_each():
    doc, binding = observed("American and British warplanes bombed Iraqi air defences.", "1998-12-17")
    assert [a.code for a in binding.resolve(token(doc, "warplanes"))] == ["USAMIL", "GBRMIL"]
    doc, binding = observed("Chinese and foreign journalists visited Lhasa.", "2008-03-20")
    assert len(binding.resolve(token(doc, "journalists"))) <= 1  # "foreign" is no country


def test_a_model_span_owned_by_its_takes_the_state_the_pronoun_stands_for():
    from collections import namedtuple

    text = "Pakistan rejected the charges. Its foreign ministry summoned the Indian envoy."
    doc, binding = observed(text, "2009-06-03")
    sent = list(doc.sents)[1]
    Span = namedtuple("Span", "role start end text")
    words = "Its foreign ministry"
    spans = [Span("S", 0, len(words), words)]
    actor = binding.model_actor(sent, spans, "S", None, token(doc, "summoned"))
    assert actor.code == "PAKGOV" and actor.reason.startswith("model S span 'Its foreign ministry'")


def test_the_group_stands_for_the_organisation_named_last(coder):
    events = coder.code("Human Rights Watch accused the police of torture. The group called for an independent "
                        "inquiry.", date="2015-03-01")
    request = next(e for e in events if e.event_type == "REQUEST")
    assert request.source.code == "NGOHRI"
    assert request.source.text == "The group"
    assert "stands for 'Human Rights Watch'" in request.source.reason


def test_the_group_is_never_a_state_named_before_it(coder):
    events = coder.code("Iran rejected the charges. The group called for an inquiry.", date="2015-03-01")
    request = next(e for e in events if e.event_type == "REQUEST")
    assert request.source.text == "The group"
    assert request.source.code is None
