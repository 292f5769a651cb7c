"""What the act makes a document is required, and steps done outside the system keep their real
time: the requester's answer (form of the Appendix: informed within 24 hours of receipt), the
reason of a withdrawal, the receipt of a demand that came by post (p. 20-3 / 20-7 and the 24-hour
term run from it)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.devices import rules, services
from cases.devices.models import DemandState
from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.services import TransitionRefused, open_deadline

from .factories import advance, create_demand

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("answer", ["", "   "])
def test_the_requester_is_not_informed_with_an_empty_answer(client, demo, answer):
    demand = advance(create_demand(demo), demo, to="executed")
    user = demo["users"]["imei_db"]
    with pytest.raises(TransitionRefused) as info:
        services.device_demand_inform_requester(case=demand, actor=user, answer=answer)
    assert info.value.status == 400 and "answer" in info.value.errors
    response = api(user).post(f"/api/v1/device-demands/{demand.pk}/inform-requester/", {"answer": answer}, format="json")
    assert response.status_code == 400 and "answer" in response.json()
    client.force_login(user)
    url = reverse("admin:devices_devicedemand_transition", args=[demand.pk, "inform_requester"])
    page = client.post(url, {"answer": answer, "comment": ""})
    assert page.status_code == 200 and page.context["transition_form"].errors["answer"]
    demand.refresh_from_db()
    assert demand.state == DemandState.EXECUTED and demand.informed_at is None
    assert Deadline.objects.for_case(demand).get(rule_code=rules.INFORM_REQUESTER.code).met_at is None


def test_the_answer_meets_the_24_hour_term(demo):
    demand = advance(create_demand(demo), demo, to="executed")
    services.device_demand_inform_requester(case=demand, actor=demo["users"]["imei_db"], answer="  Тоқтатылды.  ")
    demand.refresh_from_db()
    assert demand.state == DemandState.INFORMED and demand.answer == "Тоқтатылды."
    term = Deadline.objects.for_case(demand).get(rule_code=rules.INFORM_REQUESTER.code)
    assert term.outcome == DeadlineOutcome.MET and term.met_at == demand.informed_at


def test_a_demand_received_by_post_runs_its_terms_from_the_real_receipt(demo):
    sent = timezone.now() - timedelta(hours=5)
    demand = advance(create_demand(demo), demo, to="sent", since=sent)
    received = sent + timedelta(hours=2)
    services.device_demand_receive(case=demand, actor=demo["users"]["imei_db"], occurred_at=received)
    demand.refresh_from_db()
    assert demand.state == DemandState.RECEIVED and demand.received_at == received
    notify = Deadline.objects.for_case(demand).get(rule_code=rules.NOTIFY_SUSPEND.code)
    inform = Deadline.objects.for_case(demand).get(rule_code=rules.INFORM_REQUESTER.code)
    assert (notify.start, notify.due) == (received, received + timedelta(hours=1))
    assert (inform.start, inform.due) == (received, received + timedelta(hours=24))
    assert notify.is_overdue()  # received 3 hours ago by post, not yet notified
    log = TransitionLog.objects.get(object_id=demand.pk, transition="receive")
    assert log.at == received and log.recorded_afterwards and log.entered_at > received


@pytest.mark.parametrize("shift", [timedelta(hours=1), -timedelta(hours=6)])
def test_receipt_in_the_future_or_before_the_sending_is_refused(demo, shift):
    sent = timezone.now() - timedelta(hours=5)
    demand = advance(create_demand(demo), demo, to="sent", since=sent)
    when = timezone.now() + shift if shift > timedelta(0) else sent + shift
    response = api(demo["users"]["imei_db"]).post(f"/api/v1/device-demands/{demand.pk}/receive/",
                                                  {"occurred_at": when.isoformat()}, format="json")
    assert response.status_code == 400 and "occurred_at" in response.json()["fields"]
    demand.refresh_from_db()
    assert demand.state == DemandState.SENT and not Deadline.objects.for_case(demand).exists()


def test_the_receipt_form_offers_the_real_time_of_a_posted_demand(client, demo):
    demand = advance(create_demand(demo), demo, to="sent", since=timezone.now() - timedelta(hours=3))
    client.force_login(demo["users"]["imei_db"])
    url = reverse("admin:devices_devicedemand_transition", args=[demand.pk, "receive"])
    form = client.get(url).context["transition_form"]
    assert "occurred_at" in form.fields
    received = timezone.localtime(timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    response = client.post(url, {"occurred_at_0": f"{received:%Y-%m-%d}", "occurred_at_1": f"{received:%H:%M}", "comment": ""})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.received_at == received


def test_withdrawal_needs_a_reason_and_closes_the_terms_as_not_applicable(client, demo):
    demand = advance(create_demand(demo), demo, to="sent")
    term = open_deadline(demand, rules.NOTIFY_SUSPEND, awaiting=demo["organisations"]["imei_db"])
    user = demo["users"]["penitentiary"]
    with pytest.raises(TransitionRefused) as info:
        services.device_demand_withdraw(case=demand, actor=user, reason=" ")
    assert info.value.status == 400 and "reason" in info.value.errors
    assert api(user).post(f"/api/v1/device-demands/{demand.pk}/withdraw/", {}, format="json").json().keys() >= {"reason"}
    client.force_login(user)
    url = reverse("admin:devices_devicedemand_transition", args=[demand.pk, "withdraw"])
    assert client.post(url, {"reason": ""}).context["transition_form"].errors["reason"]
    demand.refresh_from_db()
    assert demand.state == DemandState.SENT
    assert client.post(url, {"reason": "IMEI басқа мекемеге тиесілі"}).status_code == 302
    demand.refresh_from_db()
    assert demand.state == DemandState.WITHDRAWN and demand.withdrawal_reason == "IMEI басқа мекемеге тиесілі"
    assert demand.withdrawn_at is not None and demand.is_final
    term.refresh_from_db()
    assert term.outcome == DeadlineOutcome.NOT_APPLICABLE and not term.is_overdue()
    assert demand.transition_logs.get(transition="withdraw").comment == "IMEI басқа мекемеге тиесілі"
