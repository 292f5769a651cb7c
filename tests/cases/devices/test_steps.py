"""One way to declare and take a step of a device demand (seed 000, ch. 3-1): every transition
carries its label and clause and has its one service; the buttons are exactly the moves the
legal-path panel calls available; a forged step is refused alike through the service, the API
and the admin, and changes nothing."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.devices import services
from cases.devices.models import DemandState, DeviceDemand
from cases.models import TransitionLog
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves, service_for, state_field
from registries.demo import load_full_demo

from .factories import advance, create_demand

pytestmark = pytest.mark.django_db

TRANSITIONS = list(state_field(DeviceDemand).get_all_transitions(DeviceDemand))


def test_every_transition_is_declared_with_step_and_has_its_one_service():
    names = {t.name for t in TRANSITIONS}
    assert names == {"send", "deliver", "withdraw", "receive", "notify_operators", "execute_device", "complete_execution",
                     "inform_requester"}
    for transition in TRANSITIONS:
        custom = transition.custom
        assert custom.get("label"), transition.name
        assert custom.get("citation"), transition.name
        assert "afterwards" in custom, f"{transition.name}: declared without cases.steps.step"
        assert getattr(transition.permission, "roles", None), transition.name
        service = service_for(DeviceDemand, transition.name)
        assert service is not None and service.__name__ == f"device_demand_{transition.name}", transition.name
        for condition in transition.conditions:
            assert condition.message and condition.clause.startswith("№ 226 бұйрықпен бекітілген Қағидалар"), condition.__name__


def test_complete_execution_is_a_system_step_and_steps_done_outside_the_system_keep_their_real_time():
    custom = {t.name: t.custom for t in TRANSITIONS}
    system = {"complete_execution", "deliver"}  # the last line executed; a demand delivered when sent
    assert all(custom[name]["admin"] is False for name in system)
    assert all(c["admin"] for name, c in custom.items() if name not in system)
    # a demand sent through the system is sent now (and received: delivered); receipt (by post),
    # notification, execution, the answer and a withdrawal may have happened outside it
    assert {name for name, c in custom.items() if c["afterwards"]} == {
        "receive", "notify_operators", "execute_device", "inform_requester", "withdraw"
    }


def test_every_step_recorded_afterwards_names_its_own_real_time_in_its_form():
    """The real time is asked in the step's own words (received at, notified at, executed at …)."""
    from django.utils.module_loading import import_string

    for transition in TRANSITIONS:
        if transition.custom["afterwards"]:
            form = import_string(transition.custom["form"])
            assert "occurred_at" in form.base_fields, transition.name


def test_models_do_not_import_services():
    """Not even lazily inside a method: transition bodies set only the demand's own fields."""
    tree = ast.parse((Path(__file__).parents[3] / "cases" / "devices" / "models.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported |= {node.module or ""} | {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
    assert not {name for name in imported if "services" in name}


def test_the_signatory_rule_is_the_shared_one(demo):
    send = next(t for t in TRANSITIONS if t.name == "send")
    (signed,) = [c for c in send.conditions if c.__name__ == "has_signatory"]
    assert signed.__module__ == "cases.conditions"
    demand = create_demand(demo, signatory_position="   ")
    (move,) = [m for m in moves(demand, demo["users"]["penitentiary"]) if m.name == "send"]
    assert move.status == MoveStatus.BLOCKED
    assert [u.clause for u in move.unmet] == [signed.clause] and "Басшы" in signed.clause


def _buttons(client, user, demand):
    client.force_login(user)
    response = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk]))
    assert response.status_code == 200
    return {button["name"] for button in response.context["step_buttons"]}, response.content.decode()


def test_buttons_agree_with_the_panel_in_every_state_for_every_user(client):
    world = load_full_demo()
    states = set()
    for demand in DeviceDemand.objects.all():
        states.add(demand.state)
        for username in ("penitentiary", "imei_db", "kcell", "beeline", "officer"):
            user = world["users"][username]
            if not DeviceDemand.objects.visible_to(user).filter(pk=demand.pk).exists():
                continue
            judged = moves(demand, user)
            buttons, page = _buttons(client, user, demand)
            assert buttons == {m.name for m in judged if m.status == MoveStatus.AVAILABLE}, (demand.state, username)
            if not user.has_perm("devices.change_devicedemand"):
                assert 'name="_fsm_transition_to"' not in page  # a reader never posts the change form (403)
                for name in buttons:
                    assert reverse("admin:devices_devicedemand_transition", args=[demand.pk, name]) in page
    assert states == set(DemandState.values)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _refused_everywhere(client, demo, demand, user, name, status, payload=None, clause=None):
    """The forged step is refused by the service, the API and the admin step page, alike."""
    before = (demand.state, TransitionLog.objects.count())
    with pytest.raises(TransitionRefused) as info:
        getattr(services, f"device_demand_{name}")(case=demand, actor=user, **(payload or {}))
    assert info.value.status == status
    if clause:
        assert any(clause in m for m in info.value.messages)
    response = api(user).post(f"/api/v1/device-demands/{demand.pk}/{name.replace('_', '-')}/", payload or {}, format="json")
    assert response.status_code == status
    if clause:
        assert any(clause in m for m in response.json()["errors"])
    client.force_login(user)
    page = client.post(reverse("admin:devices_devicedemand_transition", args=[demand.pk, name]), payload or {}, follow=True)
    assert page.status_code == 200  # back on the demand with the reason, never a bare error page
    assert page.redirect_chain and page.redirect_chain[-1][0] == reverse("admin:devices_devicedemand_change", args=[demand.pk])
    if clause:
        assert clause in page.content.decode()
    demand.refresh_from_db()
    assert (demand.state, TransitionLog.objects.count()) == before


def test_forged_steps_are_refused_through_service_api_and_admin(client, demo):
    users = demo["users"]
    draft = create_demand(demo)
    _refused_everywhere(client, demo, draft, users["officer"], "send", 403)  # wrong role
    received = advance(create_demand(demo), demo, to="received")
    _refused_everywhere(client, demo, received, users["imei_db"], "receive", 409)  # wrong state
    unassigned = advance(create_demand(demo, operators=("kcell", None)), demo, to="received")
    _refused_everywhere(client, demo, unassigned, users["imei_db"], "notify_operators", 400, clause="Қағидалардың 20-3, 20-7-тармақтары")


def test_another_organisations_demand_answers_404(client, demo):
    from registries.demo import bin_from_prefix
    from registries.models import Organisation, UserProfile
    from registries.roles import OrganisationKind, Role

    demand = advance(create_demand(demo), demo, to="sent")
    other = Organisation.objects.create(kind=OrganisationKind.IMEI_DB_OPERATOR, name_kk="Басқа оператор",
                                        bin=bin_from_prefix("99034009902"))
    user = type(demo["users"]["imei_db"]).objects.create_user("db2", password="x-Long-Password-1", is_staff=True)
    UserProfile.objects.create(user=user, organisation=other, role=Role.IMEI_DB_OPERATOR)
    with pytest.raises(TransitionRefused) as info:
        services.device_demand_receive(case=demand, actor=user)
    assert info.value.status == 403
    assert api(user).post(f"/api/v1/device-demands/{demand.pk}/receive/", {}, format="json").status_code == 404
    client.force_login(user)
    assert client.get(reverse("admin:devices_devicedemand_transition", args=[demand.pk, "receive"])).status_code in (302, 404)
    demand.refresh_from_db()
    assert demand.state == DemandState.SENT and demand.received_at is None
