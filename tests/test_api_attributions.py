"""GET /v1/attributions and the relations of GET /v1/articles/{id}, over a real uvicorn server and a
real DuckDB file of articles coded by the real Coder, each given relations written in
attribution_support: filters, pages, errors and the OpenAPI document."""

import httpx
import pytest
from attribution_support import ARTICLES, RELATIONS, AttributingRunner
from hypothesis import HealthCheck, given, settings

from eventwire import open_store
from eventwire.api import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("api-attributions") / "events.duckdb"
    with open_store(path) as store:
        store.ingest(ARTICLES, runner=AttributingRunner(coder))
    return path


@pytest.fixture
def base(db, live_server):
    with live_server(create_app(str(db))) as url:
        yield url


def get(base, path, **params):
    return httpx.get(base + path, params=params, timeout=30)


def contents(body) -> list[str]:
    return [r["content"]["text"] for r in body["attributions"]]


def test_what_sources_close_to_maduro_claimed_this_month(base):
    answer = get(base, "/v1/attributions", source_actor="VEN", since="2025-11-01")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert contents(body) == ["the army had shelled the town", "that any town was hit"]
    first = body["attributions"][0]
    assert first["source"]["text"] == "Officials close to Maduro" and first["source_actor"]["code"] == "VENGOV"
    assert first["cue"]["text"] == "said" and first["quote"] is False
    assert first["article"]["doc_id"] == "maduro-claims" and first["article"]["date"] == "2025-11-20"
    # each event inside the content is the store's, by its API id
    assert first["events"]
    for event_id in first["events"]:
        event = get(base, f"/v1/events/{event_id}").json()
        assert first["content"]["start"] <= event["trigger"]["start"] < first["content"]["end"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"cue": "Denied"}, ["that any town was hit"]),
    ({"source": "paper"}, ["We will sign the accord,"]),
    ({"q": "accord"}, ["We will sign the accord,"]),
    ({"quote": "true"}, ["We will sign the accord,"]),
    ({"until": "2025-10-31"}, [RELATIONS[3].content]),
    ({"source_actor": "USAGOV"}, [RELATIONS[3].content]),
    ({"article": "reportedly"}, [RELATIONS[4].content]),
])
def test_filters(base, params, expected):
    answer = get(base, "/v1/attributions", **params)
    assert answer.status_code == 200, answer.text
    assert contents(answer.json()) == expected


def test_pages_follow_the_cursor(base):
    every = get(base, "/v1/attributions", count="true", limit=500).json()
    assert every["total"] == len(RELATIONS) == len(every["attributions"])
    seen, cursor = [], None
    while True:
        body = get(base, "/v1/attributions", limit=2, **({"cursor": cursor} if cursor else {})).json()
        seen += [r["id"] for r in body["attributions"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [r["id"] for r in every["attributions"]]
    first = get(base, "/v1/attributions", limit=1).json()
    wrong = get(base, "/v1/attributions", limit=1, cue="said", cursor=first["next_cursor"])
    assert wrong.status_code == 400 and "other filters" in wrong.json()["error"]


@pytest.mark.parametrize(("params", "status", "names"), [
    ({"source_actor": "XYZ"}, 422, "source_actor: unknown actor code 'XYZ'"),
    ({"source_actor": "V!N"}, 422, "source_actor"),
    ({"since": "2025-13-01"}, 422, "since"),
    ({"since": "1/11/2025"}, 422, "since"),
    ({"limit": "0"}, 422, "limit"),
    ({"sort": "goldstein"}, 422, "sort"),
    ({"actor": "VEN"}, 422, "unknown query parameter actor"),
    ({"cursor": "nope"}, 400, "cursor"),
])
def test_bad_input_is_named(base, params, status, names):
    answer = get(base, "/v1/attributions", **params)
    assert answer.status_code == status, answer.text
    assert names in answer.text


def test_the_article_lists_its_relations(base):
    key = get(base, "/v1/attributions", article="maduro-claims").json()["attributions"][0]["article"]["id"]
    article = get(base, f"/v1/articles/{key}").json()
    assert [r["content"]["text"] for r in article["attributions"]] == [s.content for s in RELATIONS[:3]]
    for relation in article["attributions"]:
        for part in ("source", "cue", "content"):
            span = relation[part]
            assert article["text"][span["start"]:span["end"]] == span["text"]


def test_the_openapi_document_describes_every_filter(base):
    operation = get(base, "/openapi.json").json()["paths"]["/v1/attributions"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"source_actor", "source", "cue", "since", "until", "q", "quote", "article", "sort", "limit",
                     "cursor", "count"}


def test_fuzzed_requests_answer_as_documented(db):
    """Schemathesis over the attribution endpoints of the app's OpenAPI document, on a store that holds relations."""
    schemathesis = pytest.importorskip("schemathesis")
    from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                     status_code_conformance)

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db)))
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

    @given(case=schema["/v1/attributions"]["GET"].as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        case.call_and_validate(checks=checks)

    answers_as_documented()
