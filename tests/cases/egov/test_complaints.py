"""Complaints (seed 002 p. 10): registered with the provider → satisfied within 3 working days of
arrival, or forwarded with the administrative case → decided within 5 / 15 working days of
registration, with reasons and the letter s002-complaint-decision."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.egov import rules
from cases.egov.models import Complaint, ComplaintState
from cases.models import Deadline, TransitionLog
from forms_kz.models import OutgoingLetter

from .conftest import api_client
from .factories import IIN, ServiceRequestFactory, make_complaint, make_provider, make_user

ALMATY = ZoneInfo("Asia/Almaty")
URL = "/api/v1/complaints/"
ARRIVED = datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY)  # Monday

pytestmark = pytest.mark.django_db


def at(day, hour=12):
    return time_machine.travel(datetime(2026, 11, day, hour, 0, tzinfo=ALMATY), tick=False)


@pytest.fixture
def complaint(demo):
    with at(17):
        return make_complaint(demo, received_at=ARRIVED)


def deadline(complaint, rule):
    return Deadline.objects.for_case(complaint).get(rule_code=rule.code)


def test_registration_opens_the_forwarding_term_from_arrival(complaint, demo):
    assert complaint.state == ComplaintState.REGISTERED
    assert complaint.registration_number.startswith("ШҚ-2026/")
    term = deadline(complaint, rules.COMPLAINT_FORWARD)
    assert term.start == ARRIVED
    assert term.due.astimezone(ALMATY).date().isoformat() == "2026-11-19"  # Tue, Wed, Thu
    assert term.awaiting_organisation == demo["organisations"]["gov_for_citizens"]
    assert "№ 58 бұйрықпен бекітілген Қағидалардың 10-тармағының" in term.citation


def test_reviewing_body_does_not_see_a_complaint_before_it_is_forwarded(complaint, as_user):
    client = as_user("complaints")
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{complaint.pk}/").status_code == 404


def test_provider_satisfies_within_three_working_days(complaint, as_user):
    with at(19, 17):
        response = as_user("provider").post(f"{URL}{complaint.pk}/satisfy/", {"resolution": "Нөмір қосылды."}, format="json")
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.SATISFIED and complaint.resolution == "Нөмір қосылды."
    assert deadline(complaint, rules.COMPLAINT_FORWARD).met_at is not None
    assert not Deadline.objects.for_case(complaint).filter(rule_code__startswith="s002.complaint_review").exists()
    assert TransitionLog.objects.filter(transition="satisfy").count() == 1
    # never forwarded, so the reviewing body never sees it
    assert as_user("complaints").get(URL).json()["count"] == 0


def test_satisfying_after_three_working_days_is_refused(complaint, as_user):
    with at(20):
        response = as_user("provider").post(f"{URL}{complaint.pk}/satisfy/", {"resolution": "Кеш."}, format="json")
    assert response.status_code == 400
    assert "3" in response.json()["errors"][0]
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED and complaint.resolution == ""


def test_forwarding_to_the_higher_body_opens_its_review_term_from_the_providers_registration(demo, as_user):
    """p. 10 para 5: "… шағымы … оны тіркеген күннен бастап 5 (бес) жұмыс күні ішінде қаралуға жатады"."""
    with at(17):
        complaint = make_complaint(demo, body="complaint_body", received_at=ARRIVED)
    with at(18):
        response = as_user("provider").post(f"{URL}{complaint.pk}/forward/",
                                            {"administrative_case": "Сұрау салу № KZ-EGOV-1, бас тарту хаты."}, format="json")
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED
    assert deadline(complaint, rules.COMPLAINT_FORWARD).met_at is not None
    review = deadline(complaint, rules.COMPLAINT_REVIEW_PROVIDER_SIDE)
    assert review.start == complaint.registered_at
    assert review.due.astimezone(ALMATY).date().isoformat() == "2026-11-23"
    assert review.awaiting_organisation == demo["organisations"]["complaint_body"]
    assert as_user("complaints").get(URL).json()["count"] == 1


def test_forwarding_to_the_quality_authority_starts_no_term_before_its_own_registration(demo, as_user):
    """p. 10 para 6: the 15 working days run "оны тіркелген күннен бастап" — from the
    authority's registration, unknown while the complaint is on its way: no term is shown running."""
    with at(17):
        complaint = make_complaint(demo, body="quality_body", received_at=ARRIVED)
    with at(18):
        response = as_user("provider").post(f"{URL}{complaint.pk}/forward/",
                                            {"administrative_case": "Сұрау салу № KZ-EGOV-1, бас тарту хаты."}, format="json")
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED
    assert not Deadline.objects.for_case(complaint).filter(rule_code=rules.COMPLAINT_REVIEW_QUALITY_BODY.code).exists()
    assert as_user("quality").get(URL).json()["count"] == 1


def test_forwarding_needs_the_administrative_case(complaint, as_user):
    with at(18):
        response = as_user("provider").post(f"{URL}{complaint.pk}/forward/", {"administrative_case": ""}, format="json")
    assert response.status_code == 400 and "administrative_case" in response.json()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED


def forwarded(demo, body="complaint_body"):
    with at(17):
        complaint = make_complaint(demo, body=body, received_at=ARRIVED,
                                   service_request=ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"],
                                                                         created_by=demo["users"]["provider"],
                                                                         result="refused", refusal_ground="no_consent",
                                                                         refusal_reasons="Келісім берілмеген."))
    with at(18):
        from cases.egov.services import complaint_forward

        complaint_forward(case=complaint, actor=demo["users"]["provider"], administrative_case="Әкімшілік іс.")
    return complaint


