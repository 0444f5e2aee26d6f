"""The API against its own OpenAPI document.

The document is valid OpenAPI 3.1, and schemathesis generates requests from it for every
operation (property-based, reproducible: derandomized, a few examples each) and sends each
one as every kind of person, through the WSGI application in this process: no answer may
be a server error, and every answer must be one the document describes, in its shape.
"""

import json
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import SCHEMATHESIS
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db

EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def document():
    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


OPERATIONS = sorted((path, method.upper()) for path, methods in document()["paths"].items() for method in methods)


def test_the_document_is_valid_openapi_3_1():
    schema = document()
    assert schema["openapi"] == "3.1.0"
    validate(schema)


def test_the_document_names_the_open_datasets_and_the_region_licence():
    schema = document()
    assert "MIT" in schema["info"]["description"]
    security = {path: op.get("security", []) for path, ops in schema["paths"].items() for op in ops.values()}
    assert {} in security["/api/v1/provinces/"] and {} not in security["/api/v1/blkks/"]


@pytest.fixture(scope="module")
def schema(world):
    # Like Django's test client: the requests share the test's connection and transaction,
    # so the end of a request must not close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def headers_of(world, role):
    # Schemathesis's in-process transport asks for gzip but does not decode it.
    headers = {"Accept-Language": "en", "Accept-Encoding": "identity"}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    return headers


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_operation_answers_as_its_schema_says_to_every_role(world, schema, path, method):
    operation = schema[path][method]
    started = time.monotonic()

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def answers(case):
        for role in ROLES:
            # Each request in a savepoint rolled back: a report one example submits is not
            # in the way of the next.
            with transaction.atomic():
                case.call_and_validate(headers=headers_of(world, role), checks=CHECKS)
                SCHEMATHESIS["requests"] += 1
                transaction.set_rollback(True)

    answers()
    SCHEMATHESIS["seconds"] += time.monotonic() - started
    SCHEMATHESIS["operations"] += 1
