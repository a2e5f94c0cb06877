"""The Coder's stage list: read it, drop a stage, add or replace one, with real parses."""

import threading

import pytest

from eventwire.pipeline import STAGES, Coder, Stage
from eventwire.records import Article

TEXT = ("Russian forces shelled a hospital in Kherson on Monday, officials said. "
        "Ukraine and Turkey held talks in Ankara.")


@pytest.fixture()
def fresh(coder):
    """A Coder of its own (its stages can change) sharing the session Coder's loaded parts."""
    return Coder(nlp_pipeline=coder.nlp, resolver=coder.resolver, lexicon=coder.lexicon,
                 classifier=coder.classifier)


def by_type(events):
    return {e.event_type: e for e in events}


def test_the_stages_are_listed_in_the_order_they_run(fresh):
    assert fresh.stage_names == ["parse", "actors", "events", "modality", "attribution", "date", "place"]
    assert fresh.stage_names == list(STAGES)
    assert [name for name, _ in fresh.stages] == fresh.stage_names
    assert isinstance(fresh.get_stage("place"), Stage)


def test_dropping_the_place_stage_leaves_every_location_empty_and_the_rest_alone(coder, fresh):
    full = coder.code(TEXT, date="2025-12-01")
    assert by_type(full)["ASSAULT"].location["name"] == "Kherson"
    fresh.remove_stage("place")
    assert "place" not in fresh.stage_names
    dropped = fresh.code(TEXT, date="2025-12-01")
    assert dropped and all(e.location is None for e in dropped)
    assert [{**e.to_dict(), "location": None} for e in full] == [e.to_dict() for e in dropped]


def test_a_coder_built_without_attribute_stages_fills_none_of_their_fields(coder):
    bare = Coder(nlp_pipeline=coder.nlp, resolver=coder.resolver, lexicon=coder.lexicon,
                 classifier=coder.classifier, stages=["parse", "actors", "events"])
    [attack] = [e for e in bare.code(TEXT, date="2025-12-01") if e.event_type == "ASSAULT"]
    assert attack.source.country == "RUS"
    assert (attack.location, attack.quote, attack.date) == (None, None, None)
    assert attack.attribution == {"status": "asserted", "sources": [], "cue": None}


def test_a_function_added_as_a_stage_sets_a_field_of_every_event(fresh):
    def desk(draft):
        draft.event.rule = f"{draft.event.rule}+desk:{draft.document.article.id}:{draft.sentence.index}"

    fresh.add_stage("desk", desk, after="place")
    assert fresh.stage_names[-1] == "desk"
    events = fresh.code(TEXT, date="2025-12-01", doc_id="kherson")
    assert events and all(e.rule.endswith(f"+desk:kherson:{e.sentence}") for e in events)


def test_a_stage_returning_false_drops_the_event_before_later_stages_see_it(fresh):
    seen = []
    fresh.add_stage("assaults only", lambda draft: draft.event.event_type == "ASSAULT", after="events")
    fresh.add_stage("witness", lambda draft: seen.append(draft.event.event_type))
    events = fresh.code(TEXT, date="2025-12-01")
    assert [e.event_type for e in events] == ["ASSAULT"] and seen == ["ASSAULT"]
    assert events[0].location["name"] == "Kherson"  # the stages after the filter ran on what it kept


def test_a_stage_object_sees_every_sentence_and_can_filter_at_the_end(fresh):
    class KeepFirstSentence(Stage):
        def begin(self, document):
            self.sentences = []

        def sentence(self, document, sentence):
            self.sentences.append(sentence.span.text)

        def finish(self, document):
            document.kept[:] = [d for d in document.kept if d.sentence.index == 0]

    stage = KeepFirstSentence()
    fresh.add_stage("first sentence", stage, before="modality")
    events = fresh.code(TEXT, date="2025-12-01")
    assert len(stage.sentences) == 2 and stage.sentences[1].startswith("Ukraine and Turkey")
    assert {e.sentence for e in events} == {0}


def test_a_replaced_stage_runs_in_the_place_of_the_old_one(fresh):
    old = fresh.replace_stage("modality", lambda draft: setattr(draft.event, "modality", "future"))
    assert type(old).__name__ == "Modality" and fresh.stage_names.index("modality") == 3
    events = fresh.code(TEXT, date="2025-12-01")
    assert {e.modality for e in events} == {"future"}


