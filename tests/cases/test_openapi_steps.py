"""The OpenAPI schema documents each step's real answer: the case (not the step's input) on 200,
and the machine-readable refusal on 400 / 403 / 409 (cases.api.transition_action)."""

import pytest
from django.apps import apps
from drf_spectacular.generators import SchemaGenerator

from cases.base import ProcedureCase
from cases.steps import state_field


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def step_operations(schema):
    names = {
        transition.name.replace("_", "-")
        for model in apps.get_models()
        if issubclass(model, ProcedureCase)
        for transition in state_field(model).get_all_transitions(model)
    }
    for path, item in schema["paths"].items():
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        if "{id}" in path and slug in names and "post" in item:
            yield path, item["post"]


def _ref(body) -> str:
    content = (body or {}).get("content", {}).get("application/json", {})
    return content.get("schema", {}).get("$ref", "")


def test_every_step_operation_documents_the_case_and_the_refusals(schema):
    operations = list(step_operations(schema))
    assert len(operations) >= 20
    wrong = []
    for path, operation in operations:
        responses = operation["responses"]
        request_ref = _ref(operation.get("requestBody"))
        answer_ref = _ref(responses.get("200"))
        if not answer_ref or answer_ref == request_ref:
            wrong.append(f"{path}: 200 is {answer_ref or 'undocumented'} (input {request_ref})")
        for code in ("400", "403", "409"):
            if "TransitionRefused" not in _ref(responses.get(code)):
                wrong.append(f"{path}: {code} is not the refusal")
    assert wrong == []
