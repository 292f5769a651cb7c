"""API for the state bodies' systems: /api/v1/violation-reports/ (token auth, scoped, atomic)."""

import base64

import pytest
from rest_framework.test import APIClient

from cases.violations.models import Screenshot, ViolationFact, ViolationReport, ViolationType
from registries.security import issue_api_token

from .factories import JPEG, PDF, PNG, WEBP, complete_report

URL = "/api/v1/violation-reports/"


def client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user)[1]}")
    return client


def b64(data):
    return base64.b64encode(data).decode()


def payload(**overrides):
    data = {
        "violation_type": ViolationType.objects.get(code="drugs").pk,
        "legal_act": "«Есірткі, психотроптық заттар… туралы» ҚР Заңы",
        "legal_norm": "15-бап",
        "lawfulness_confirmed": True,
        "facts": [
            {"kind": "url", "value": "HTTPS://Мысал.ҚАЗ/Сатып-алу"},
            {"kind": "ip", "value": "185.12.44.17"},
            {"kind": "imei", "value": "35-693803-564380-9"},
        ],
        "screenshots": [{"name": "a.png", "content": b64(PNG)}, {"name": "b.pdf", "content": b64(PDF)}],
    }
    data.update(overrides)
    return data


def media_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_create_with_facts_and_screenshots_then_submit(demo):
    api = client_for(demo["users"]["prosecutor_reporter"])
    response = api.post(URL, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft"
    assert body["organisation"] == demo["organisations"]["prosecutor"].pk
    assert [f["normalised"] for f in body["facts"]] == ["https://мысал.қаз/сатып-алу", "185.12.44.17", "356938035643809"]
    assert body["facts"][0]["value_ascii"].startswith("https://xn--80awbu3c.xn--80ao21a/")
    assert [s["content_type"] for s in body["screenshot_files"]] == ["image/png", "application/pdf"]
    response = api.post(f"{URL}{body['id']}/submit/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "submitted"
    assert [e["transition"] for e in response.json()["timeline"]] == ["submit"]


@pytest.mark.django_db
@pytest.mark.parametrize("data", [JPEG, WEBP])
def test_jpeg_and_webp_accepted(demo, data):
    api = client_for(demo["users"]["prosecutor_reporter"])
    response = api.post(URL, payload(screenshots=[{"name": "x.bin", "content": b64(data)}]), format="json")
    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"facts": [{"kind": "domain", "value": "ok.kz"}, {"kind": "imei", "value": "356938035643808"}]}, ("facts", 1, "value")),
        ({"facts": [{"kind": "mac", "value": "zz"}]}, ("facts", 0, "value")),
        ({"facts": [{"kind": "colour", "value": "red"}]}, ("facts", 0, "kind")),
        ({"screenshots": [{"name": "a.png", "content": b64(b"GIF89a" + b"\x00" * 40)}]}, ("screenshots", 0, "content")),
        ({"screenshots": [{"name": "a.png", "content": "###"}]}, ("screenshots", 0, "content")),
        ({"screenshots": [{"name": "big.png", "content": b64(PNG + b"\x00" * (10 * 1024 * 1024))}]}, ("screenshots", 0, "content")),
        ({"channel": "letter"}, ("signatory_position",)),
        ({"violation_type": None}, ("violation_type",)),
        ({"legal_norm": ""}, ("legal_norm",)),
    ],
)
def test_invalid_request_creates_nothing_and_names_the_field(demo, settings, overrides, path):
    api = client_for(demo["users"]["prosecutor_reporter"])
    response = api.post(URL, payload(**overrides), format="json")
    assert response.status_code == 400
    errors = response.json()
    for key in path:  # DRF keys list items by their index ("facts": {"1": {"value": [...]}})
        errors = errors[str(key)] if isinstance(errors, dict) else errors[key]
    assert errors and isinstance(errors, list)
    assert ViolationReport.objects.count() == 0
    assert ViolationFact.objects.count() == 0 and Screenshot.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.django_db
