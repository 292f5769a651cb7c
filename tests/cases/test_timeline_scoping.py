"""Every panel of a case shows a viewer only the lines, logs and deadlines of records it may see
(seed 000 p. 20-4 / 20-8: each mobile operator acts on — and reads — only the devices notified to
it). One mobile operator never reads another operator's IMEI, phone number, employee's name or
3-working-hour term: not on the case page (legal path, deadlines, timeline panels, lines), not on
the timeline page, not in the legal path, not in the API — and a log comment never carries a line
the reader may not see. The database operator, who notifies both, reads everything."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.devices import services
from cases.legal_path import build_legal_path, render_legal_path
from cases.timeline import case_events, case_logs
from tests.cases.devices.factories import advance, create_demand, execute

pytestmark = pytest.mark.django_db


def _full_name(user):
    return user.get_full_name()


@pytest.fixture
def world(demo):
    """A demand of two lines — one Kcell's, one Beeline's — notified; Kcell has executed its
    line with a comment naming it, and the database operator's notification comment names both."""
    orgs, users = demo["organisations"], demo["users"]
    demand = create_demand(demo, operators=("kcell", "beeline"))
    kcell_line, beeline_line = demand.devices.order_by("row")
    advance(demand, demo, to="received")
    services.device_demand_notify_operators(
        case=demand, actor=users["imei_db"],
        comment=f"Kcell: {kcell_line.imei} ({kcell_line.phone}); Beeline: {beeline_line.imei} ({beeline_line.phone})",
    )
    execute(demand, kcell_line, users["kcell"], comment=f"IMEI {kcell_line.imei} blocked")
    demand.refresh_from_db()
    return {
        "demand": demand, "demo": demo, "orgs": orgs, "users": users,
        "kcell_line": kcell_line, "beeline_line": beeline_line,
    }


def _secrets_of(world, key):
    line = world[f"{key}_line"]
    return {
        "imei": line.imei,
        "phone": line.phone,
        "phone digits": line.phone[2:],
        "employee": world["users"][key].last_name,
        "operator": str(world["orgs"][key]),
    }


def _assert_absent(text, secrets, where):
    for what, value in secrets.items():
        assert value not in text, f"{where} shows another operator's {what} ({value})"


def _assert_present(text, secrets, where, *whats):
    for what in whats:
        assert secrets[what] in text, f"{where} hides the viewer's own {what}"


def _events_text(events) -> str:
    return json.dumps(
        [[e.title, e.detail, e.comment, _full_name(e.by) if e.by else "", str(e.by or "")] for e in events],
        ensure_ascii=False,
    )


def _api_text(user, demand) -> str:
    client = APIClient()
    client.force_authenticate(user)
    detail = client.get(f"/api/v1/device-demands/{demand.pk}/")
    listing = client.get("/api/v1/device-demands/")
    assert detail.status_code == 200 and listing.status_code == 200
    return detail.content.decode() + listing.content.decode()


def test_another_operator_reads_nothing_of_kcell_in_the_timeline_builder(world):
    """The one builder (``case_events``) and its log reader (``case_logs``) ask the procedure
    what the viewer may see."""
    beeline = world["users"]["beeline"]
    kcell_secrets = _secrets_of(world, "kcell")
    _assert_absent(_events_text(case_events(world["demand"], beeline)), kcell_secrets, "the timeline")
    logs = case_logs(world["demand"], beeline)
    _assert_absent(json.dumps([[log.comment, str(log.by or "")] for log in logs], ensure_ascii=False),
                   kcell_secrets, "the step log")
    # its own line stays readable, with the names of the parties who notified it
    own = _events_text(case_events(world["demand"], beeline))
    _assert_present(own, _secrets_of(world, "beeline"), "the timeline", "imei", "operator")


def test_an_operator_reads_its_own_lines_logs_and_term(world):
    kcell = world["users"]["kcell"]
    text = _events_text(case_events(world["demand"], kcell))
    _assert_present(text, _secrets_of(world, "kcell"), "the timeline", "imei", "employee", "operator")
    _assert_absent(text, _secrets_of(world, "beeline"), "the timeline")


def test_the_database_operator_reads_every_line(world):
    text = _events_text(case_events(world["demand"], world["users"]["imei_db"]))
    _assert_present(text, _secrets_of(world, "kcell"), "the timeline", "imei", "employee", "operator")
    _assert_present(text, _secrets_of(world, "beeline"), "the timeline", "imei", "operator")


def test_the_timeline_page_and_the_case_page_hide_another_operators_line(world, client):
    demand = world["demand"]
    client.force_login(world["users"]["beeline"])
    kcell_secrets = _secrets_of(world, "kcell")
    page = client.get(reverse("case-timeline", args=["devices", "devicedemand", demand.pk]))
    assert page.status_code == 200
    _assert_absent(page.content.decode(), kcell_secrets, "the timeline page")
    change = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk]))
    assert change.status_code == 200
    _assert_absent(change.content.decode(), kcell_secrets, "the demand page")
    assert world["beeline_line"].imei in change.content.decode()


def test_the_legal_path_hides_another_operators_employee_and_term(world):
    """After both lines are executed the system completes the execution on the last operator's
    behalf: the other operator does not read that employee's name on the path."""
    demand, users = world["demand"], world["users"]
    execute(demand, world["beeline_line"], users["beeline"])
    demand.refresh_from_db()
    kcell = users["kcell"]
    html = render_legal_path(demand, kcell)
    beeline_secrets = _secrets_of(world, "beeline")
    _assert_absent(html, beeline_secrets, "the legal path")
    path = build_legal_path(demand, kcell)
    assert all(users["beeline"].username != step.reached_by for step in path.steps)
    _assert_absent(_events_text(case_events(demand, kcell)), beeline_secrets, "the timeline")
    # the database operator still reads who completed it
    assert any(step.reached_by for step in build_legal_path(demand, users["imei_db"]).steps if step.state == "executed")


def test_the_api_hides_another_operators_line_and_term(world):
    demand = world["demand"]
    text = _api_text(world["users"]["beeline"], demand)
    _assert_absent(text, _secrets_of(world, "kcell"), "the API")
    assert world["beeline_line"].imei in text
    own = _api_text(world["users"]["kcell"], demand)
    _assert_present(own, _secrets_of(world, "kcell"), "the API", "imei")


def test_the_answer_to_the_requester_shows_an_operator_only_its_own_lines(world):
    """The answer (form of the Appendix: the requester is informed) is written by the database
    operator about every device; a mobile operator reads it without the others' lines."""
    demand, users = world["demand"], world["users"]
    execute(demand, world["beeline_line"], users["beeline"])
    demand.refresh_from_db()
    kcell_line, beeline_line = world["kcell_line"], world["beeline_line"]
    services.device_demand_inform_requester(
        case=demand, actor=users["imei_db"],
        answer=f"{kcell_line.imei}: suspended; {beeline_line.imei}: suspended",
    )
    text = _api_text(users["beeline"], demand)
    _assert_absent(text, {"imei": kcell_line.imei}, "the answer in the API")
    assert beeline_line.imei in text
    assert kcell_line.imei in _api_text(users["penitentiary"], demand)


def test_progress_counts_only_the_viewers_lines(world, client):
    client.force_login(world["users"]["beeline"])
    html = client.get(reverse("admin:devices_devicedemand_changelist")).content.decode()
    assert "0 / 1" in html and "1 / 2" not in html
