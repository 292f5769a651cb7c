"""The 10-minute service term (standard row 3), the admin (masking, filters, access log, complaint
registration and steps) and the refusal letter."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.egov.models import Complaint, ComplaintState, PersonalDataAccess, ServiceRequest
from cases.egov.privacy import mask_iin, mask_phone
from cases.egov.selectors import daily_share_within_term
from forms_kz.models import OutgoingLetter

from .conftest import request_payload
from .factories import IIN, ServiceRequestFactory, make_complaint

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def test_masks():
    assert mask_iin("900101300034") == "9001******34"
    assert mask_phone("+77011235678") == "+7701***5678"
    assert mask_iin("") == "" and mask_phone("") == ""


def make(demo, submitted, minutes, **extra):
    return ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"],
                                 submitted_at=submitted, otp_at=submitted, eds_signed_at=submitted,
                                 completed_at=submitted + timedelta(minutes=minutes), **extra)


def test_duration_and_over_term_flag(demo):
    start = datetime(2026, 11, 23, 10, 0, tzinfo=ALMATY)
    exactly = make(demo, start, 10)
    late = make(demo, start, 10, )
    late.completed_at = start + timedelta(minutes=10, seconds=1)
    late.save()
    assert exactly.duration == timedelta(minutes=10) and exactly.within_term
    assert not late.within_term and late.over_term
    assert set(ServiceRequest.objects.over_term()) == {late}


def test_daily_share_within_term_counts_the_local_day(demo):
    day = date(2026, 11, 23)
    for minutes in (2, 5, 9, 12):
        make(demo, datetime(2026, 11, 23, 0, 30, tzinfo=ALMATY), minutes)  # 19:30 UTC the day before
    make(demo, datetime(2026, 11, 22, 23, 50, tzinfo=ALMATY), 1)  # another local day
    figures = daily_share_within_term(day)
    assert (figures.total, figures.within_term, figures.over_term) == (4, 3, 1)
    assert figures.share == 0.75
    assert daily_share_within_term(date(2026, 1, 1)).share is None


def test_daily_share_api_is_scoped(demo, as_user):
    make(demo, datetime(2026, 11, 23, 12, 0, tzinfo=ALMATY), 20)
    assert as_user("provider").get("/api/v1/service-requests/daily-share/", {"day": "2026-11-23"}).json()["over_term"] == 1
    assert as_user("kcell").get("/api/v1/service-requests/daily-share/", {"day": "2026-11-23"}).json()["total"] == 0


def test_admin_changelist_filter_and_masking(demo, client):
    make(demo, datetime(2026, 11, 23, 12, 0, tzinfo=ALMATY), 3, request_number="IN-TERM")
    make(demo, datetime(2026, 11, 23, 12, 0, tzinfo=ALMATY), 30, request_number="OVER-TERM")
    url = "/admin/egov/servicerequest/"
    client.force_login(demo["users"]["officer"])
    page = client.get(url, {"term": "over"}).content.decode()
    assert "OVER-TERM" in page and "IN-TERM" not in page
    assert mask_iin(IIN) in page and IIN not in page
    client.force_login(demo["users"]["provider"])
    page = client.get(url).content.decode()
    assert IIN in page and "+77011235678" in page
    assert PersonalDataAccess.objects.count() == 0


@pytest.mark.parametrize("username", ["prosecutor_manager", "kcell", "complaints", "quality"])
def test_admin_denies_others(demo, client, username):
    request = make(demo, datetime(2026, 11, 23, 12, 0, tzinfo=ALMATY), 3)
    client.force_login(demo["users"][username])
    assert client.get("/admin/egov/servicerequest/").status_code == 403
    assert client.get(f"/admin/egov/servicerequest/{request.pk}/change/").status_code in (302, 403, 404)
    assert PersonalDataAccess.objects.count() == 0


def test_admin_change_view_logs_the_access(demo, client):
    request = make(demo, datetime(2026, 11, 23, 12, 0, tzinfo=ALMATY), 3)
    client.force_login(demo["users"]["officer"])
    response = client.get(f"/admin/egov/servicerequest/{request.pk}/change/")
    assert response.status_code == 200 and IIN in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.record, access.via) == (demo["users"]["officer"], request, "admin")


def test_access_log_is_readable_by_the_supervisor_only(demo, client):
    client.force_login(demo["users"]["supervisor"])
    assert client.get("/admin/egov/personaldataaccess/").status_code == 200
    client.force_login(demo["users"]["provider"])
    assert client.get("/admin/egov/personaldataaccess/").status_code == 403


def test_reasoned_refusal_issues_the_letter(portal):
    payload = request_payload(result="refused", refusal_ground="registry_mismatch",
                              refusal_reasons="Жеке куәлік нөмірі дерекқорға сәйкес келмейді.")
    response = portal.post("/api/v1/service-requests/", payload, format="json")
    assert response.status_code == 201, response.json()
    request = ServiceRequest.objects.get()
    letter = OutgoingLetter.objects.for_case(request).get()
    assert letter.form_code == "s002-refusal" and letter.register_number and letter.pdf
    assert letter.data["ground"] == "registry_mismatch" and letter.data["applicant_iin"] == IIN
    assert response.json()["letters"][0]["register_number"] == letter.register_number


def test_admin_complaint_registration_and_steps(demo, client):
    client.force_login(demo["users"]["provider"])
    with time_machine.travel(datetime(2026, 11, 17, 12, 0, tzinfo=ALMATY), tick=False):
        response = client.post("/admin/egov/complaint/add/", {
            "reviewing_body": demo["organisations"]["quality_body"].pk,
            "complainant_name": "Нұрланова Айгерім Серікқызы",
            "complainant_iin": IIN,
            "complainant_phone": "+77011235678",
            "subject": "Бас тарту негізсіз.",
            "received_at_0": "2026-11-16", "received_at_1": "10:00:00",
        })
        assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
        complaint = Complaint.objects.get()
        assert complaint.provider == demo["organisations"]["gov_for_citizens"] and complaint.deadlines.count() == 1
        change = client.get(f"/admin/egov/complaint/{complaint.pk}/change/")
        assert change.status_code == 200 and "forward" in change.content.decode()
        form_url = f"/admin/egov/complaint/{complaint.pk}/transition/forward/"
        assert client.post(form_url, {"administrative_case": "Әкімшілік іс."}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED
    # the quality body sees it masked in its list, full (and logged) on the record
    client.force_login(demo["users"]["quality"])
    page = client.get("/admin/egov/complaint/").content.decode()
    assert mask_iin(IIN) in page and IIN not in page
    assert IIN in client.get(f"/admin/egov/complaint/{complaint.pk}/change/").content.decode()
    assert PersonalDataAccess.objects.filter(user=demo["users"]["quality"]).count() == 1


def test_admin_complaint_bad_input_saves_nothing(demo, client):
    client.force_login(demo["users"]["provider"])
    response = client.post("/admin/egov/complaint/add/", {
        "reviewing_body": demo["organisations"]["complaint_body"].pk, "complainant_name": "X",
        "complainant_iin": "900101300035", "subject": "x", "received_at_0": "2026-11-16", "received_at_1": "10:00:00",
    })
    assert response.status_code == 200 and "complainant_iin" in response.context["adminform"].form.errors
    assert Complaint.objects.count() == 0


def test_linked_request_shown_in_full_to_the_reviewing_body(demo, as_user):
    request = make(demo, datetime(2026, 11, 16, 9, 0, tzinfo=ALMATY), 3, phone="+77025554433")
    with time_machine.travel(datetime(2026, 11, 17, 12, 0, tzinfo=ALMATY), tick=False):
        complaint = make_complaint(demo, received_at=datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY), service_request=request)
        from cases.egov.services import complaint_forward

        complaint_forward(case=complaint, actor=demo["users"]["provider"], administrative_case="Әкімшілік іс.")
    client = as_user("complaints")
    listed = client.get("/api/v1/complaints/").json()["results"][0]
    assert listed["linked_request"]["phone"] == "+7702***4433"
    full = client.get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert full["linked_request"]["phone"] == "+77025554433" and full["complainant_iin"] == IIN
    assert PersonalDataAccess.objects.filter(user=demo["users"]["complaints"], object_id=complaint.pk).count() == 1
    # the body still cannot open the request itself
    assert client.get(f"/api/v1/service-requests/{request.pk}/").status_code == 404


def test_demo_loads_idempotently(demo):
    from cases.egov import demo as egov_demo

    egov_demo.load(demo)
    egov_demo.load(demo)
    assert ServiceRequest.objects.count() == 7
    assert ServiceRequest.objects.over_term().count() == 1
    assert set(Complaint.objects.values_list("state", flat=True)) == {
        "registered", "satisfied", "forwarded", "registered_by_authority", "upheld", "dismissed", "withdrawn"
    }
    assert OutgoingLetter.objects.count() == 4  # the two refusals and the two decisions


def test_openapi_schema_lists_the_endpoints(demo, as_user):
    response = as_user("officer").get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/service-requests/", "/api/v1/service-requests/daily-share/", "/api/v1/complaints/{id}/forward/",
                 "/api/v1/complaints/{id}/satisfy/", "/api/v1/complaints/{id}/uphold/", "/api/v1/complaints/{id}/dismiss/"):
        assert path in paths
