"""The chain of seed 000 ch. 3-1 with its deadlines: receipt (p. 20-2) → notification within
1 hour (p. 20-3) → execution per device within 3 working hours in the mobile operator's own
schedule (p. 20-4) → requester informed within 24 hours of receipt (Appendix)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cases.devices import rules, services
from cases.devices.models import DemandKind, DemandState, DeviceServiceState, DeviceStatus
from cases.models import Deadline
from cases.services import TransitionRefused
from cases.steps import take_step

from .factories import advance, create_demand, make_imei, make_phone
from .factories import execute as execute_line

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def at(*args):
    return datetime(*args, tzinfo=ALMATY)


def deadlines(demand, rule):
    return list(Deadline.objects.for_case(demand).filter(rule_code=rule.code).select_related("awaiting_organisation"))


def test_full_chain_with_deadlines_in_each_operators_schedule(demo):
    users, orgs = demo["users"], demo["organisations"]
    # Tuesday 24.11.2026: kcell works Mon–Sat 08:00–20:00 without lunch; beeline the default
    # Mon–Fri 09:00–18:00 with lunch 13:00–14:00.
    with time_machine.travel(at(2026, 11, 24, 9, 0), tick=False):
        demand = create_demand(demo, operators=("kcell", "beeline"))
    with time_machine.travel(at(2026, 11, 24, 10, 0), tick=False):
        take_step(demand, "send", users["penitentiary"])  # through the system: received when sent
    demand.refresh_from_db()
    assert demand.state == DemandState.RECEIVED and demand.received_at == at(2026, 11, 24, 10, 0)
    (notify,) = deadlines(demand, rules.NOTIFY_SUSPEND)
    assert notify.due == at(2026, 11, 24, 11, 0) and notify.citation == (
        "№ 226 бұйрықпен бекітілген Қағидалардың 20-3-тармағы (№ 546/НҚ бұйрықтың редакциясында)")
    assert notify.awaiting_organisation == orgs["imei_db"]
    (inform,) = deadlines(demand, rules.INFORM_REQUESTER)
    assert inform.due == at(2026, 11, 25, 10, 0)

    with time_machine.travel(at(2026, 11, 24, 10, 30), tick=False):
        take_step(demand, "notify_operators", users["imei_db"])
    notify.refresh_from_db()
    assert notify.met_at == at(2026, 11, 24, 10, 30) and not notify.is_overdue()
    execute = {d.awaiting_organisation.pk: d for d in deadlines(demand, rules.EXECUTE_SUSPEND)}
    assert execute[orgs["kcell"].pk].due == at(2026, 11, 24, 13, 30)
    assert execute[orgs["beeline"].pk].due == at(2026, 11, 24, 14, 30)  # lunch skipped
    assert execute[orgs["kcell"].pk].citation == (
        "№ 226 бұйрықпен бекітілген Қағидалардың 20-4-тармағы (№ 546/НҚ бұйрықтың редакциясында)")
    assert set(demand.devices.values_list("status", flat=True)) == {DeviceStatus.NOTIFIED}

    kcell_line = demand.devices.get(operator=orgs["kcell"])
    with time_machine.travel(at(2026, 11, 24, 12, 0), tick=False):
        execute_line(demand, kcell_line.pk, users["kcell"])
    demand.refresh_from_db()
    # partial execution is visible; the demand waits for the other operator
    assert demand.state == DemandState.NOTIFIED and demand.progress() == (1, 2)
    execute = {d.awaiting_organisation.pk: d for d in deadlines(demand, rules.EXECUTE_SUSPEND)}
    assert execute[orgs["kcell"].pk].met_at == at(2026, 11, 24, 12, 0)
    assert execute[orgs["beeline"].pk].met_at is None
    state = DeviceServiceState.objects.get(imei=kcell_line.imei)
    assert state.status == "suspended" and state.since == at(2026, 11, 24, 12, 0)

    beeline_line = demand.devices.get(operator=orgs["beeline"])
    with time_machine.travel(at(2026, 11, 24, 15, 0), tick=False):
        execute_line(demand, beeline_line.pk, users["beeline"])
    demand.refresh_from_db()
    assert demand.state == DemandState.EXECUTED and demand.executed_at == at(2026, 11, 24, 15, 0)
    beeline_deadline = Deadline.objects.get(pk=execute[orgs["beeline"].pk].pk)
    assert beeline_deadline.is_overdue()  # met at 15:00, due 14:30: late, and it shows

    with time_machine.travel(at(2026, 11, 24, 16, 0), tick=False):
        take_step(demand, "inform_requester", users["imei_db"], answer="Екі құрылғы да тоқтатылды.")
    demand.refresh_from_db()
    inform = Deadline.objects.get(pk=inform.pk)
    assert demand.state == DemandState.INFORMED and inform.met_at == at(2026, 11, 24, 16, 0)
    assert demand.answer == "Екі құрылғы да тоқтатылды."
    names = list(demand.transition_logs.order_by("at", "pk").values_list("transition", flat=True))
    assert names == ["send", "deliver", "notify_operators", "execute_device", "execute_device", "complete_execution",
                     "inform_requester"]


def test_working_hours_continue_on_the_operators_next_working_day(demo):
    orgs = demo["organisations"]
    with time_machine.travel(at(2026, 11, 27, 16, 0), tick=False):  # Friday
        demand = create_demand(demo, operators=("kcell", "beeline"))
        advance(demand, demo, to="notified")
    execute = {d.awaiting_organisation.pk: d.due for d in deadlines(demand, rules.EXECUTE_SUSPEND)}
    assert execute[orgs["kcell"].pk] == at(2026, 11, 27, 19, 0)
    assert execute[orgs["beeline"].pk] == at(2026, 11, 30, 10, 0)  # 2 h on Friday, 1 h on Monday


def test_restoration_uses_its_own_citations(demo):
    imei = make_imei()
    kcell = demo["organisations"]["kcell"]
    advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}]), demo, to="executed")
    restore = create_demand(demo, kind=DemandKind.RESTORE, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}])
    advance(restore, demo, to="notified")
    (notify,) = deadlines(restore, rules.NOTIFY_RESTORE)
    (execute,) = deadlines(restore, rules.EXECUTE_RESTORE)
    assert "Қағидалардың 20-7-тармағы" in notify.citation and "Қағидалардың 20-8-тармағы" in execute.citation
    execute_line(restore, restore.devices.get().pk, demo["users"]["kcell"])
    state = DeviceServiceState.objects.get(imei=imei)
    assert state.status == "restored"
    assert [r.demand.kind for r in state.history_rows()] == ["suspend", "restore"]


def test_send_needs_the_heads_signature(demo):
    demand = create_demand(demo, signatory_name="")
    with pytest.raises(TransitionRefused) as info:
        take_step(demand, "send", demo["users"]["penitentiary"])
    assert info.value.status == 400 and "head" in info.value.messages[0]


@pytest.mark.parametrize("username,status", [("imei_db", 403), ("kcell", 403), ("prosecutor_manager", 403)])
def test_only_the_penitentiary_authority_sends(demo, username, status):
    demand = create_demand(demo)
    with pytest.raises(TransitionRefused) as info:
        take_step(demand, "send", demo["users"][username])
    assert info.value.status == status
    demand.refresh_from_db()
    assert demand.state == DemandState.DRAFT


def test_receive_only_by_the_addressed_database_operator_and_in_state(demo):
    demand = create_demand(demo)
    with pytest.raises(TransitionRefused) as info:
        take_step(demand, "receive", demo["users"]["imei_db"])
    assert info.value.status == 409  # still a draft
    take_step(demand, "send", demo["users"]["penitentiary"], occurred_at=timezone.now())  # sent by post
    for username in ("penitentiary", "kcell", "officer"):
        with pytest.raises(TransitionRefused):
            take_step(demand, "receive", demo["users"][username])
    with pytest.raises(TransitionRefused) as info:
        take_step(demand, "receive", demo["users"]["imei_db"], occurred_at=demand.sent_at - timedelta(minutes=5))
    assert info.value.status == 400
    demand.refresh_from_db()
    assert demand.state == DemandState.SENT and not Deadline.objects.for_case(demand).exists()


def test_notification_needs_an_operator_for_every_device(demo):
    demand = create_demand(demo, operators=("kcell", None))
    advance(demand, demo, to="received")
    with pytest.raises(TransitionRefused) as info:
        take_step(demand, "notify_operators", demo["users"]["imei_db"])
    assert "operator" in info.value.messages[0]
    line = demand.devices.get(operator__isnull=True)
    services.set_device_operator(line, demo["organisations"]["beeline"], demo["users"]["imei_db"])
    take_step(demand, "notify_operators", demo["users"]["imei_db"])
    # after the notification the operator can no longer be changed
    with pytest.raises(TransitionRefused) as info:
        services.set_device_operator(line, demo["organisations"]["kcell"], demo["users"]["imei_db"])
    assert info.value.status == 409 and line.imei in info.value.messages[0]


def test_operator_choice_is_refused_to_others(demo):
    demand = create_demand(demo)
    line = demand.devices.get()
    with pytest.raises(TransitionRefused) as info:
        services.set_device_operator(line, demo["organisations"]["beeline"], demo["users"]["imei_db"])
    assert info.value.status == 403  # draft: the penitentiary authority chooses
    advance(demand, demo, to="sent")
    with pytest.raises(TransitionRefused):
        services.set_device_operator(line, demo["organisations"]["beeline"], demo["users"]["kcell"])
    line.refresh_from_db()
    assert line.operator == demo["organisations"]["kcell"]


def test_execution_errors_name_the_device_and_change_nothing(demo):
    users = demo["users"]
    demand = create_demand(demo, operators=("kcell", "beeline"))
    kcell_line = demand.devices.get(operator=demo["organisations"]["kcell"])
    advance(demand, demo, to="received")
    with pytest.raises(TransitionRefused) as info:  # not notified yet; invisible to kcell
        execute_line(demand, kcell_line.pk, users["kcell"])
    assert info.value.status == 404
    take_step(demand, "notify_operators", users["imei_db"])
    with pytest.raises(TransitionRefused) as info:  # beeline cannot even see kcell's line
        execute_line(demand, kcell_line.pk, users["beeline"])
    assert info.value.status == 404
    with pytest.raises(TransitionRefused) as info:  # the database operator sees it but does not execute
        execute_line(demand, kcell_line.pk, users["imei_db"])
    assert info.value.status == 403 and kcell_line.imei in info.value.messages[0]
    from django.utils import timezone

    with pytest.raises(TransitionRefused) as info:
        execute_line(demand, kcell_line.pk, users["kcell"], occurred_at=timezone.now() + timedelta(hours=1))
    assert info.value.status == 400 and kcell_line.imei in info.value.messages[0]
    execute_line(demand, kcell_line.pk, users["kcell"])
    with pytest.raises(TransitionRefused) as info:
        execute_line(demand, kcell_line.pk, users["kcell"])
    assert info.value.status == 409 and kcell_line.imei in info.value.messages[0]
    assert DeviceServiceState.objects.count() == 1


def test_several_devices_all_or_nothing(demo):
    users = demo["users"]
    demand = create_demand(demo, operators=("kcell", "kcell", "beeline"))
    advance(demand, demo, to="notified")
    lines = list(demand.devices.order_by("row"))
    with pytest.raises(TransitionRefused) as info:
        services.device_demand_execute_device(case=demand, actor=users["kcell"], devices=[lines[0].pk, lines[2].pk])  # the third is beeline's
    assert info.value.status == 404
    assert not demand.devices.filter(status=DeviceStatus.EXECUTED).exists()
    assert not DeviceServiceState.objects.exists()
    services.device_demand_execute_device(case=demand, actor=users["kcell"], devices=[lines[0].pk, lines[1].pk])
    assert demand.devices.filter(status=DeviceStatus.EXECUTED).count() == 2


def test_withdraw_before_receipt_only(demo):
    demand = advance(create_demand(demo), demo, to="sent")
    take_step(demand, "withdraw", demo["users"]["penitentiary"], reason="Қате ашылды")
    assert demand.state == DemandState.WITHDRAWN
    received = advance(create_demand(demo), demo, to="received")
    with pytest.raises(TransitionRefused) as info:
        take_step(received, "withdraw", demo["users"]["penitentiary"], reason="Қате ашылды")
    assert info.value.status == 409


def test_demand_refused_when_the_act_is_repealed(demo):
    from django.core.exceptions import ValidationError

    from registries.models import LegalAct

    LegalAct.objects.filter(code="s000").update(status="repealed", repealed_on="2026-01-01", repealed_by="test")
    with pytest.raises(ValidationError):
        create_demand(demo)
