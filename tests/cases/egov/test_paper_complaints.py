"""Complaints that arrive by post and steps taken on paper (seed 002 p. 10): the official enters
the real time of arrival, registration and forwarding afterwards, and every term of p. 10 runs
from the real time (3 working days from arrival; 5 / 15 working days from registration)."""

from datetime import date, datetime

import pytest

from cases.egov import rules
from cases.egov.models import Complaint, ComplaintState
from cases.egov.services import complaint_forward, complaint_satisfy
from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves
from registries.models import LegalAct

from .factories import ALMATY, IIN, at, make_complaint

URL = "/api/v1/complaints/"
ARRIVED = datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY)  # Monday, by post
REGISTERED = datetime(2026, 11, 16, 11, 30, tzinfo=ALMATY)

pytestmark = pytest.mark.django_db


def payload(demo, **overrides):
    data = {
        "reviewing_body": demo["organisations"]["complaint_body"].pk,
        "complainant_name": "Нұрланова Айгерім Серікқызы",
        "complainant_iin": IIN,
        "subject": "Бас тарту негізсіз.",
        "received_at": ARRIVED.isoformat(),
    }
    data.update(overrides)
    return data


def term(complaint, rule):
    return Deadline.objects.for_case(complaint).get(rule_code=rule.code)


def test_a_paper_registration_is_entered_with_its_real_time(demo, as_user):
    with at(20):  # Friday: entered four days after it arrived and was registered on paper
        response = as_user("provider").post(URL, payload(demo, registered_at=REGISTERED.isoformat()), format="json")
    assert response.status_code == 201, response.json()
    complaint = Complaint.objects.get()
    assert complaint.registered_at == REGISTERED and complaint.registered_afterwards
    assert response.json()["registered_afterwards"] is True
    forwarding = term(complaint, rules.COMPLAINT_FORWARD)
    assert forwarding.start == ARRIVED
    assert forwarding.due.astimezone(ALMATY).date() == date(2026, 11, 19)


def test_registration_without_a_time_is_now_and_not_afterwards(demo, as_user):
    with at(17):
        response = as_user("provider").post(URL, payload(demo), format="json")
    assert response.status_code == 201, response.json()
    complaint = Complaint.objects.get()
    assert complaint.registered_at == datetime(2026, 11, 17, 12, 0, tzinfo=ALMATY)
    assert not complaint.registered_afterwards


