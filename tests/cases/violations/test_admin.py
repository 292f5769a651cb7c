"""The admin: reviewer's queue (search, filters, constant queries), state bodies' forms, legal steps."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.steps import take_step
from cases.violations.models import RestrictionOrder, ViolationReport, ViolationType

from .factories import PNG, complete_report

CHANGELIST = reverse("admin:violations_violationreport_changelist")
ADD = reverse("admin:violations_violationreport_add")


def change_url(report):
    return reverse("admin:violations_violationreport_change", args=[report.pk])


def submitted(demo, **kwargs):
    report = complete_report(demo, **kwargs)
    take_step(report, "submit", demo["users"][kwargs.get("reporter", "prosecutor_reporter")])
    return report


def listed(response):
    return [row.pk for row in response.context["cl"].result_list]


@pytest.mark.django_db
def test_queue_oldest_first_and_filters(demo, client):
    first = submitted(demo)
    second = submitted(demo, reporter="police_reporter", violation_type=ViolationType.objects.get(code="extremism"))
    third = submitted(demo)
    take_step(third, "take_into_review", demo["users"]["officer"])
    client.force_login(demo["users"]["officer"])
    assert listed(client.get(CHANGELIST)) == [first.pk, second.pk, third.pk]
    assert listed(client.get(CHANGELIST, {"state__exact": "submitted"})) == [first.pk, second.pk]
    assert listed(client.get(CHANGELIST, {"organisation__id__exact": demo["organisations"]["police"].pk})) == [second.pk]
    assert listed(client.get(CHANGELIST, {"violation_type__id__exact": ViolationType.objects.get(code="extremism").pk})) == [second.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("МЫСАЛ.ҚАЗ", "idn"),
        ("xn--80awbu3c.xn--80ao21a", "idn"),
        ("qazaq-shop.example.kz", "url"),
        ("https://qazaq-shop.example.kz/kaz", "url"),
        ("185.12.44.17", "ip"),
        ("2001:0db8::0001", "ip"),
        ("35-693803-564380-9", "imei"),
        ("3c-5a-b4-01-22-9f", "imei"),
        ("nothing-here.kz", None),
    ],
)
def test_search_by_url_domain_ip_imei(demo, client, term, expected):
    reports = {
        "idn": submitted(demo, facts=(("domain", "мысал.қаз"),)),
        "url": submitted(demo, facts=(("url", "https://qazaq-shop.example.kz/kaz/zakaz"),)),
        "ip": submitted(demo, facts=(("ip", "185.12.44.17"), ("ip", "2001:db8::1"))),
        "imei": submitted(demo, facts=(("imei", "356938035643809"), ("mac", "3C:5A:B4:01:22:9F"))),
    }
    client.force_login(demo["users"]["officer"])
    found = listed(client.get(CHANGELIST, {"q": term}))
    assert found == ([reports[expected].pk] if expected else [])


@pytest.mark.django_db
def test_search_uses_index_friendly_sql(demo, client):
    client.force_login(demo["users"]["officer"])
    with CaptureQueriesContext(connection) as ctx:
        client.get(CHANGELIST, {"q": "example.kz"})
    sql = " ".join(q["sql"] for q in ctx.captured_queries if "violation_fact" in q["sql"])
    assert "LIKE '%" not in sql and "LIKE %s" not in sql.replace("LIKE %s ESCAPE", "")


@pytest.mark.django_db
def test_changelist_query_count_is_constant(demo, client):
    client.force_login(demo["users"]["officer"])
    submitted(demo)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(CHANGELIST, {"state__exact": "submitted"}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(12):
        submitted(demo, reporter="police_reporter")
    assert count() == few


@pytest.mark.django_db
def test_state_body_sees_only_its_own(demo, client):
    own = submitted(demo)
    other = submitted(demo, reporter="police_reporter")
    client.force_login(demo["users"]["prosecutor_manager"])
    assert listed(client.get(CHANGELIST)) == [own.pk]
    assert client.get(change_url(other)).status_code == 302  # the admin's "does not exist" redirect
    assert client.get(change_url(own)).status_code == 200
    client.force_login(demo["users"]["kcell"])
    assert client.get(CHANGELIST).status_code == 403


def add_form(demo, facts, screenshot=PNG, **overrides):
    data = {
        "violation_type": ViolationType.objects.get(code="drugs").pk,
        "legal_act": "«Есірткі… туралы» ҚР Заңы",
        "legal_norm": "15-бап",
        "description": "",
        "channel": "system",
        "addressee": demo["organisations"]["info_committee"].pk,
        "signatory_position": "",
        "signatory_name": "",
        "lawfulness_confirmed": "on",
        "facts-TOTAL_FORMS": str(len(facts)),
        "facts-INITIAL_FORMS": "0",
        "facts-MIN_NUM_FORMS": "0",
        "facts-MAX_NUM_FORMS": "1000",
        "add_screenshots": SimpleUploadedFile("shot.png", screenshot, content_type="image/png"),
    }
    for index, (kind, value) in enumerate(facts):
        data[f"facts-{index}-kind"] = kind
        data[f"facts-{index}-raw_value"] = value
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_admin_add_with_inline_facts_and_screenshot(demo, client):
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.post(ADD, add_form(demo, [("domain", "Мысал.ҚАЗ"), ("imei", "356938035643809")]))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    report = ViolationReport.objects.get()
    assert report.organisation == demo["organisations"]["prosecutor"]
    assert report.reporter == demo["users"]["prosecutor_reporter"]
    assert sorted(report.facts.values_list("value_ascii", flat=True)) == ["356938035643809", "xn--80awbu3c.xn--80ao21a"]
    assert report.screenshots.get().content_type == "image/png"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("facts", "screenshot", "message"),
    [
        ([("imei", "356938035643808")], PNG, "Луна"),
        ([("mac", "00:11")], PNG, "MAC"),
        ([("domain", "bad_domain.kz")], PNG, "bad_domain"),
        ([("domain", "ok.kz")], b"GIF89a" + b"\x00" * 30, "PNG"),
    ],
)
def test_admin_bad_input_shows_kazakh_field_error_and_saves_nothing(demo, client, facts, screenshot, message):
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.post(ADD, add_form(demo, facts, screenshot))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ViolationReport.objects.count() == 0


@pytest.mark.django_db
def test_admin_letter_channel_needs_signatory(demo, client):
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.post(ADD, add_form(demo, [("domain", "ok.kz")], channel="letter"))
    assert response.status_code == 200
    assert "signatory_position" in response.context["adminform"].form.errors
    assert ViolationReport.objects.count() == 0


@pytest.mark.django_db
def test_reviewer_cannot_edit_content_only_take_steps(demo, client):
    report = submitted(demo)
    client.force_login(demo["users"]["officer"])
    response = client.get(change_url(report))
    assert response.status_code == 200
    assert 'name="legal_norm"' not in response.content.decode()
    client.post(change_url(report), {"legal_norm": "Өзгертілді", "_fsm_transition_to": "take_into_review",
                                     "facts-TOTAL_FORMS": "0", "facts-INITIAL_FORMS": "0",
                                     "screenshots-TOTAL_FORMS": "0", "screenshots-INITIAL_FORMS": "0"})
    report.refresh_from_db()
    assert report.legal_norm == "15-бап" and report.state == "in_review"


@pytest.mark.django_db
def test_reject_form_requires_grounds(demo, client):
    report = submitted(demo)
    take_step(report, "take_into_review", demo["users"]["officer"])
    client.force_login(demo["users"]["officer"])
    url = reverse("admin:violations_violationreport_transition", args=[report.pk, "reject"])
    response = client.post(url, {"grounds": "   "})
    assert response.status_code == 200 and response.context["transition_form"].errors["grounds"]
    assert ViolationReport.objects.get(pk=report.pk).state == "in_review"
    response = client.post(url, {"grounds": "Материалда заң бұзушылық белгілері жоқ."})
    assert response.status_code == 302
    assert ViolationReport.objects.get(pk=report.pk).state == "rejected"


@pytest.mark.django_db
def test_duplicate_shown_with_link_and_confirm_by_reference(demo, client):
    officer = demo["users"]["officer"]
    earlier = submitted(demo, facts=(("domain", "мысал.қаз"),))
    take_step(earlier, "take_into_review", officer)
    take_step(earlier, "confirm", officer)
    later = submitted(demo, reporter="police_reporter", facts=(("url", "https://x.kz/"), ("domain", "МЫСАЛ.ҚАЗ")))
    take_step(later, "take_into_review", officer)
    client.force_login(officer)
    page = client.get(change_url(later)).content.decode()
    assert change_url(earlier) in page
    assert "confirm_by_reference" in page
    rows = client.get(CHANGELIST).context["cl"].result_list
    assert {r.pk: r.has_duplicate for r in rows}[later.pk] is True
    url = reverse("admin:violations_violationreport_transition", args=[later.pk, "confirm_by_reference"])
    assert client.post(url, {"reference": later.pk}).status_code == 200  # not a choice
    assert client.post(url, {"reference": earlier.pk}).status_code == 302
    later.refresh_from_db()
    assert later.state == "confirmed" and later.reference_report_id == earlier.pk


@pytest.mark.django_db
def test_restriction_order_csv_and_its_scope(demo, client):
    officer = demo["users"]["officer"]
    report = submitted(demo, facts=(("url", "https://мысал.қаз/жол"), ("ip", "185.12.44.17"), ("mac", "-3C-5A-B4-01-22-9F")))
    take_step(report, "take_into_review", officer)
    take_step(report, "confirm", officer)
    take_step(report, "order_restriction", officer, measure="")
    order = RestrictionOrder.objects.get(report=report)
    url = reverse("admin:violations_restrictionorder_csv", args=[order.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["kind"] for r in rows] == ["url", "ip", "mac"]
    assert rows[0]["value_ascii"] == "https://xn--80awbu3c.xn--80ao21a/%D0%B6%D0%BE%D0%BB"
    assert rows[2]["value_as_entered"].startswith("'-")  # no formula injection
    client.force_login(demo["users"]["police_reporter"])
    assert client.get(url).status_code == 404
    client.force_login(demo["users"]["prosecutor_reporter"])
    assert client.get(url).status_code == 200


def test_the_report_names_its_reporter_and_reviewer_by_name_not_login(demo, client):
    from registries.people import person_label

    report = submitted(demo, reporter="police_reporter")
    take_step(report, "take_into_review", demo["users"]["supervisor"])
    client.force_login(demo["users"]["officer"])

    page = client.get(change_url(report), HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    assert person_label(demo["users"]["police_reporter"]) in page
    assert person_label(demo["users"]["supervisor"]) in page
    assert ">police_reporter<" not in page and ">supervisor<" not in page
