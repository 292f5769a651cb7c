"""API: /api/v1/platform-cases/, /api/v1/traffic-statistics/, /api/v1/throttle-instructions/."""

from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from cases.platforms.models import PlatformCase, PlatformCaseState, ThrottleInstruction, TrafficStatistic
from cases.steps import take_step
from registries.models import RegionalObject
from registries.security import issue_api_token

from .conftest import local, sample_statistics
from .factories import PlatformCaseFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    _record, token = issue_api_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def requested_case(world):
    case = PlatformCaseFactory(organisation=world["committee"], offending_user_data="Жеке деректер: ЖСН 900101300123")
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    take_step(case, "send_notice", world["officer"])
    case.refresh_from_db()
    take_step(case, "request_statistics", world["officer"])
    case.refresh_from_db()
    return case


@pytest.fixture
def frozen():
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        yield traveller


def test_anonymous_is_refused(world):
    for url in ("/api/v1/platform-cases/", "/api/v1/traffic-statistics/", "/api/v1/throttle-instructions/"):
        assert APIClient().get(url).status_code == 401


def test_officer_opens_a_case_and_runs_steps_over_the_api(world, frozen):
    officer = client_for(world["officer"])
    from .factories import OnlinePlatformFactory

    platform = OnlinePlatformFactory()
    response = officer.post(
        "/api/v1/platform-cases/",
        {
            "platform": platform.pk,
            "ground": "no_legal_representative",
            "detection_summary": "Заңды өкілі жоқ",
            "evidence": [{"url": "https://video.example.com/about", "description": "Басты бет"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    case_id = response.json()["id"]
    assert response.json()["organisation"] == world["committee"].pk
    assert response.json()["state"] == "monitoring"
    response = officer.post(f"/api/v1/platform-cases/{case_id}/detect/", {"comment": "API"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "detected"
    assert response.json()["deadlines"][0]["citation"] == "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы"
    response = officer.post(f"/api/v1/platform-cases/{case_id}/send-notice/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["notice_register_number"]
    assert any(e["kind"] == "letter" for e in response.json()["timeline"])


def test_messenger_case_without_complaint_is_refused_by_the_api(world):
    from .factories import MessengerFactory

    response = client_for(world["officer"]).post(
        "/api/v1/platform-cases/",
        {"platform": MessengerFactory().pk, "ground": "prohibited_information"},
        format="json",
    )
    assert response.status_code == 400
    assert "complaint_text" in response.json()
    assert not PlatformCase.objects.exists()


@pytest.mark.parametrize("user", ["sts", "prosecutor", "prosecutor_manager", "kcell"])
def test_only_the_authorised_body_opens_cases(world, user):
    from .factories import OnlinePlatformFactory

    response = client_for(world[user]).post(
        "/api/v1/platform-cases/", {"platform": OnlinePlatformFactory().pk, "ground": "no_legal_representative"}, format="json"
    )
    assert response.status_code == 403
    assert not PlatformCase.objects.exists()


def test_sts_sees_only_cases_addressed_to_it_without_personal_data(world, frozen):
    hidden = PlatformCaseFactory(organisation=world["committee"])
    case = requested_case(world)
    sts = client_for(world["sts"])
    listing = sts.get("/api/v1/platform-cases/").json()
    assert [c["id"] for c in listing["results"]] == [case.pk]
    detail = sts.get(f"/api/v1/platform-cases/{case.pk}/").json()
    assert "offending_user_data" not in detail and "complaint_text" not in detail and "evidence" not in detail
    assert detail["timeline"] == []
    assert sts.get(f"/api/v1/platform-cases/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("user", ["prosecutor", "prosecutor_manager", "kcell"])
def test_state_bodies_and_others_see_nothing(world, frozen, user):
    case = requested_case(world)
    sample_statistics(case, world["sts"], n_regions=1)
    client = client_for(world[user])
    assert client.get("/api/v1/platform-cases/").json()["results"] == []
    assert client.get(f"/api/v1/platform-cases/{case.pk}/").status_code == 404
    assert client.get("/api/v1/traffic-statistics/").json()["results"] == []
    assert client.get("/api/v1/throttle-instructions/").json()["results"] == []
    response = client.post(f"/api/v1/platform-cases/{case.pk}/submit-statistics/", {}, format="json")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.state == PlatformCaseState.STATISTICS_REQUESTED


def rows(*items):
    return [
        {"case": case, "regional_object": region, "period_start": start, "period_end": end, "peak_kbps": peak}
        for case, region, start, end, peak in items
    ]


def test_sts_posts_statistics_in_bulk_and_answers(world, frozen):
    case = requested_case(world)
    sts = client_for(world["sts"])
    astana, almaty = RegionalObject.objects.order_by("code")[:2]
    payload = rows(
        (case.pk, astana.code, "00:00", "06:00", "120000.5"),
        (case.pk, astana.code, "06:00", "00:00", 250000),
        (case.pk, almaty.code, "00:00", "00:00", "999"),
    )
    response = sts.post("/api/v1/traffic-statistics/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert TrafficStatistic.objects.filter(case=case).count() == 3
    response = sts.post(f"/api/v1/platform-cases/{case.pk}/submit-statistics/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "statistics_received"
    # after the answer the request is closed: no more rows
    response = sts.post("/api/v1/traffic-statistics/", rows((case.pk, almaty.code, "01:00", "02:00", 1))[0], format="json")
    assert response.status_code == 400
    assert "8-тармағы" in str(response.json()["case"])


@pytest.mark.parametrize(
    ("row", "field", "code_or_text"),
    [
        ({"regional_object": "atlantis"}, "regional_object", "7-тармағы"),
        ({"peak_kbps": "-5"}, "peak_kbps", "8-тармағы"),
        ({"peak_kbps": "fast"}, "peak_kbps", "8-тармағы"),
        ({"period_start": "25:00"}, "period_start", ""),
        ({"period_start": "05:00", "period_end": "07:00"}, "period_start", "7-тармағы"),  # overlaps 00:00–06:00
    ],
)
def test_bad_statistics_rows_are_refused_and_nothing_is_saved(world, frozen, row, field, code_or_text):
    case = requested_case(world)
    region = RegionalObject.objects.order_by("code").first()
    good = rows((case.pk, region.code, "00:00", "06:00", "100"))[0]
    bad = {**rows((case.pk, region.code, "12:00", "13:00", "100"))[0], **row}
    response = client_for(world["sts"]).post("/api/v1/traffic-statistics/", [good, bad], format="json")
    assert response.status_code == 400
    errors = response.json()
    assert isinstance(errors, list), errors
    assert errors[0] == {}
    assert field in errors[1]
    assert code_or_text in str(errors[1][field])
    assert not TrafficStatistic.objects.exists()


def test_sts_may_not_post_statistics_for_a_case_not_addressed_to_it(world, frozen):
    other = PlatformCaseFactory(organisation=world["committee"])
    region = RegionalObject.objects.first()
    response = client_for(world["sts"]).post(
        "/api/v1/traffic-statistics/", rows((other.pk, region.code, "00:00", "06:00", "1"))[0], format="json"
    )
    assert response.status_code == 400
    assert "case" in response.json()
    assert not TrafficStatistic.objects.exists()


def test_state_body_may_not_post_statistics(world, frozen):
    case = requested_case(world)
    region = RegionalObject.objects.first()
    response = client_for(world["prosecutor"]).post(
        "/api/v1/traffic-statistics/", rows((case.pk, region.code, "00:00", "06:00", "1"))[0], format="json"
    )
    assert response.status_code == 403
    assert not TrafficStatistic.objects.exists()


def test_throttle_instruction_api_matches_the_pdf_data(world, frozen):
    case = requested_case(world)
    sample_statistics(case, world["sts"])
    take_step(case, "submit_statistics", world["sts"])
    case.refresh_from_db()
    officer = client_for(world["officer"])
    response = officer.post(f"/api/v1/platform-cases/{case.pk}/issue-throttle-instruction/", {"level": 90}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "transition_refused" and "9-тармағы" in response.json()["errors"][0]
    assert not ThrottleInstruction.objects.exists()
    response = officer.post(f"/api/v1/platform-cases/{case.pk}/issue-throttle-instruction/", {}, format="json")
    assert response.status_code == 200, response.json()

    sts = client_for(world["sts"])
    listing = sts.get("/api/v1/throttle-instructions/").json()["results"]
    assert len(listing) == 1
    instruction = listing[0]
    assert instruction["level"] == 10 and "/api/v1/letters/" in instruction["letter_pdf"]
    from forms_kz.models import OutgoingLetter

    letter = OutgoingLetter.objects.get(pk=ThrottleInstruction.objects.get().letter_id)
    api_rows = [(r["regional_object_name"], r["limit_kbps"]) for r in instruction["rows"]]
    pdf_rows = [(r["regional_object"], r["limit_kbps"]) for r in letter.data["limits"]]
    assert api_rows == pdf_rows
    for r in instruction["rows"]:
        assert r["limit_kbps"] == int(Decimal(r["peak_kbps"]) * Decimal("0.9"))

    response = sts.post(
        f"/api/v1/platform-cases/{case.pk}/report-execution/", {"report": "Орындалды, 12 жол"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert sts.get("/api/v1/throttle-instructions/").json()["results"][0]["executed_at"]
    assert client_for(world["prosecutor"]).get(f"/api/v1/throttle-instructions/{instruction['id']}/").status_code == 404


def test_openapi_schema_lists_the_endpoints(world):
    """The schema of this app's endpoints (generated alone, so another app's schema bug cannot hide ours)."""
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=[path("api/v1/", include("cases.platforms.api_urls"))]).get_schema(request=None, public=True)
    paths = schema["paths"]
    for name in (
        "/api/v1/platform-cases/",
        "/api/v1/platform-cases/{id}/issue-throttle-instruction/",
        "/api/v1/platform-cases/{id}/submit-statistics/",
        "/api/v1/traffic-statistics/",
        "/api/v1/throttle-instructions/",
    ):
        assert name in paths, sorted(paths)
    assert "post" in paths["/api/v1/platform-cases/{id}/escalate-throttling/"]


def test_openapi_documents_each_steps_real_answer(world):
    """Every step action answers the case (not its input) and documents its refusals."""
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=[path("api/v1/", include("cases.platforms.api_urls"))]).get_schema(request=None, public=True)
    steps = [p for p in schema["paths"] if p.startswith("/api/v1/platform-cases/{id}/") and p != "/api/v1/platform-cases/{id}/"]
    assert "/api/v1/platform-cases/{id}/withdraw/" in steps
    for step_path in steps:
        responses = schema["paths"][step_path]["post"]["responses"]
        assert responses["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/PlatformCase"), step_path
        assert {"400", "403", "404", "409"} <= set(responses), step_path


def test_the_case_list_costs_the_same_queries_for_more_cases(world):
    """The list reads deadlines for all its cases at once and leaves the timeline to the case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.platforms import rules
    from cases.services import open_deadline

    officer = client_for(world["officer"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = officer.get("/api/v1/platform-cases/")
        assert response.status_code == 200
        assert all("timeline" not in case for case in response.json()["results"])
        # reads only: the activity stamp (seed 001 p. 6) is written at most once an hour
        return sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))

    for _ in range(2):
        case = PlatformCaseFactory(organisation=world["committee"])
        open_deadline(case, rules.NOTICE, awaiting=world["committee"])
    few = count()
    for _ in range(5):
        case = PlatformCaseFactory(organisation=world["committee"])
        open_deadline(case, rules.NOTICE, awaiting=world["committee"])
    assert count() == few