def test_reviewing_body_upholds_with_reasons_and_the_letter_is_issued(demo, as_user):
    complaint = forwarded(demo)
    with at(20):
        response = as_user("complaints").post(f"{URL}{complaint.pk}/uphold/", {
            "reasons": "Келісім 2026 жылғы 12 қарашада берілген болатын.", "measures": "Нөмір қосылды.",
        }, format="json")
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.UPHELD and complaint.decided_at
    assert deadline(complaint, rules.COMPLAINT_REVIEW_PROVIDER_SIDE).met_at is not None
    letter = OutgoingLetter.objects.for_case(complaint).get()
    assert letter.form_code == "s002-complaint-decision" and letter.register_number and letter.sha256
    assert letter.organisation == demo["organisations"]["complaint_body"]
    assert letter.data["decision"] == "satisfied" and letter.data["reviewing_body"] == "provider"


def test_quality_body_dismisses_its_complaint(demo, as_user):
    complaint = forwarded(demo, body="quality_body")
    with at(19):
        response = as_user("quality").post(f"{URL}{complaint.pk}/register-at-authority/",
                                           {"registration_number": "СБ-2026/118"}, format="json")
    assert response.status_code == 200, response.json()
    with at(25):
        response = as_user("quality").post(f"{URL}{complaint.pk}/dismiss/", {"reasons": "Негіз жоқ."}, format="json")
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.DISMISSED
    letter = OutgoingLetter.objects.for_case(complaint).get()
    assert letter.data["decision"] == "rejected" and letter.data["reviewing_body"] == "quality_body"


def test_a_decision_needs_reasons(demo, as_user):
    complaint = forwarded(demo)
    response = as_user("complaints").post(f"{URL}{complaint.pk}/dismiss/", {"reasons": ""}, format="json")
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED
    assert not OutgoingLetter.objects.for_case(complaint).exists()


def test_wrong_roles_are_refused(demo, as_user):
    complaint = forwarded(demo)
    # the provider may not decide; the other reviewing body does not even see it
    assert as_user("provider").post(f"{URL}{complaint.pk}/uphold/", {"reasons": "x"}, format="json").status_code == 403
    assert as_user("quality").post(f"{URL}{complaint.pk}/dismiss/", {"reasons": "x"}, format="json").status_code == 404
    # the reviewing body may not take the provider's step (state is already forwarded too)
    assert as_user("complaints").post(f"{URL}{complaint.pk}/satisfy/", {"resolution": "x"}, format="json").status_code in (403, 409)
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED


def test_reviewing_body_cannot_forward(complaint, demo, as_user):
    with at(18):
        from cases.egov.services import complaint_forward
        from cases.services import TransitionRefused

        with pytest.raises(TransitionRefused) as refused:
            complaint_forward(case=complaint, actor=demo["users"]["complaints"], administrative_case="x")
    assert refused.value.status == 403


@pytest.mark.parametrize("username", ["prosecutor_manager", "police_reporter", "kcell", "sts", "imei_db", "penitentiary"])
def test_others_see_no_complaint(demo, as_user, username):
    complaint = forwarded(demo)
    client = as_user(username)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{complaint.pk}/").status_code == 404
    assert client.post(f"{URL}{complaint.pk}/dismiss/", {"reasons": "x"}, format="json").status_code == 404


def test_other_provider_sees_no_complaint(complaint):
    other = api_client(make_user("other_provider_staff", make_provider(), "service_provider"))
    assert other.get(URL).json()["count"] == 0
    assert other.post(f"{URL}{complaint.pk}/forward/", {"administrative_case": "x"}, format="json").status_code == 404


def complaint_payload(demo, **overrides):
    payload = {
        "reviewing_body": demo["organisations"]["complaint_body"].pk,
        "complainant_name": "Нұрланова Айгерім Серікқызы",
        "complainant_iin": IIN,
        "complainant_phone": "8 701 123 56 78",
        "subject": "Бас тарту негізсіз.",
        "received_at": "2026-11-16T10:00:00+05:00",
    }
    payload.update(overrides)
    return payload


def test_provider_registers_a_complaint_through_the_api(demo, as_user):
    with at(17):
        response = as_user("provider").post(URL, complaint_payload(demo), format="json")
    assert response.status_code == 201, response.json()
    complaint = Complaint.objects.get()
    assert complaint.complainant_phone == "+77011235678"
    assert complaint.created_by == demo["users"]["provider"]
    assert Deadline.objects.for_case(complaint).count() == 1


@pytest.mark.parametrize(("overrides", "field"), [
    ({"complainant_iin": "900101300035"}, "complainant_iin"),
    ({"complainant_phone": "+7 727 254 5000"}, "complainant_phone"),
    ({"received_at": "2026-12-01T10:00:00+05:00"}, "received_at"),  # in the future
    ({"reviewing_body": None}, "reviewing_body"),
])
def test_bad_complaints_are_refused(demo, as_user, overrides, field):
    with at(17):
        response = as_user("provider").post(URL, complaint_payload(demo, **overrides), format="json")
    assert response.status_code == 400 and field in response.json()
    assert Complaint.objects.count() == 0


def test_complaint_cannot_link_another_providers_request(demo, as_user):
    other = ServiceRequestFactory(provider=make_provider(), created_by=demo["users"]["provider"])
    with at(17):
        response = as_user("provider").post(URL, complaint_payload(demo, service_request=other.pk), format="json")
    assert response.status_code == 400 and "service_request" in response.json()


def test_only_the_provider_registers_complaints(demo, as_user):
    for username in ("complaints", "quality", "officer", "prosecutor_manager"):
        with at(17):
            assert as_user(username).post(URL, complaint_payload(demo), format="json").status_code == 403
    assert Complaint.objects.count() == 0
