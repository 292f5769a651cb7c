"""Seed 000 p. 20-3 / 20-7: "Сәйкестендіру кодтары дерекқорының операторы талапты алған сәттен
бастап 1 (бір) сағат ішінде ұялы байланыс операторын … хабардар етеді", and the form of the
Appendix: "осы талапты алған сәттен бастап 24 сағат ішінде хабарлауды сұраймыз" — both terms run
from the RECEIPT of the demand. A demand sent through the system is received when it is delivered,
i.e. at the moment it is sent: the receipt is recorded by the system, nobody has to press
"receive", so the terms can neither start late nor never. A demand sent outside the system (on
paper, by post) is received when the database operator says it was, with its real time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from cases.devices import rules, services
from cases.devices.models import DemandState
from cases.legal_path import build_legal_path
from cases.models import Deadline, TransitionLog
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves

from .factories import create_demand

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def at(*args):
    return datetime(*args, tzinfo=ALMATY)


def terms(demand):
    return {d.rule_code: d for d in Deadline.objects.for_case(demand)}


def test_a_demand_sent_through_the_system_is_received_when_it_is_sent(demo):
    """The 1-hour term (p. 20-3) and the 24-hour answer run from the sending: no "receive" needed."""
    with time_machine.travel(at(2026, 11, 24, 9, 0), tick=False):
        demand = create_demand(demo, operators=("kcell",))
        services.device_demand_send(case=demand, actor=demo["users"]["penitentiary"])
    demand.refresh_from_db()
    assert demand.state == DemandState.RECEIVED
    assert demand.sent_at == demand.received_at == at(2026, 11, 24, 9, 0)
    by_rule = terms(demand)
    notify, inform = by_rule[rules.NOTIFY_SUSPEND.code], by_rule[rules.INFORM_REQUESTER.code]
    assert (notify.start, notify.due) == (at(2026, 11, 24, 9, 0), at(2026, 11, 24, 10, 0))
    assert (inform.start, inform.due) == (at(2026, 11, 24, 9, 0), at(2026, 11, 25, 9, 0))
    assert notify.awaiting_organisation == demo["organisations"]["imei_db"]
    delivered = TransitionLog.objects.get(object_id=demand.pk, transition="deliver")
    assert delivered.at == demand.sent_at and not delivered.recorded_afterwards
    # the database operator's next step is the notification, not a receipt to press
    judged = {m.name: m.status for m in moves(demand, demo["users"]["imei_db"])}
    assert judged["notify_operators"] == MoveStatus.AVAILABLE and "receive" not in judged


def test_the_restoration_is_received_on_sending_too(demo):
    """p. 20-7: the same 1-hour term for a restoration, from its receipt."""
    from cases.devices.models import DemandKind

    from .factories import make_imei, make_phone

    demand = create_demand(demo, kind=DemandKind.RESTORE,
                           lines=[{"imei": make_imei(), "phone": make_phone(), "operator": demo["organisations"]["kcell"]}])
    services.device_demand_send(case=demand, actor=demo["users"]["penitentiary"])
    demand.refresh_from_db()
    assert demand.state == DemandState.RECEIVED and demand.received_at == demand.sent_at
    assert terms(demand)[rules.NOTIFY_RESTORE.code].start == demand.sent_at


def test_a_demand_sent_outside_the_system_runs_its_terms_from_its_real_receipt(demo):
    """A demand entered from paper: sent by post at its real time, received when the database
    operator records it (with its real time); no term runs before."""
    sent = at(2026, 11, 24, 9, 0)
    with time_machine.travel(at(2026, 11, 24, 15, 0), tick=False):
        demand = create_demand(demo, operators=("kcell",))
        services.device_demand_send(case=demand, actor=demo["users"]["penitentiary"], occurred_at=sent)
        demand.refresh_from_db()
        assert demand.state == DemandState.SENT and demand.received_at is None
        assert not terms(demand)  # the start of the terms is not known yet
        judged = {m.name: m.status for m in moves(demand, demo["users"]["imei_db"])}
        assert judged["receive"] == MoveStatus.AVAILABLE
        received = at(2026, 11, 24, 11, 30)
        services.device_demand_receive(case=demand, actor=demo["users"]["imei_db"], occurred_at=received)
    demand.refresh_from_db()
    assert demand.received_at == received
    assert terms(demand)[rules.NOTIFY_SUSPEND.code].due == at(2026, 11, 24, 12, 30)
    assert terms(demand)[rules.INFORM_REQUESTER.code].due == at(2026, 11, 25, 11, 30)


def test_the_path_of_a_demand_sent_outside_the_system_names_the_receipt_as_the_operators(demo):
    """For a posted demand the receipt is the database operator's own step (with its real time)."""
    demand = create_demand(demo, operators=("kcell",))
    services.device_demand_send(case=demand, actor=demo["users"]["penitentiary"],
                                occurred_at=at(2026, 11, 24, 9, 0))
    demand.refresh_from_db()
    path = build_legal_path(demand, demo["users"]["imei_db"])
    current = {move.name: move for move in path.step(DemandState.SENT).moves_out}
    assert current["receive"].yours and current["receive"].status == MoveStatus.AVAILABLE


def test_nobody_records_a_receipt_twice(demo):
    demand = create_demand(demo, operators=("kcell",))
    services.device_demand_send(case=demand, actor=demo["users"]["penitentiary"])
    with pytest.raises(TransitionRefused) as refused:
        services.device_demand_receive(case=demand, actor=demo["users"]["imei_db"])
    assert refused.value.status == 409


def test_the_api_answers_a_sent_demand_as_received(demo):
    demand = create_demand(demo, operators=("kcell",))
    client = APIClient()
    client.force_authenticate(demo["users"]["penitentiary"])
    answer = client.post(f"/api/v1/device-demands/{demand.pk}/send/", {}, format="json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["state"] == "received" and body["received_at"] == body["sent_at"]
    assert {d["rule_code"] for d in body["deadlines"]} == {rules.NOTIFY_SUSPEND.code, rules.INFORM_REQUESTER.code}


def test_a_posted_demand_cannot_be_received_before_it_was_sent(demo):
    sent = at(2026, 11, 24, 9, 0)
    demand = create_demand(demo, operators=("kcell",))
    services.device_demand_send(case=demand, actor=demo["users"]["penitentiary"], occurred_at=sent)
    with pytest.raises(TransitionRefused) as refused:
        services.device_demand_receive(case=demand, actor=demo["users"]["imei_db"], occurred_at=sent - timedelta(hours=1))
    assert refused.value.status == 400