def test_stages_given_at_construction_run_in_that_order(coder):
    order = []
    stages = ["parse", "actors", "events", ("one", lambda d: order.append("one")), "modality",
              ("two", lambda d: order.append("two"))]
    custom = Coder(nlp_pipeline=coder.nlp, resolver=coder.resolver, lexicon=coder.lexicon,
                   classifier=coder.classifier, stages=stages)
    assert custom.stage_names == ["parse", "actors", "events", "one", "modality", "two"]
    custom.code("Russian forces shelled Kherson.", date="2025-12-01")
    assert order == ["one", "two"]


def test_the_stage_list_refuses_what_would_break_coding(coder, fresh):
    for needed in ("parse", "actors", "events"):
        with pytest.raises(ValueError, match="needed"):
            fresh.remove_stage(needed)
    with pytest.raises(KeyError, match="no stage called 'geocoder'; the stages are parse, actors"):
        fresh.remove_stage("geocoder")
    with pytest.raises(ValueError, match="already"):
        fresh.add_stage("place", lambda draft: None)
    with pytest.raises(ValueError, match="parse stage comes first"):
        fresh.add_stage("early", lambda draft: None, before="parse")
    with pytest.raises(TypeError, match="neither a Stage nor a function"):
        fresh.add_stage("odd", 42)
    with pytest.raises(ValueError, match="need parse, actors, events, in this order"):
        Coder(nlp_pipeline=coder.nlp, resolver=coder.resolver, lexicon=coder.lexicon,
              classifier=None, stages=["parse", "events", "actors"])
    with pytest.raises(KeyError, match="no stage called 'geocode'"):
        Coder(nlp_pipeline=coder.nlp, resolver=coder.resolver, lexicon=coder.lexicon,
              classifier=None, stages=["parse", "actors", "events", "geocode"])


def test_an_event_with_one_side_coded_names_the_other_side_from_the_model_span(coder):
    events = coder.code("The Nigerian army bombed an arms depot.", date="2021-03-01")
    bombing = next(e for e in events if e.event_type == "ASSAULT")
    assert bombing.source.country == "NGA"
    assert bombing.target.code is None and "depot" in bombing.target.text
    assert "model span T" in bombing.target.reason
    # the detector's own events too ("hit" is no pattern here: rule "model")
    [strike] = coder.code("Ukrainian drones hit an oil refinery.", date="2024-05-01")
    assert (strike.rule, strike.source.country, strike.target.code) == ("model", "UKR", None)
    assert "refinery" in strike.target.text and "model span T" in strike.target.reason


STORIES = [Article(id="talks", text=TEXT, published="2024-05-01"),
           Article(id="empty", text="  "),
           Article(id="strike", text="Rebels shelled the town overnight. The army said two soldiers died.",
                   published="2021-03-01"),
           Article(id="calm", text="The weather was mild. Markets were closed for the holiday.",
                   published="2021-03-02")]


def coded(coder, articles, batch_size=2):
    return [(r.article.id, [e.to_dict() for e in r.events], r.story_type, r.top_event, str(r.error))
            for r in coder.code_all(articles, batch_size=batch_size)]


class ThreadsReading:
    """The Coder's model, noting the thread each read runs on."""

    def __init__(self, model):
        self.model, self.threads = model, set()

    def __getattr__(self, name):
        return getattr(self.model, name)

    def read(self, texts):
        self.threads.add(threading.current_thread().name)
        return self.model.read(texts)


def test_reading_ahead_on_a_second_thread_codes_exactly_what_one_thread_codes(fresh):
    assert fresh.read_ahead and fresh.story_typer is not None  # as the Coder ships
    fresh.classifier = ThreadsReading(fresh.classifier)
    ahead = coded(fresh, STORIES)
    assert fresh.classifier.threads and all(name.startswith("eventwire-read") for name in fresh.classifier.threads)
    fresh.read_ahead, fresh.classifier.threads = False, set()
    assert coded(fresh, STORIES) == ahead
    assert fresh.classifier.threads == {threading.current_thread().name}
    assert [a[0] for a in ahead] == ["talks", "empty", "strike", "calm"]  # in order, the refused one in place
    assert "ASSAULT" in {e["event_type"] for e in ahead[2][1]}


def test_a_read_that_fails_on_the_second_thread_fails_its_article_only(fresh):
    model = fresh.classifier

    class Failing:
        def __getattr__(self, name):
            return getattr(model, name)

        def read(self, texts):
            if any("weather" in text for text in texts):
                raise RuntimeError("model broke")
            return model.read(texts)

    fresh.classifier = Failing()
    results = list(fresh.code_all(STORIES))
    assert [str(r.error) if r.error else None for r in results] == [
        None, "empty: empty text: nothing to code", None, "calm: coding failed: RuntimeError: model broke"]
    assert results[2].events and results[3].events == []
