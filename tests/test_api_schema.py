"""Schemathesis over the app's own OpenAPI document (issue 17): for every operation, generated
parameters and bodies, valid and not, against a real store of coded articles; no answer is a
500 and every answer matches the status codes, content type and schema the document gives."""

import shutil

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from eventwire.api import CodeLimits, create_app  # noqa: E402
from eventwire.records import Article  # noqa: E402

TOKEN = "schema-s3cret"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(corpus_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "events.duckdb"
    shutil.copy(corpus_store, path)
    app = create_app(str(path), token=TOKEN, code=CodeLimits(max_chars=2000))
    # start POST /v1/code's worker (it loads the coder) before the requests, each of which waits 10 s at most
    app.state.code_runner.code([Article(id="warm-up", text="Russian troops attacked Ukrainian positions.")])
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.code_runner.close()


METHODS = ("get", "head", "post", "put", "patch", "delete")
EXAMPLES = 25  # per operation


def test_no_500_and_every_answer_matches_the_document(api_schema):
    """Each operation of the document as a Hypothesis strategy of requests (schemathesis's own
    pytest plugin is not used: it reaches into pytest's internals, which change between releases)."""
    operations = [(path, method.upper()) for path, methods in api_schema.raw_schema["paths"].items()
                  for method in methods if method in METHODS]
    assert ("/v1/events", "GET") in operations and ("/v1/code", "POST") in operations
    for path, method in operations:

        @given(case=api_schema[path][method].as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def answers_as_documented(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)

        answers_as_documented()
