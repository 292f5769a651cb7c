"""One declaration of a step (seed 004): every transition carries its label and clause, its
conditions are preconditions with message and clause, it has its one service, and the legal-path
panel judges it with the same predicates as the buttons."""

import ast
import inspect
from datetime import timedelta

import pytest
import time_machine

from cases.legal_path import build_legal_path
from cases.platforms import models
from cases.platforms.models import PlatformCase, PlatformCaseState, ThrottleInstruction
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves, service_for, take_step

from .conftest import local, sample_statistics
from .factories import PlatformCaseFactory

pytestmark = pytest.mark.django_db

TRANSITIONS = list(PlatformCase._meta.get_field("state").get_all_transitions(PlatformCase))


def refresh(case):
    case.refresh_from_db()
    return case


def judged(case, user):
    return {move.name: move for move in moves(case, user)}


def panel(case, user):
    path = build_legal_path(case, user)
    return {move.name: move for move in path.step(case.state).moves_out}


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}-{t.name}")
def test_every_transition_declares_label_clause_and_precondition_conditions(transition):
    custom = transition.custom
    assert custom.get("label") and custom.get("citation"), transition.name
    assert "№ 267-НҚ" in str(custom["citation"]) or "Заңының" in str(custom["citation"]), transition.name
    for condition in transition.conditions:
        assert str(getattr(condition, "message", "")), (transition.name, condition.__name__)
        assert str(getattr(condition, "clause", "")), (transition.name, condition.__name__)
        # the message quotes its clause, so a refusal names it once, in every language
        assert str(condition.clause) in str(condition.message), (transition.name, condition.__name__)
        assert condition.__module__ == "cases.platforms.conditions", condition.__name__


@pytest.mark.parametrize("name", sorted({t.name for t in TRANSITIONS}))
def test_every_step_has_its_one_service(name):
    service = service_for(PlatformCase, name)
    assert service is not None, name
    assert service.__name__ == f"platform_case_{name}"
    parameters = inspect.signature(service).parameters
    assert all(p.kind == p.KEYWORD_ONLY for p in parameters.values()), name
    assert {"case", "actor", "comment"} <= set(parameters), name


def test_models_import_no_services():
    tree = ast.parse(inspect.getsource(models))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not any("services" in name for name in imported), imported


def test_old_import_paths_still_work():
    from cases.platforms.models import PlatformCaseGround, PlatformCaseState, platform_is_foreign  # noqa: F401

    assert PlatformCaseState.WITHDRAWN == "withdrawn"


def test_the_warning_letter_on_the_notice_road_is_blocked_with_its_clause(world):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"])
    case = refresh(case)
    for moves_by_name in (judged(case, world["officer"]), panel(case, world["officer"])):
        warning = moves_by_name["send_warning"]
        assert str(warning.status) == MoveStatus.BLOCKED
        assert any("5-тармағы" in str(reason) for reason in warning.unmet)
        assert str(moves_by_name["send_notice"].status) == MoveStatus.AVAILABLE


def throttled_case(world, traveller):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"])
    take_step(refresh(case), "send_notice", world["officer"])
    take_step(refresh(case), "request_statistics", world["officer"])
    sample_statistics(refresh(case), world["sts"], n_regions=1)
    traveller.shift(timedelta(days=2))
    take_step(refresh(case), "submit_statistics", world["sts"])
    traveller.shift(timedelta(hours=1))
    take_step(refresh(case), "issue_throttle_instruction", world["officer"])
    return refresh(case)


