"""p. 20-4 / 20-8: each mobile operator executes its own device lines, from the demand page in the
admin, through the API, or the list action — all through the one execution service; the last
line executed makes the system complete the demand (never a button)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.devices.models import DemandState, DeviceStatus
from cases.models import TransitionLog

from .factories import advance, create_demand, execute

pytestmark = pytest.mark.django_db


def change_url(demand):
    return reverse("admin:devices_devicedemand_change", args=[demand.pk])


def step_url(demand, name):
    return reverse("admin:devices_devicedemand_transition", args=[demand.pk, name])


@pytest.fixture
def half_executed(demo):
    """Kcell: two lines (the first executed), Beeline: one line pending."""
    demand = advance(create_demand(demo, operators=("kcell", "kcell", "beeline")), demo, to="notified")
    first = demand.devices.order_by("row").first()
    execute(demand, first, demo["users"]["kcell"])
    return demand


def test_mobile_operator_executes_its_lines_from_the_demand_page_in_kazakh(client, demo, half_executed):
    demand = half_executed
    kcell_left = demand.devices.get(row=2)
    beeline_line = demand.devices.get(row=3)
    client.force_login(demo["users"]["kcell"])
    with translation.override("kk"):
        page = client.get(change_url(demand), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert step_url(demand, "execute_device") in page
    assert "complete_execution" not in page.split('class="submit-row')[-1]  # never a button
    assert "Құрылғыларымды орындалды деп белгілеу" in page  # the step's label in Kazakh
    form_page = client.get(step_url(demand, "execute_device"))
    assert form_page.status_code == 200
    body = form_page.content.decode()
    assert kcell_left.imei in body and beeline_line.imei not in body  # only its own pending lines
    response = client.post(step_url(demand, "execute_device"), {"devices": [kcell_left.pk], "comment": "Тоқтатылды"})
    assert response.status_code == 302 and response.url == change_url(demand)
    kcell_left.refresh_from_db()
    assert kcell_left.status == DeviceStatus.EXECUTED and kcell_left.executed_by == demo["users"]["kcell"]
    demand.refresh_from_db()
    assert demand.state == DemandState.NOTIFIED and demand.progress() == (2, 3)
    # nothing left for Kcell: no button, and the step page sends it back with the reason (no bare 403)
    page = client.get(change_url(demand))
    assert page.context["step_buttons"] == []
    back = client.get(step_url(demand, "execute_device"), follow=True)
    assert back.status_code == 200 and back.redirect_chain[-1][0] == change_url(demand)
    system = client.post(step_url(demand, "complete_execution"), {}, follow=True)
    assert system.status_code == 200 and system.redirect_chain[-1][0] == change_url(demand)
    demand.refresh_from_db()
    assert demand.state == DemandState.NOTIFIED


def test_the_last_line_completes_the_demand_through_the_system_step(client, demo, half_executed):
    demand = half_executed
    execute(demand, demand.devices.get(row=2), demo["users"]["kcell"])
    client.force_login(demo["users"]["beeline"])
    line = demand.devices.get(row=3)
    response = client.post(step_url(demand, "execute_device"), {"devices": [line.pk], "comment": ""})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.state == DemandState.EXECUTED
    assert demand.executed_at == demand.devices.get(row=3).executed_at
    logs = list(demand.transition_logs.order_by("at", "pk").values_list("transition", "by__username"))
    assert logs[-2:] == [("execute_device", "beeline"), ("complete_execution", "beeline")]


def test_execution_recorded_afterwards_keeps_its_real_time(demo):
    users = demo["users"]
    demand = advance(create_demand(demo, operators=("kcell",)), demo, to="notified", since=timezone.now() - timedelta(hours=3))
    notified_at = demand.notified_at
    executed_at = notified_at + timedelta(hours=1)
    line = execute(demand, demand.devices.get(), users["kcell"], occurred_at=executed_at)
    assert line.executed_at == executed_at
    log = TransitionLog.objects.filter(transition="execute_device", object_id=demand.pk).get()
    assert log.at == executed_at and log.recorded_afterwards and log.by == users["kcell"]
    demand.refresh_from_db()
    assert demand.state == DemandState.EXECUTED and demand.executed_at == executed_at
    deadline = demand.deadlines.get(rule_code="s000.execute_suspend")
    assert deadline.met_at == executed_at and deadline.start == notified_at


def test_execution_before_the_notification_is_refused_naming_the_line(demo):
    from cases.services import TransitionRefused

    demand = advance(create_demand(demo), demo, to="notified")
    line = demand.devices.get()
    with pytest.raises(TransitionRefused) as info:
        execute(demand, line, demo["users"]["kcell"], occurred_at=line.notified_at - timedelta(minutes=1))
    assert info.value.status == 400 and line.imei in info.value.messages[0]
    assert line.imei in info.value.errors["occurred_at"][0]
    line.refresh_from_db()
    assert line.status == DeviceStatus.NOTIFIED


def test_future_execution_time_uses_the_shared_check(demo):
    from cases.services import TransitionRefused

    demand = advance(create_demand(demo), demo, to="notified")
    with pytest.raises(TransitionRefused) as info:
        execute(demand, demand.devices.get(), demo["users"]["kcell"], occurred_at=timezone.now() + timedelta(hours=1))
    assert info.value.error.error_dict["occurred_at"][0].code == "in_future"


def test_api_execution_takes_occurred_at_and_refuses_others(demo):
    from rest_framework.test import APIClient

    demand = advance(create_demand(demo, operators=("kcell", "beeline")), demo, to="notified",
                     since=timezone.now() - timedelta(hours=1))
    kcell_line = demand.devices.get(operator=demo["organisations"]["kcell"])
    client = APIClient()
    client.force_authenticate(demo["users"]["imei_db"])
    refused = client.post(f"/api/v1/device-demands/{demand.pk}/devices/{kcell_line.pk}/execute/", {}, format="json")
    assert refused.status_code == 403 and kcell_line.imei in refused.json()["errors"][0]
    client.force_authenticate(demo["users"]["kcell"])
    when = timezone.now() - timedelta(minutes=1)
    done = client.post(f"/api/v1/device-demands/{demand.pk}/devices/{kcell_line.pk}/execute/",
                       {"occurred_at": when.isoformat()}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "executed"
    kcell_line.refresh_from_db()
    assert kcell_line.executed_at == when
