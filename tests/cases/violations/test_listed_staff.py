"""Only staff on their body's accepted list enter notifications. Seed 001 p. 5: the state bodies
"… интернет-ресурстар мен сілтемелерді … ақпараттық жүйеге енгізетін қызметкерлердің, оның ішінде
ведомстволық бағынысты ұйымдардың тізімін қалыптастырады және уәкілетті органға жібереді"; p. 8:
the notification is sent "ақпараттық жүйе арқылы". The list names people by their work e-mail:
an account whose e-mail is not on the accepted list of its body (or of the parent body that lists
its subordinate organisations) cannot submit, and the refusal cites p. 5."""

import pytest

from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves, take_step
from cases.violations.conditions import CITE_P5
from cases.violations.models import ViolationReport
from registries.demo import ensure_user
from registries.roles import Role

from .factories import api_for, complete_report, put_on_accepted_list
from .test_api import payload


def new_reporter(demo, organisation_key, username):
    return ensure_user(username, demo["organisations"][organisation_key], Role.STATE_BODY_REPORTER, "Жаңа Қызметкер", "x")


@pytest.mark.django_db
def test_unlisted_account_cannot_submit_and_the_refusal_cites_p5(demo):
    unlisted = new_reporter(demo, "prosecutor", "not_on_the_list")
    report = complete_report(demo, reporter="prosecutor_reporter")
    report.reporter = unlisted
    report.save()
    move = {m.name: m for m in moves(report, unlisted)}["submit"]
    assert move.status == MoveStatus.BLOCKED
    assert [u.clause for u in move.unmet] == [CITE_P5]
    with pytest.raises(TransitionRefused) as refused:
        take_step(report, "submit", unlisted)
    assert refused.value.status == 400 and "Қағидалардың 5-тармағы" in str(refused.value)
    assert ViolationReport.objects.get(pk=report.pk).state == "draft"


@pytest.mark.django_db
def test_unlisted_account_is_refused_through_the_api(demo):
    unlisted = new_reporter(demo, "prosecutor", "not_on_the_list")
    api = api_for(unlisted)
    created = api.post("/api/v1/violation-reports/", payload(), format="json")
    assert created.status_code == 201, created.json()
    response = api.post(f"/api/v1/violation-reports/{created.json()['id']}/submit/", {}, format="json")
    assert response.status_code == 400
    assert "Қағидалардың 5-тармағы" in str(response.json())
    assert ViolationReport.objects.get(pk=created.json()["id"]).state == "draft"


@pytest.mark.django_db
def test_listed_by_work_email_case_insensitive_and_on_the_parents_list(demo):
    """A subordinate organisation's person is listed on its parent body's list ("оның ішінде
    ведомстволық бағынысты ұйымдардың"); the e-mail matches whatever its case."""
    almaty = new_reporter(demo, "police_almaty", "almaty_reporter")
    almaty.email = "A.Omarova@Almaty.mvd.gov.kz"
    almaty.save()
    report = complete_report(demo, reporter="police_reporter")
    ViolationReport.objects.filter(pk=report.pk).update(reporter=almaty, organisation=demo["organisations"]["police_almaty"])
    report.refresh_from_db()
    with pytest.raises(TransitionRefused):
        take_step(report, "submit", almaty)
    put_on_accepted_list(demo["organisations"]["police"], almaty)  # stored upper-case
    take_step(report, "submit", almaty)
    assert ViolationReport.objects.get(pk=report.pk).state == "submitted"


@pytest.mark.django_db
def test_a_list_not_yet_accepted_does_not_count(demo):
    from registries.stafflists.models import StaffList

    StaffList.objects.filter(organisation=demo["organisations"]["prosecutor"]).update(state="submitted")
    report = complete_report(demo)
    with pytest.raises(TransitionRefused):
        take_step(report, "submit", demo["users"]["prosecutor_reporter"])
