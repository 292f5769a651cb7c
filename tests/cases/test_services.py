"""The shared step runner and API action on a real procedure (seed 004 platform cases):
refusals come in the order state (409), role (403), preconditions (400, naming what is missing),
and every step is logged with who, from, to and comment."""

import pytest
from rest_framework.test import APIClient

from cases.models import TransitionLog
from cases.platforms.models import PlatformCase
from cases.services import TransitionRefused, run_transition, unmet_conditions
from tests.cases.platforms.factories import ContentCaseFactory, MessengerFactory, PlatformCaseFactory


@pytest.fixture
def messenger_case(demo):
    """A messenger monitored for users' materials: seed 004 p. 4 needs a user's complaint first (the
    p. 6 route for a messenger without a legal representative needs none)."""
    return ContentCaseFactory(platform=MessengerFactory(), organisation=demo["organisations"]["info_committee"])


def refusal(case, name, user, **kwargs) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as exc:
        run_transition(case, name, user, **kwargs)
    return exc.value


@pytest.mark.django_db
def test_wrong_state_is_409(messenger_case, demo):
    assert refusal(messenger_case, "send_warning", demo["users"]["officer"]).status == 409


@pytest.mark.django_db
def test_wrong_role_is_403_even_when_conditions_are_unmet(messenger_case, demo):
    # the messenger has no recorded complaint (a precondition) and a state body is not the authorised body:
    # the role refusal comes first and says nothing about the case's content
    assert refusal(messenger_case, "detect", demo["users"]["prosecutor_reporter"]).status == 403


@pytest.mark.django_db
def test_unmet_precondition_is_400_with_its_message(messenger_case, demo):
    refused = refusal(messenger_case, "detect", demo["users"]["officer"])
    assert refused.status == 400
    assert any("Қағидалардың 4-тармағы" in str(message) for message in refused.messages)  # seed 004 p. 4 of the Rules
    assert unmet_conditions(messenger_case, "detect") == [str(m) for m in refused.messages]
    messenger_case.refresh_from_db()
    assert messenger_case.state == "monitoring"
    assert not TransitionLog.objects.filter(object_id=messenger_case.pk, transition="detect").exists()


@pytest.mark.django_db
def test_unknown_step_is_404(messenger_case, demo):
    assert refusal(messenger_case, "delete", demo["users"]["officer"]).status == 404


@pytest.mark.django_db
def test_step_runs_and_is_logged_with_user_and_comment(demo):
    officer = demo["users"]["officer"]
    case = PlatformCaseFactory(organisation=demo["organisations"]["info_committee"])
    run_transition(case, "detect", officer, comment="Мониторинг нәтижесі")
    case.refresh_from_db()
    assert case.state == "detected"
    log = TransitionLog.objects.get(object_id=case.pk, transition="detect")
    assert (log.source, log.target, log.by, log.comment) == ("monitoring", "detected", officer, "Мониторинг нәтижесі")


@pytest.mark.django_db
def test_api_action_is_routed_under_the_step_name_and_refuses_with_machine_readable_errors(messenger_case, demo):
    client = APIClient()
    client.force_authenticate(demo["users"]["officer"])
    response = client.post(f"/api/v1/platform-cases/{messenger_case.pk}/detect/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "transition_refused" and response.json()["errors"]
    assert PlatformCase.objects.get(pk=messenger_case.pk).state == "monitoring"