@pytest.mark.parametrize(("overrides", "field"), [
    ({"registered_at": "2026-11-18T09:00:00+05:00"}, "registered_at"),  # in the future
    ({"registered_at": "2026-11-16T09:00:00+05:00"}, "registered_at"),  # before it arrived
    ({"received_at": "2026-11-17T12:30:00+05:00"}, "received_at"),  # in the future
])
def test_impossible_times_are_refused(demo, as_user, overrides, field):
    with at(17):
        response = as_user("provider").post(URL, payload(demo, **overrides), format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert Complaint.objects.count() == 0


def test_a_complaint_cannot_arrive_before_the_act_is_in_force(demo, as_user):
    LegalAct.objects.filter(code="s002").update(published_on=date(2026, 11, 10))  # in force from 21.11.2026
    with at(25):
        response = as_user("provider").post(URL, payload(demo), format="json")
    assert response.status_code == 400 and "received_at" in response.json(), response.json()
    assert Complaint.objects.count() == 0


def test_no_complaint_is_registered_under_a_repealed_act(demo, as_user):
    LegalAct.objects.filter(code="s002").update(status="repealed", repealed_on=date(2026, 11, 1), repealed_by="№ 1 бұйрық")
    with at(17):
        response = as_user("provider").post(URL, payload(demo), format="json")
    assert response.status_code == 400, response.json()
    assert Complaint.objects.count() == 0


def test_review_term_runs_from_the_real_registration(demo, as_user):
    with at(20):
        as_user("provider").post(URL, payload(demo, registered_at=REGISTERED.isoformat()), format="json")
        complaint = Complaint.objects.get()
        response = as_user("provider").post(f"{URL}{complaint.pk}/forward/", {
            "administrative_case": "Шағым, сұрау салу, бас тарту хаты.", "occurred_at": "2026-11-18T15:00:00+05:00",
        }, format="json")
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    sent = datetime(2026, 11, 18, 15, 0, tzinfo=ALMATY)
    assert complaint.state == ComplaintState.FORWARDED and complaint.forwarded_at == sent
    forwarding = term(complaint, rules.COMPLAINT_FORWARD)
    assert forwarding.met_at == sent and forwarding.outcome == DeadlineOutcome.MET and not forwarding.is_overdue()
    review = term(complaint, rules.COMPLAINT_REVIEW_PROVIDER_SIDE)
    assert review.start == REGISTERED and review.due == rules.COMPLAINT_REVIEW_PROVIDER_SIDE.due(REGISTERED)
    log = TransitionLog.objects.get(transition="forward")
    assert log.at == sent and log.recorded_afterwards and log.by == demo["users"]["provider"]


@pytest.mark.parametrize("occurred_at", [
    datetime(2026, 11, 16, 9, 0, tzinfo=ALMATY),  # before the complaint was registered
    datetime(2026, 11, 21, 9, 0, tzinfo=ALMATY),  # in the future
])
def test_forwarding_cannot_be_dated_impossibly(demo, occurred_at):
    with at(17):
        complaint = make_complaint(demo, received_at=ARRIVED, registered_at=REGISTERED)
    with at(20), pytest.raises(TransitionRefused) as refused:
        complaint_forward(case=complaint, actor=demo["users"]["provider"], administrative_case="Әкімшілік іс.",
                          occurred_at=occurred_at)
    assert refused.value.status == 400 and "occurred_at" in refused.value.errors
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED and complaint.forwarded_at is None
    assert term(complaint, rules.COMPLAINT_FORWARD).met_at is None


def test_a_satisfaction_given_on_paper_in_time_is_entered_after_the_term(demo):
    with at(17):
        complaint = make_complaint(demo, received_at=ARRIVED, registered_at=REGISTERED)
    given = datetime(2026, 11, 18, 16, 0, tzinfo=ALMATY)
    with at(23):
        complaint_satisfy(case=complaint, actor=demo["users"]["provider"], resolution="Нөмір қосылды.", occurred_at=given)
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.SATISFIED and complaint.satisfied_at == given
    assert term(complaint, rules.COMPLAINT_FORWARD).met_at == given


def test_satisfying_after_the_term_stays_refused_and_the_panel_says_why(demo):
    with at(17):
        complaint = make_complaint(demo, received_at=ARRIVED, registered_at=REGISTERED)
    provider = demo["users"]["provider"]
    with at(23):
        judged = {move.name: move for move in moves(complaint, provider)}
        assert judged["satisfy"].status == MoveStatus.BLOCKED
        assert "Қағидалардың 10-тармағ" in str(judged["satisfy"].unmet[0])
        assert judged["forward"].status == MoveStatus.AVAILABLE
        with pytest.raises(TransitionRefused) as refused:
            complaint_satisfy(case=complaint, actor=provider, resolution="Кеш.",
                              occurred_at=datetime(2026, 11, 20, 9, 0, tzinfo=ALMATY))
    assert refused.value.status == 400
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED


def test_the_admin_registers_a_paper_complaint_with_its_registration_time(demo, client):
    client.force_login(demo["users"]["provider"])
    with at(20):
        form = client.get("/admin/egov/complaint/add/").content.decode()
        assert 'name="registered_at_0"' in form
        response = client.post("/admin/egov/complaint/add/", {
            "reviewing_body": demo["organisations"]["quality_body"].pk,
            "complainant_name": "Нұрланова Айгерім Серікқызы",
            "complainant_iin": IIN,
            "subject": "Бас тарту негізсіз.",
            "received_at_0": "2026-11-16", "received_at_1": "10:00:00",
            "registered_at_0": "2026-11-16", "registered_at_1": "11:30:00",
        })
        assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
        future = client.post("/admin/egov/complaint/add/", {
            "reviewing_body": demo["organisations"]["quality_body"].pk, "complainant_name": "X", "complainant_iin": IIN,
            "subject": "x", "received_at_0": "2026-11-16", "received_at_1": "10:00:00",
            "registered_at_0": "2026-11-21", "registered_at_1": "10:00:00",
        })
        assert future.status_code == 200 and "registered_at" in future.context["adminform"].form.errors
    complaint = Complaint.objects.get()
    assert complaint.registered_at == REGISTERED and complaint.registered_afterwards
