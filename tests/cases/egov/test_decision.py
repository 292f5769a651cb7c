"""The reviewing body's decision (seed 002 p. 10): a document with reasons and a signatory; a
decision the letter cannot carry is blocked and says why, through the service, the API and the
admin alike, and changes nothing."""

from datetime import datetime

import pytest

from cases.egov import rules
from cases.egov.models import ComplaintState
from cases.egov.services import complaint_dismiss, complaint_forward, complaint_uphold
from cases.models import Deadline, DeadlineOutcome
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves
from forms_kz.models import OutgoingLetter

from .factories import ALMATY, at, make_complaint

URL = "/api/v1/complaints/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(demo):
    with at(17):
        complaint = make_complaint(demo, received_at=datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY))
    with at(18):
        complaint_forward(case=complaint, actor=demo["users"]["provider"], administrative_case="Әкімшілік іс.")
    return complaint


def test_uphold_meets_the_review_term_and_issues_the_letter_in_one_step(forwarded, demo):
    with at(20):
        complaint_uphold(case=forwarded, actor=demo["users"]["complaints"], reasons="Келісім берілген.", partially=True)
    forwarded.refresh_from_db()
    assert forwarded.state == ComplaintState.UPHELD and forwarded.partially
    review = Deadline.objects.for_case(forwarded).get(rule_code=rules.COMPLAINT_REVIEW_PROVIDER_SIDE.code)
    assert review.outcome == DeadlineOutcome.MET and review.met_at == forwarded.decided_at
    letter = OutgoingLetter.objects.for_case(forwarded).get()
    assert letter.data["decision"] == "partially_satisfied" and letter.data["reasoning"] == "Келісім берілген."
    assert letter.data["signatory_name"] == demo["organisations"]["complaint_body"].head_name


@pytest.mark.parametrize("step", [complaint_uphold, complaint_dismiss])
def test_a_decision_without_reasons_is_refused_and_changes_nothing(forwarded, demo, step):
    with at(20), pytest.raises(TransitionRefused) as refused:
        step(case=forwarded, actor=demo["users"]["complaints"], reasons="  ")
    assert refused.value.status == 400 and "reasons" in refused.value.errors
    forwarded.refresh_from_db()
    assert forwarded.state == ComplaintState.FORWARDED and forwarded.decision_reasons == ""
    assert not OutgoingLetter.objects.for_case(forwarded).exists()


def test_a_decision_is_blocked_while_the_reviewing_body_has_no_signatory(forwarded, demo, as_user, client):
    body = demo["organisations"]["complaint_body"]
    body.head_name = ""
    body.save()
    forwarded.refresh_from_db()
    reviewer = demo["users"]["complaints"]
    judged = {move.name: move for move in moves(forwarded, reviewer)}
    for name in ("uphold", "dismiss"):
        assert judged[name].status == MoveStatus.BLOCKED
        assert "Қағидалардың 10-тармағ" in str(judged[name].unmet[0])
    with at(20):
        response = as_user("complaints").post(f"{URL}{forwarded.pk}/dismiss/", {"reasons": "Негіз жоқ."}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "transition_refused"
    client.force_login(reviewer)
    with at(20):
        page = client.post(f"/admin/egov/complaint/{forwarded.pk}/transition/uphold/", {"reasons": "Негіз бар."})
    assert page.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.state == ComplaintState.FORWARDED
    assert not OutgoingLetter.objects.for_case(forwarded).exists()


def test_forged_steps_are_refused_through_the_admin_url(forwarded, demo, client):
    """The provider may not decide (403 in the service; back to the case with the reason in the admin)."""
    client.force_login(demo["users"]["provider"])
    with at(20):
        response = client.post(f"/admin/egov/complaint/{forwarded.pk}/transition/dismiss/", {"reasons": "x"})
        assert response.status_code == 302
        with pytest.raises(TransitionRefused) as refused:
            complaint_dismiss(case=forwarded, actor=demo["users"]["provider"], reasons="x")
    assert refused.value.status == 403
    client.force_login(demo["users"]["quality"])
    assert client.post(f"/admin/egov/complaint/{forwarded.pk}/transition/dismiss/", {"reasons": "x"}).status_code in (302, 404)
    forwarded.refresh_from_db()
    assert forwarded.state == ComplaintState.FORWARDED


def test_complaint_api_answers_with_the_shared_deadline_serializer_and_documents_each_step(forwarded, as_user):
    row = as_user("complaints").get(f"{URL}{forwarded.pk}/").json()
    assert {"outcome", "awaiting_organisation", "overdue"} <= set(row["deadlines"][0])
    schema = as_user("officer").get("/api/v1/schema/", {"format": "json"}).json()
    for step in ("satisfy", "forward", "uphold", "dismiss", "withdraw"):
        responses = schema["paths"][f"/api/v1/complaints/{{id}}/{step}/"]["post"]["responses"]
        assert responses["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Complaint"), step
        assert {"400", "403", "409"} <= set(responses), step
    forward_input = schema["paths"]["/api/v1/complaints/{id}/forward/"]["post"]["requestBody"]
    assert "occurred_at" in str(schema["components"]["schemas"]) and forward_input


def test_the_letters_panel_names_the_form_by_its_title(forwarded, demo, client):
    with at(20):
        complaint_uphold(case=forwarded, actor=demo["users"]["complaints"], reasons="Келісім берілген.")
    letter = OutgoingLetter.objects.for_case(forwarded).get()
    client.force_login(demo["users"]["complaints"])
    page = client.get(f"/admin/egov/complaint/{forwarded.pk}/change/").content.decode()
    assert letter.register_number in page and "Шағымды қарау нәтижесі бойынша шешім" in page