def test_fact_error_is_machine_readable_in_english_and_kazakh(demo):
    api = client_for(demo["users"]["prosecutor_reporter"])
    bad = payload(facts=[{"kind": "imei", "value": "356938035643808"}])
    kk = api.post(URL, bad, format="json", HTTP_ACCEPT_LANGUAGE="kk").json()["facts"]["0"]["value"][0]
    en = api.post(URL, bad, format="json", HTTP_ACCEPT_LANGUAGE="en").json()["facts"]["0"]["value"][0]
    assert "Luhn" in en and kk != en


@pytest.mark.django_db
def test_only_state_body_staff_create(demo):
    for username in ("officer", "kcell"):
        response = client_for(demo["users"][username]).post(URL, payload(), format="json")
        assert response.status_code == 403
    assert ViolationReport.objects.count() == 0
    assert APIClient().post(URL, payload(), format="json").status_code == 401


@pytest.mark.django_db
def test_state_body_lists_and_reads_only_its_own(demo):
    own = complete_report(demo)
    other = complete_report(demo, reporter="police_reporter")
    api = client_for(demo["users"]["prosecutor_manager"])
    assert [r["id"] for r in api.get(URL).json()["results"]] == [own.pk]
    assert api.get(f"{URL}{other.pk}/").status_code == 404
    assert api.post(f"{URL}{other.pk}/submit/", {}, format="json").status_code == 404
    assert api.patch(f"{URL}{other.pk}/", {"legal_norm": "x"}, format="json").status_code == 404
    assert ViolationReport.objects.get(pk=other.pk).state == "draft"
    officer = client_for(demo["users"]["officer"])
    assert {r["id"] for r in officer.get(URL).json()["results"]} == {own.pk, other.pk}
    assert [r["id"] for r in officer.get(URL, {"state": "submitted"}).json()["results"]] == []


