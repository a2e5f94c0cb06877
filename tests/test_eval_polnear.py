"""``eventwire eval --format polnear``: reading PolNeAR-style JSON lines (bad lines named, the rest
scored), span-level exact/overlap scores with one-to-one matching, event-level shares, a real run."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import eventwire
from eventwire.cli import main
from eventwire.errors import InputError
from eventwire.evaluate import GOLD_FORMATS, polnear
from eventwire.records import Article, Attribution, CodedArticle, Event

# Written here for the tests (not PolNeAR text). Offsets are computed, not typed.
REPORTED = "Rebels attacked a police convoy near Goma, officials said. The army shelled the town on Monday."
QUOTED = '"We will sign the accord," the minister told reporters. Protesters marched in Lima.'


def spans(text: str, **parts: str) -> dict:
    """A gold relation whose roles are the first occurrences of the given strings in ``text``."""
    out = {}
    for role, words in parts.items():
        start = text.index(words)
        out[role] = {"type": role.title(), "segs": [[start, start + len(words)]], "text": words}
    return out


def article(doc_id: str, text: str, relations: list[dict], date: str | None = "2024-03-05") -> str:
    return json.dumps({"id": doc_id, "date": date, "publisher": "test", "text": text, "attributions": relations})


GOLD = [article("reported", REPORTED, [spans(REPORTED, source="officials", cue="said",
                                             content="Rebels attacked a police convoy near Goma")]),
        article("quoted", QUOTED, [spans(QUOTED, source="the minister", cue="told",
                                         content='"We will sign the accord,"')])]


def write(tmp_path, lines: list[str]):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_format_is_registered():
    assert GOLD_FORMATS["polnear"] is polnear


def test_relations_load_with_their_segments(tmp_path):
    [doc, quoted] = polnear.load(write(tmp_path, GOLD))
    [relation] = doc.relations
    assert (doc.id, doc.date, doc.line, quoted.line) == ("reported", "2024-03-05", 1, 2)
    assert [doc.span_text(getattr(relation, role)) for role in polnear.ROLES] == [
        "officials", "said", "Rebels attacked a police convoy near Goma"]


@pytest.mark.parametrize("line, reason", [
    ("{not json", "not JSON"),
    ('["a list"]', "expected a JSON object"),
    ('{"id": "x", "text": "", "attributions": []}', "no 'text'"),
    ('{"id": "x", "text": "Rain.", "date": "2024-13-01", "attributions": []}', "invalid date"),
    ('{"id": "x", "text": "Rain.", "attributions": [{"content": {"segs": [[0, 90]]}}]}',
     "attribution 1: 'content' segment [0, 90] is outside the text"),
    ('{"id": "x", "text": "Rain.", "attributions": [{"cue": {"segs": [0, 2]}}]}', "'cue' segment 0 is not"),
])
def test_a_bad_line_is_named_and_the_rest_is_kept(tmp_path, line, reason):
    path = write(tmp_path, [GOLD[0], line, GOLD[1]])
    gold = polnear.load(path)
    assert [type(item).__name__ for item in gold] == ["Document", "InputError", "Document"]
    assert gold[1].where == f"{path}:2" and reason in gold[1].reason


def test_a_file_with_nothing_readable_is_rejected(tmp_path):
    path = write(tmp_path, ["{not json", '{"id": "x"}'])
    with pytest.raises(InputError) as error:
        polnear.load(path)
    assert error.value.where == f"{path}:1"


# --- spans --------------------------------------------------------------------------------

def chars(text: str, words: str) -> frozenset[int]:
    start = text.index(words)
    return polnear.characters(text, [(start, start + len(words))])


def test_exact_needs_the_same_characters_and_overlap_one_in_common():
    text = "Officials said the rebels attacked the convoy."
    gold = [{"source": chars(text, "Officials"), "cue": chars(text, "said"),
             "content": chars(text, "the rebels attacked the convoy")}]
    predicted = [{"source": chars(text, "Officials"), "cue": chars(text, "said"),
                  "content": chars(text, "rebels attacked")}]
    report = polnear.score_spans([(text, predicted, gold)])
    assert report["exact"]["source"]["f1"] == report["exact"]["cue"]["f1"] == 1.0
    assert report["exact"]["content"]["tp"] == 0 and report["overlap"]["content"]["f1"] == 1.0


def test_spaces_at_the_edges_do_not_break_an_exact_match():
    text = "Officials said the talks failed."
    start = text.index("the talks failed")
    with_space = polnear.characters(text, [(start - 1, start + len("the talks failed"))])
    assert with_space == chars(text, "the talks failed")


def test_matching_is_one_to_one():
    text = "Aides said the talks failed, and aides said the deal held."
    gold = [{"content": chars(text, "the talks failed")}, {"content": chars(text, "the deal held")}]
    # two predictions inside the first gold content: only one of them can be credited
    twice = [{"content": chars(text, "talks")}, {"content": chars(text, "failed")}]
    report = polnear.score_spans([(text, twice, gold)])["overlap"]["content"]
    assert (report["tp"], report["precision"], report["recall"]) == (1, 0.5, 0.5)
    # one prediction running over both gold contents matches only one of them
    wide = [{"content": polnear.characters(text, [(text.index("the talks"), len(text))])}]
    report = polnear.score_spans([(text, wide, gold)])["overlap"]["content"]
    assert (report["tp"], report["precision"], report["recall"]) == (1, 1.0, 0.5)


def test_a_quote_split_by_its_cue_is_one_span():
    text = '"The strikes," officials said, "hit three depots."'
    first, second = text.index('"The strikes,"'), text.index('"hit three depots."')
    gold = [{"content": polnear.characters(text, [(first, first + 14), (second, len(text))])}]
    whole = [{"content": gold[0]["content"]}]
    half = [{"content": chars(text, '"The strikes,"')}]
    assert polnear.score_spans([(text, whole, gold)])["exact"]["content"]["tp"] == 1
    assert polnear.score_spans([(text, half, gold)])["exact"]["content"]["tp"] == 0
    assert polnear.score_spans([(text, half, gold)])["overlap"]["content"]["tp"] == 1


def test_coded_relations_are_read_with_their_offsets(tmp_path):
    [doc, _] = polnear.load(write(tmp_path, GOLD))
    start = REPORTED.index("officials")
    relation = Attribution(doc_id=doc.id, sentence=0,
                           content={"text": "Rebels attacked", "start": 0, "end": len("Rebels attacked")},
                           source={"text": "officials", "start": start, "end": start + len("officials")})
    result = CodedArticle(Article(id=doc.id, text=REPORTED), attributions=[relation])
    report = polnear.score_spans([(doc.text, polnear._predicted(doc, result), polnear._relations(doc))])
    assert report["exact"]["source"]["tp"] == 1 and report["exact"]["content"]["tp"] == 0
    assert report["overlap"]["content"]["tp"] == 1
    assert (report["exact"]["cue"]["predicted"], report["exact"]["cue"]["gold"]) == (0, 1)


# --- events -------------------------------------------------------------------------------

def event(text: str, trigger: str, status: str = "asserted", sources=(), modality: str = "asserted") -> Event:
    start = text.index(trigger)
    return Event(doc_id="d", sentence=0, event_type="ASSAULT", cameo="190",
                 trigger={"text": trigger, "start": start, "end": start + len(trigger)}, text=text, evidence={},
                 attribution={"status": status, "sources": list(sources), "cue": None}, modality=modality)


def test_events_inside_and_outside_content_and_source_overlap(tmp_path):
    [doc, _] = polnear.load(write(tmp_path, GOLD))
    events = [event(REPORTED, "attacked", "reported", ["officials"]),   # inside, right, right source
              event(REPORTED, "convoy", "asserted", modality="future"),  # inside, status wrong, modality right
              event(REPORTED, "shelled"),                                # outside, right
              event(REPORTED, "town", "claimed", ["the army"])]          # outside, wrong
    report = polnear.score_events([(doc, CodedArticle(Article(id=doc.id, text=REPORTED), events=events))])
    assert report["events"] == 4
    assert (report["inside"]["not_asserted"]["right"], report["inside"]["not_asserted"]["gold"]) == (1, 2)
    assert report["inside"]["modality_not_asserted"]["right"] == 1
    assert report["inside"]["status_or_modality"]["right"] == 2
    assert (report["outside"]["asserted"]["right"], report["outside"]["asserted"]["gold"]) == (1, 2)
    assert report["source_overlap"] == {"gold": 2, "right": 1, "share": 0.5, "with_named_source": 1}
    assert report["statuses"]["inside"] == {"reported": 1, "asserted": 1}
    misses = {kind: [m["trigger"] for m in found] for kind, found in report["misses"].items()}
    assert misses == {"inside_asserted": ["convoy"], "outside_not_asserted": ["town"], "source": ["convoy"]}
    assert report["misses"]["source"][0]["gold_source"] == "officials"


def test_a_source_is_taken_at_its_occurrence_nearest_the_event():
    text = "Officials met. Rebels attacked the town, officials said."
    assert polnear.locate(text, "officials", text.index("attacked")) == chars(text, "officials")
    assert polnear.locate(text, "officials", text.index("met")) == chars(text, "Officials")


def test_the_innermost_content_decides():
    text = "Aides said the minister believes rebels attacked the town."
    outer = spans(text, source="Aides", cue="said", content="the minister believes rebels attacked the town")
    inner = spans(text, source="the minister", cue="believes", content="rebels attacked the town")
    [doc] = polnear.parse([article("nested", text, [outer, inner])], "g.jsonl")
    coded = CodedArticle(Article(id="nested", text=text),
                         events=[event(text, "attacked", "reported", ["Aides"])])
    report = polnear.score_events([(doc, coded)])
    assert report["inside"]["not_asserted"]["right"] == 1
    assert report["source_overlap"]["right"] == 0  # "Aides" is not the inner source, "the minister"


# --- a real run ---------------------------------------------------------------------------

def test_real_coder_locates_events_against_gold_content(coder, tmp_path):
    # zero-width spaces that the coder removes: the events' offsets must be mapped back to the file's text
    hidden = "\u200b" * 12 + REPORTED
    lines = [article("hidden", hidden, [spans(hidden, source="officials", cue="said",
                                              content="Rebels attacked a police convoy near Goma")])]
    report = polnear.score(coder, polnear.load(write(tmp_path, lines)))
    events = report["event_level"]
    assert report["articles"] == 1 and not report["not_coded"]
    assert events["inside"]["not_asserted"] == {"gold": 1, "right": 1, "share": 1.0}
    assert events["outside"]["asserted"]["gold"] >= 1 and events["outside"]["asserted"]["share"] == 1.0
    assert events["source_overlap"]["right"] == 1
    assert report["spans"]["overlap"]["source"]["gold"] == 1


@pytest.fixture
def run(coder, monkeypatch):
    monkeypatch.setattr(eventwire, "Coder", lambda **options: coder)

    def invoke(*args):
        result = CliRunner().invoke(main, ["eval", *map(str, args)])
        return result.exit_code, result.stdout, result.stderr
    return invoke


def test_eval_command_reports_bad_lines_and_scores_the_rest(run, tmp_path):
    path = write(tmp_path, [GOLD[0], "{not json", GOLD[1]])
    status, out, err = run("--format", "polnear", path, "--json")
    assert status == 0, err
    report = json.loads(out)
    assert report["articles"] == 2 and report["relations"]["gold"] == 2
    assert err.strip() == f"eventwire: {path}:2: not JSON: Expecting property name enclosed in double quotes " \
                          "(column 2)"
    status, out, _ = run("--format", "polnear", path, "--limit", "1")
    assert status == 0 and "articles 1" in out and "source overlap" in out
    status, _, err = run("--format", "polnear", write(tmp_path, ["{not json"]))
    assert status == 1 and f"{tmp_path / 'gold.jsonl'}:1: not JSON" in err
