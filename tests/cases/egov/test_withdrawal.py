"""A complaint registered in error ends lawfully: the provider withdraws it with a required
reason; its forwarding term is closed as not applicable (never "met", never late)."""

from datetime import datetime

import pytest

from cases.egov import rules
from cases.egov.models import Complaint, ComplaintState
from cases.egov.services import complaint_forward, complaint_withdraw
from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.services import TransitionRefused

from .factories import ALMATY, at, make_complaint

URL = "/api/v1/complaints/"
ARRIVED = datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY)
REASON = "Шағым басқа қызмет берушіге жолданған, қателесіп тіркелді."

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(demo):
    with at(17):
        return make_complaint(demo, received_at=ARRIVED)


def test_the_provider_withdraws_a_complaint_registered_in_error(complaint, as_user):
    with at(18):
        response = as_user("provider").post(f"{URL}{complaint.pk}/withdraw/", {"reason": REASON}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "withdrawn" and response.json()["withdrawal_reason"] == REASON
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.WITHDRAWN and complaint.is_final
    assert complaint.withdrawal_reason == REASON
    assert complaint.withdrawn_at == datetime(2026, 11, 18, 12, 0, tzinfo=ALMATY)
    term = Deadline.objects.for_case(complaint).get(rule_code=rules.COMPLAINT_FORWARD.code)
    assert term.outcome == DeadlineOutcome.NOT_APPLICABLE and term.status == "grey" and not term.is_overdue()
    assert not Deadline.objects.for_case(complaint).open().exists()
    assert TransitionLog.objects.get(transition="withdraw").by.username == "provider"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_needs_its_reason(complaint, demo, reason):
    with at(18), pytest.raises(TransitionRefused) as refused:
        complaint_withdraw(case=complaint, actor=demo["users"]["provider"], reason=reason)
    assert refused.value.status == 400 and "reason" in refused.value.errors
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED and complaint.withdrawal_reason == ""
    assert Deadline.objects.for_case(complaint).open().count() == 1


def test_others_cannot_withdraw(complaint, demo, as_user):
    with at(18):
        assert as_user("officer").post(f"{URL}{complaint.pk}/withdraw/", {"reason": REASON}, format="json").status_code == 403
        assert as_user("complaints").post(f"{URL}{complaint.pk}/withdraw/", {"reason": REASON}, format="json").status_code == 404
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED


def test_a_forwarded_complaint_is_no_longer_the_providers_to_withdraw(complaint, demo, as_user):
    with at(18):
        complaint_forward(case=complaint, actor=demo["users"]["provider"], administrative_case="Әкімшілік іс.")
        response = as_user("provider").post(f"{URL}{complaint.pk}/withdraw/", {"reason": REASON}, format="json")
    assert response.status_code == 409
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED and complaint.withdrawal_reason == ""


def test_the_reviewing_body_never_sees_a_withdrawn_complaint(complaint, demo, as_user):
    with at(18):
        complaint_withdraw(case=complaint, actor=demo["users"]["provider"], reason=REASON)
    assert as_user("complaints").get(URL).json()["count"] == 0
    assert Complaint.objects.visible_to(demo["users"]["provider"]).filter(pk=complaint.pk).exists()


def test_withdrawal_through_the_admin_form(complaint, demo, client):
    client.force_login(demo["users"]["provider"])
    url = f"/admin/egov/complaint/{complaint.pk}/transition/withdraw/"
    with at(18):
        change = client.get(f"/admin/egov/complaint/{complaint.pk}/change/").content.decode()
        assert 'data-step="withdraw"' in change
        assert client.get(url).status_code == 200
        empty = client.post(url, {"reason": ""})
        assert empty.status_code == 200 and "reason" in empty.context["transition_form"].errors
        complaint.refresh_from_db()
        assert complaint.state == ComplaintState.REGISTERED
        assert client.post(url, {"reason": REASON}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.WITHDRAWN and complaint.withdrawal_reason == REASON