def test_the_next_level_before_its_window_is_blocked_with_its_clause(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = throttled_case(world, traveller)
        for moves_by_name in (judged(case, world["officer"]), panel(case, world["officer"])):
            escalate = moves_by_name["escalate_throttling"]
            assert str(escalate.status) == MoveStatus.BLOCKED
            assert any("9-тармағы" in str(reason) for reason in escalate.unmet)
        with pytest.raises(TransitionRefused) as refusal:
            take_step(case, "escalate_throttling", world["officer"])
        assert refusal.value.status == 400 and "9-тармағы" in str(refusal.value)
        assert ThrottleInstruction.objects.filter(case=case).count() == 1


def test_escalation_needs_the_execution_report_of_the_current_instruction(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = throttled_case(world, traveller)
        traveller.move_to(local(2026, 9, 15, 10, 0))  # the 50 % window (8 months ended Monday 14 September)
        case = refresh(case)
        escalate = judged(case, world["officer"])["escalate_throttling"]
        assert str(escalate.status) == MoveStatus.BLOCKED
        assert [str(u) for u in escalate.unmet] and all("3-қосымшаның 2-тармағы" in str(u) for u in escalate.unmet)
        with pytest.raises(TransitionRefused) as refusal:
            take_step(case, "escalate_throttling", world["officer"])
        assert refusal.value.status == 400 and "3-қосымшаның 2-тармағы" in str(refusal.value)
        assert refresh(case).current_instruction.level == 10

        take_step(case, "report_execution", world["sts"], report="Шектеулер енгізілді")
        case = refresh(case)
        assert str(judged(case, world["officer"])["escalate_throttling"].status) == MoveStatus.AVAILABLE
        take_step(case, "escalate_throttling", world["officer"])
        assert refresh(case).current_instruction.level == 50


def test_the_sts_sees_its_steps_as_its_own_and_the_officials_as_others(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = throttled_case(world, traveller)
        sts = judged(case, world["sts"])
        assert str(sts["report_execution"].status) == MoveStatus.AVAILABLE
        assert str(sts["lift_limits"].status) == MoveStatus.OTHERS
        assert "Ақпарат" in sts["lift_limits"].actor or world["committee"].name_kk in sts["lift_limits"].actor
        officer = judged(case, world["officer"])
        assert str(officer["report_execution"].status) == MoveStatus.OTHERS


def test_final_states_are_the_states_without_a_step():
    sources = {str(t.source) for t in TRANSITIONS}
    states = {str(value) for value, _label in PlatformCaseState.choices}
    assert set(PlatformCase.FINAL_STATES) == states - sources
    assert PlatformCaseState.RESTRICTION_ORDERED in PlatformCase.FINAL_STATES
    assert PlatformCaseState.WITHDRAWN in PlatformCase.FINAL_STATES
    assert not hasattr(models, "CLOSED_STATES")


def test_a_restricted_case_is_not_counted_open_on_the_dashboard(world):
    from cases.monitoring.status import final_states

    case = PlatformCaseFactory(organisation=world["committee"])
    assert not case.is_final
    assert PlatformCaseState.RESTRICTION_ORDERED in final_states(PlatformCase)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_refusal_names_its_clause_once_in_each_language(language):
    from django.utils import translation

    with translation.override(language):
        for transition in TRANSITIONS:
            for condition in transition.conditions:
                assert str(condition.clause) in str(condition.message), (language, condition.__name__)


def test_a_forged_escalation_is_refused_alike_by_the_api_and_the_admin_and_changes_nothing(world, client):
    from django.urls import reverse
    from rest_framework.test import APIClient

    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = throttled_case(world, traveller)
        api = APIClient()
        api.force_authenticate(world["officer"])
        url = f"/api/v1/platform-cases/{case.pk}/escalate-throttling/"
        response = api.post(url, {}, format="json")
        assert response.status_code == 400 and "9-тармағы" in " ".join(response.json()["errors"])
        sts = APIClient()
        sts.force_authenticate(world["sts"])
        assert sts.post(url, {}, format="json").status_code == 403
        # no withdrawal while limits are in force: the state answers first (409)
        assert sts.post(f"/api/v1/platform-cases/{case.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 409

        client.force_login(world["officer"])
        step_url = reverse("admin:platforms_platformcase_transition", args=[case.pk, "escalate_throttling"])
        response = client.post(step_url, {"comment": ""}, follow=True)
        assert "9-тармағы" in response.content.decode()
        assert ThrottleInstruction.objects.filter(case=case).count() == 1
        assert refresh(case).state == PlatformCaseState.THROTTLED
