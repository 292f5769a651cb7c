"""The legal steps of an inactive-account sweep (seed 001 p. 6), each through its one service:
declaration (label, citation, service), what the panel says, forged steps refused through the
service, the admin and the API, and demo sweeps in every state."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import TransitionLog
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves, service_for, state_field
from registries.sweeps.models import AccountDeactivation, AccountSweep, SweepState
from registries.sweeps.services import (
    account_sweep_apply,
    account_sweep_close,
    account_sweep_start_review,
    form_sweep,
)

from .factories import member

pytestmark = pytest.mark.django_db
User = get_user_model()
APP = Path(__file__).resolve().parents[3] / "registries" / "sweeps"


@pytest.fixture
def sweep(demo):
    for _ in range(2):
        member(demo["organisations"]["prosecutor"])
    return form_sweep("2026-H1", by=demo["users"]["officer"])[0]


def move(case, user, name):
    return next(m for m in moves(case, user) if m.name == name)


def test_every_step_carries_label_citation_and_one_service():
    for transition in state_field(AccountSweep).get_all_transitions(AccountSweep):
        custom = transition.custom
        assert "admin" in custom and str(custom["label"]).strip(), transition.name
        assert "№ 409 бұйрық" in str(custom["citation"]) and "6-тармағы" in str(custom["citation"]), transition.name
        service = service_for(AccountSweep, transition.name)
        assert service is not None and service.__name__ == f"account_sweep_{transition.name}"


def test_models_import_no_services_and_no_tracker_references():
    tree = ast.parse((APP / "models.py").read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and "services" in (n.module or "")]
    for path in APP.rglob("*.py"):
        if "migrations" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"\bissue \d", text, re.IGNORECASE), path
            assert len(text.splitlines()) < 500, path


def test_steps_through_their_services(sweep, demo):
    officer, supervisor = demo["users"]["officer"], demo["users"]["supervisor"]
    account_sweep_start_review(case=sweep, actor=officer, comment="Басталды")
    assert sweep.state == SweepState.UNDER_REVIEW
    account_sweep_apply(case=sweep, actor=supervisor, comment="Бұғатталсын")
    sweep.refresh_from_db()
    assert sweep.state == SweepState.APPLIED and sweep.deactivated_count == 2 and sweep.applied_by == supervisor
    assert AccountDeactivation.objects.filter(sweep=sweep, by=supervisor).count() == 2
    assert sweep.history.first().deactivated_count == 2
    account_sweep_close(case=sweep, actor=officer)
    sweep.refresh_from_db()
    assert sweep.state == SweepState.CLOSED and sweep.is_final


def test_the_panel_names_what_blocks_apply_and_whose_step_it_is(sweep, demo, client):
    officer, supervisor = demo["users"]["officer"], demo["users"]["supervisor"]
    account_sweep_start_review(case=sweep, actor=officer)
    sweep.entries.filter(pk=sweep.entries.first().pk).update(excluded=True, exclusion_reason="")
    blocked = move(sweep, supervisor, "apply")
    assert blocked.status == MoveStatus.BLOCKED and "6-тармағы" in " ".join(map(str, blocked.unmet))
    assert move(sweep, officer, "apply").status == MoveStatus.OTHERS
    with pytest.raises(TransitionRefused) as refused:
        account_sweep_apply(case=sweep, actor=supervisor)
    assert refused.value.status == 400
    sweep.refresh_from_db()
    assert sweep.state == SweepState.UNDER_REVIEW and not AccountDeactivation.objects.exists()
    client.force_login(supervisor)
    html = client.get(reverse("admin:sweeps_accountsweep_change", args=[sweep.pk])).content.decode()
    assert 'data-transition="apply" data-move="blocked"' in html
    assert "apply" not in set(re.findall(r'name="_fsm_transition_to"\s+value="([^"]+)"', html))


def test_forged_steps_change_nothing(sweep, demo, client):
    officer = demo["users"]["officer"]
    with pytest.raises(TransitionRefused) as refused:
        account_sweep_close(case=sweep, actor=officer)
    assert refused.value.status == 409
    with pytest.raises(TransitionRefused) as refused:
        account_sweep_start_review(case=sweep, actor=demo["users"]["prosecutor_manager"])
    assert refused.value.status == 403
    account_sweep_start_review(case=sweep, actor=officer)
    with pytest.raises(TransitionRefused) as refused:
        account_sweep_apply(case=sweep, actor=officer)
    assert refused.value.status == 403
    client.force_login(officer)
    client.post(reverse("admin:sweeps_accountsweep_change", args=[sweep.pk]), {"_fsm_transition_to": "apply"})
    api = APIClient()
    api.force_authenticate(officer)
    assert api.post(f"/api/v1/account-sweeps/{sweep.pk}/apply/", {}, format="json").status_code == 403
    assert api.post(f"/api/v1/account-sweeps/{sweep.pk}/close/", {}, format="json").status_code == 409
    sweep.refresh_from_db()
    assert sweep.state == SweepState.UNDER_REVIEW
    assert User.objects.filter(is_active=False).count() == 0
    assert list(TransitionLog.objects.filter(object_id=sweep.pk).values_list("transition", flat=True)) == ["start_review"]


def test_api_steps_answer_with_the_sweep(sweep, demo):
    api = APIClient()
    api.force_authenticate(demo["users"]["supervisor"])
    answer = api.post(f"/api/v1/account-sweeps/{sweep.pk}/start-review/", {"comment": "ok"}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "under_review" and answer.json()["half_year"] == "2026-H1"
    answer = api.post(f"/api/v1/account-sweeps/{sweep.pk}/apply/", {}, format="json")
    assert answer.status_code == 200 and answer.json()["deactivated_count"] == 2
    answer = api.post(f"/api/v1/account-sweeps/{sweep.pk}/close/", {}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "closed"


def test_demo_has_a_sweep_in_every_state():
    from registries.demo import load_full_demo

    load_full_demo()
    load_full_demo()
    present = set(AccountSweep.objects.values_list("state", flat=True))
    assert present == {value for value, _label in SweepState.choices}
