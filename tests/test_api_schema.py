"""Schemathesis against the OpenAPI document the API serves at /apidocs?format=json, through
the local stack's HTTP gateway: generated requests for every operation, both ones the document
allows and ones it forbids. No
request may get a 5xx, and every response must match what the document declares for it
(status code, content type and body schema)."""

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.e2e

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_every_operation_answers_as_its_document_says(api):
    schema = schemathesis.openapi.from_url(f"{api.url}/apidocs?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6

    exercised = set()
    for operation, mode in itertools.product(operations, GenerationMode):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def answers_as_documented(case):
            case.call_and_validate(base_url=api.url, checks=CHECKS)

        try:
            answers_as_documented()
        except Unsatisfiable:
            # An operation without parameters or body (GET /ping) has no invalid request.
            assert mode is GenerationMode.NEGATIVE, operation.label
            continue
        exercised.add((operation.label, mode))
    assert ("POST /handovers", GenerationMode.NEGATIVE) in exercised, exercised
    assert ("GET /handovers", GenerationMode.NEGATIVE) in exercised, exercised