@pytest.mark.django_db
def test_review_steps_over_api_with_required_grounds(demo):
    report = complete_report(demo)
    reporter = client_for(demo["users"]["prosecutor_reporter"])
    officer = client_for(demo["users"]["officer"])
    assert reporter.post(f"{URL}{report.pk}/submit/", {}, format="json").status_code == 200
    assert reporter.post(f"{URL}{report.pk}/take-into-review/", {}, format="json").status_code == 403
    assert officer.post(f"{URL}{report.pk}/take-into-review/", {}, format="json").status_code == 200
    response = officer.post(f"{URL}{report.pk}/reject/", {}, format="json")
    assert response.status_code == 400 and "grounds" in response.json()
    response = officer.post(f"{URL}{report.pk}/reject/", {"grounds": "Заң бұзушылық жоқ: материал ғылыми мақала."}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert reporter.get(f"{URL}{report.pk}/").json()["rejection_grounds"].startswith("Заң бұзушылық жоқ")
    assert officer.post(f"{URL}{report.pk}/confirm/", {}, format="json").status_code == 409


@pytest.mark.django_db
def test_submit_refusal_lists_what_is_missing(demo):
    api = client_for(demo["users"]["prosecutor_reporter"])
    created = api.post(URL, payload(facts=[], screenshots=[], lawfulness_confirmed=False), format="json").json()
    response = api.post(f"{URL}{created['id']}/submit/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "transition_refused" and len(response.json()["errors"]) == 3


@pytest.mark.django_db
def test_returned_report_completed_by_patch_and_resubmitted(demo):
    report = complete_report(demo)
    reporter = client_for(demo["users"]["prosecutor_reporter"])
    officer = client_for(demo["users"]["officer"])
    reporter.post(f"{URL}{report.pk}/submit/", {}, format="json")
    assert reporter.patch(f"{URL}{report.pk}/", {"legal_norm": "16-бап"}, format="json").status_code == 403
    response = officer.post(f"{URL}{report.pk}/return-for-completion/", {"missing": "IP-мекенжай жоқ"}, format="json")
    assert response.status_code == 200 and response.json()["return_reason"] == "IP-мекенжай жоқ"
    response = reporter.patch(
        f"{URL}{report.pk}/",
        {"facts": [{"kind": "domain", "value": "qazaq-shop.example.kz"}, {"kind": "ip", "value": "185.12.44.17"}],
         "screenshots": [{"name": "c.png", "content": b64(PNG)}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert len(response.json()["facts"]) == 2 and len(response.json()["screenshot_files"]) == 2
    assert reporter.post(f"{URL}{report.pk}/resubmit/", {}, format="json").json()["state"] == "submitted"


@pytest.mark.django_db
def test_screenshot_served_only_to_who_may_see_the_report(demo):
    report = complete_report(demo)
    shot = report.screenshots.get()
    url = shot.file.url
    assert url.startswith("/api/v1/violation-screenshots/") and "media" not in url
    owner = client_for(demo["users"]["prosecutor_reporter"]).get(url)
    assert owner.status_code == 200 and b"".join(owner.streaming_content) == PNG
    assert owner["Content-Type"] == "image/png"
    assert client_for(demo["users"]["officer"]).get(url).status_code == 200
    assert client_for(demo["users"]["police_reporter"]).get(url).status_code == 404
    assert client_for(demo["users"]["kcell"]).get(url).status_code == 404
    assert APIClient().get(url).status_code == 401


@pytest.mark.django_db
def test_schema_describes_the_endpoints(demo):
    """Generated from this app's routes (as /api/v1/schema/ does for every app's)."""
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator(patterns=[path("api/v1/", include("cases.violations.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    paths = schema["paths"]
    assert "/api/v1/violation-reports/" in paths and "post" in paths["/api/v1/violation-reports/"]
    for step in ("submit", "resubmit", "take-into-review", "return-for-completion", "confirm", "confirm-by-reference",
                 "reject", "order-restriction", "close"):
        assert f"/api/v1/violation-reports/{{id}}/{step}/" in paths
    reject = paths["/api/v1/violation-reports/{id}/reject/"]["post"]
    assert reject["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("RejectInput")
    assert reject["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("ViolationReport")
    schemes = schema["components"]["securitySchemes"].values()
    assert any(s.get("in") == "header" and s.get("name") == "Authorization" for s in schemes)  # the token scheme


@pytest.mark.django_db
def test_docs_page_serves_its_assets_locally(demo, client):
    client.force_login(demo["users"]["officer"])
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


@pytest.mark.django_db
def test_every_step_answers_the_report_in_the_schema(demo):
    """transition_action(..., response_serializer=ViolationReportSerializer): each step's 200 is the
    report (not its input), its refusals the machine-readable refusal."""
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    from cases.steps import state_field

    generator = SchemaGenerator(patterns=[path("api/v1/", include("cases.violations.api_urls"))])
    paths = generator.get_schema(request=None, public=True)["paths"]
    for transition in state_field(ViolationReport).get_all_transitions(ViolationReport):
        operation = paths[f"/api/v1/violation-reports/{{id}}/{transition.name.replace('_', '-')}/"]["post"]
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert answer.endswith("/ViolationReport"), transition.name
        for code in ("400", "403", "409"):
            assert operation["responses"][code]["content"]["application/json"]["schema"]["$ref"].endswith("TransitionRefused")
    submit = paths["/api/v1/violation-reports/{id}/submit/"]["post"]
    assert submit["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("RecordedAfterwardsInput")


@pytest.mark.django_db
def test_report_shows_its_timeline_from_the_shared_builder(demo):
    """The report's steps and events (cases.timeline.case_events): who, when, what, the letter."""
    report = complete_report(demo, channel="letter", signatory_position="Бас прокурордың орынбасары",
                             signatory_name="Тұрсынов Марат Қайратұлы")
    reporter = client_for(demo["users"]["prosecutor_reporter"])
    body = reporter.post(f"{URL}{report.pk}/submit/", {"comment": "Хат жіберілді"}, format="json").json()
    step = body["timeline"][0]
    assert (step["transition"], step["source"], step["target"], step["comment"]) == ("submit", "draft", "submitted", "Хат жіберілді")
    assert step["by"] == demo["users"]["prosecutor_reporter"].get_full_name() and step["recorded_afterwards"] is False
    kinds = [event["kind"] for event in body["events"]]
    assert {"created", "transition", "letter"} <= set(kinds)
    listed = reporter.get(URL).json()["results"][0]
    assert "timeline" not in listed and "events" not in listed


@pytest.mark.django_db
def test_fact_error_keeps_its_code(demo):
    from cases.violations.api import FactSerializer

    serializer = FactSerializer(data={"kind": "imei", "value": "356938035643808"})
    assert not serializer.is_valid()
    assert serializer.errors["value"][0].code == "imei_checksum"
