"""Schemathesis over the app's own OpenAPI document (issue 17): for every operation, generated
parameters and bodies, valid and not, against a real store of coded articles; no answer is a
500 and every answer matches the status codes, content type and schema the document gives."""

import shutil

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from eventwire.api import CodeLimits, create_app  # noqa: E402

TOKEN = "schema-s3cret"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(corpus_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "events.duckdb"
    shutil.copy(corpus_store, path)
    app = create_app(str(path), token=TOKEN, code=CodeLimits(max_chars=2000))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.code_runner.close()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_500_and_every_answer_matches_the_document(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)
