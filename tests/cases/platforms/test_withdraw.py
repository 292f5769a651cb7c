"""A platform case opened in error, or for a platform seed 004 p. 6 does not apply to, ends lawfully:
withdrawn by its authorised body with a reason, its terms closed as not applicable."""

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.platforms.models import PlatformCaseState
from cases.platforms.services import platform_case_withdraw
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves, take_step
from registries.security import issue_api_token

from .conftest import local
from .factories import OnlinePlatformFactory, PlatformCaseFactory

pytestmark = pytest.mark.django_db


def refresh(case):
    case.refresh_from_db()
    return case


def domestic_case(world):
    case = PlatformCaseFactory(organisation=world["committee"], platform=OnlinePlatformFactory(is_foreign=False, average_daily_users_kz=40_000))
    take_step(case, "detect", world["officer"])
    return refresh(case)


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
def test_a_domestic_platform_case_shows_why_no_notice_and_can_be_withdrawn(world):
    case = domestic_case(world)
    by_name = {m.name: m for m in moves(case, world["officer"])}
    notice = by_name["send_notice"]
    assert str(notice.status) == MoveStatus.BLOCKED
    assert any("9" in str(u) for u in notice.unmet)  # Law on Online Platforms, Art. 9 p. 1
    assert str(by_name["withdraw"].status) == MoveStatus.AVAILABLE

    term = Deadline.objects.for_case(case).get()
    platform_case_withdraw(case=case, actor=world["officer"], reason="Отандық платформа: 2-қосымша қолданылмайды")
    case = refresh(case)
    assert case.state == PlatformCaseState.WITHDRAWN and case.is_final
    assert case.withdrawal_reason.startswith("Отандық платформа")
    assert case.closed_at is not None
    term.refresh_from_db()
    assert term.outcome == DeadlineOutcome.NOT_APPLICABLE and term.met_at is not None
    assert not term.is_overdue() and term.status == "grey"
    assert moves(case, world["officer"]) == []


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
def test_withdrawal_needs_a_reason_and_changes_nothing_without_one(world):
    case = domestic_case(world)
    for reason in ("", "   "):
        with pytest.raises(TransitionRefused) as refusal:
            platform_case_withdraw(case=case, actor=world["officer"], reason=reason)
        assert refusal.value.status == 400 and "reason" in refusal.value.errors
    case = refresh(case)
    assert case.state == PlatformCaseState.DETECTED and not case.withdrawal_reason
    assert Deadline.objects.for_case(case).open().count() == 1
    assert not TransitionLog.objects.filter(object_id=case.pk, transition="withdraw").exists()


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
@pytest.mark.parametrize(("user", "status"), [("sts", 403), ("telecom", 403), ("prosecutor", 403), ("kcell", 403)])
def test_only_the_owning_authorised_body_withdraws(world, user, status):
    case = domestic_case(world)
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "withdraw", world[user], reason="қате")
    assert refusal.value.status == status
    assert refresh(case).state == PlatformCaseState.DETECTED


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
def test_a_final_case_cannot_be_withdrawn_again(world):
    case = domestic_case(world)
    take_step(case, "withdraw", world["officer"], reason="қате ашылған")
    with pytest.raises(TransitionRefused) as refusal:
        take_step(refresh(case), "withdraw", world["officer"], reason="тағы")
    assert refusal.value.status == 409
    assert refresh(case).withdrawal_reason == "қате ашылған"


def client_for(user):
    client = APIClient()
    _record, token = issue_api_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
def test_withdrawal_over_the_api_and_the_admin(world, client):
    case = domestic_case(world)
    url = f"/api/v1/platform-cases/{case.pk}/withdraw/"
    response = client_for(world["officer"]).post(url, {"reason": ""}, format="json")
    assert response.status_code == 400
    assert refresh(case).state == PlatformCaseState.DETECTED
    assert client_for(world["sts"]).post(url, {"reason": "x"}, format="json").status_code == 404  # not addressed to it
    response = client_for(world["officer"]).post(url, {"reason": "Қате ашылған іс"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "withdrawn" and response.json()["withdrawal_reason"] == "Қате ашылған іс"

    other = domestic_case(world)
    client.force_login(world["officer"])
    step_url = reverse("admin:platforms_platformcase_transition", args=[other.pk, "withdraw"])
    page = client.get(step_url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    response = client.post(step_url, {"reason": ""})
    assert response.status_code == 200
    assert refresh(other).state == PlatformCaseState.DETECTED
    response = client.post(step_url, {"reason": "Платформа отандық"})
    assert response.status_code == 302
    assert refresh(other).state == PlatformCaseState.WITHDRAWN


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
def test_a_throttled_case_is_not_withdrawn_but_lifted(world):
    """Limits in force are ended by the lifting instruction, never by a silent withdrawal."""
    from cases.platforms.models import PlatformCase

    sources = {str(t.source) for t in PlatformCase._meta.get_field("state").get_all_transitions(PlatformCase) if t.name == "withdraw"}
    assert PlatformCaseState.THROTTLED not in sources
    assert PlatformCaseState.MONITORING in sources and PlatformCaseState.STATISTICS_RECEIVED in sources
