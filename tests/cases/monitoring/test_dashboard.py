"""The home page's data (``cases.monitoring.dashboard.build``): what waits for the viewer's
organisation, the viewer's open cases by procedure and state, the overdue / due soon counts --
each scoped to the viewer, built live (no cache entry shared between users)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.monitoring import dashboard

from .conftest import NOW
from .factories import DeadlineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(frozen, make_demand, demo):
    orgs = demo["organisations"]
    seen = make_demand()  # the penitentiary's and IMEI-database operator's demand
    DeadlineFactory(
        case=seen,
        awaiting_organisation=orgs["imei_db"],
        rule_code="s000.notify_suspend",
        start=NOW - timedelta(days=2),
        due=NOW - timedelta(hours=1),
    )
    DeadlineFactory(case=seen, awaiting_organisation=orgs["imei_db"], start=NOW, due=NOW + timedelta(hours=3))
    other = make_demand(penitentiary=orgs["info_committee"], db_operator=orgs["info_committee"])
    DeadlineFactory(
        case=other, awaiting_organisation=orgs["kcell"], start=NOW - timedelta(days=2), due=NOW - timedelta(hours=2)
    )
    return {"seen": seen, "other": other}


def _row(data, model):
    return next(r for r in data["procedures"] if r.label == str(model._meta.verbose_name_plural))


def test_urgent_numbers_for_who_sees_everything_count_deadlines(world, demo, demand_model):
    """The authorised body: open deadlines per procedure and status, linking to the deadline
    changelist (which lists exactly those rows for them)."""
    DeadlineFactory(case=world["seen"], start=NOW - timedelta(days=3), due=NOW - timedelta(hours=5))
    row = _row(dashboard.build(demo["users"]["officer"]), demand_model)
    assert (row["overdue"].count, row["due_today"].count, row["due_soon"].count) == (3, 1, 1)
    assert row["overdue"].url.startswith("/admin/cases/deadline/?")
    content_type = ContentType.objects.get_for_model(demand_model)
    assert f"content_type__id__exact={content_type.pk}" in row["overdue"].url and "due__lt=" in row["overdue"].url


def test_urgent_numbers_for_a_scoped_user_count_their_cases(world, demo, demand_model):
    """Anyone else: their cases having such a deadline, linking to the filtered case changelist."""
    DeadlineFactory(case=world["seen"], start=NOW - timedelta(days=3), due=NOW - timedelta(hours=5))
    row = _row(dashboard.build(demo["users"]["penitentiary"]), demand_model)
    assert (row["overdue"].count, row["due_today"].count, row["due_soon"].count) == (1, 1, 1)
    assert row["overdue"].url == "/admin/devices/devicedemand/?deadline=overdue"


def test_open_cases_by_state_use_the_state_labels_and_link_to_the_state(world, demo, demand_model):
    row = _row(dashboard.build(demo["users"]["officer"]), demand_model)
    state = world["seen"].state
    label = str(dict(demand_model._meta.get_field("state").flatchoices)[state])
    assert row.open.count == 2
    assert [(s.label, s.count) for s in row.states] == [(label, 2)]
    assert row.states[0].url == f"/admin/devices/devicedemand/?state__exact={state}"
    assert label != state  # a human label, not the stored value


def test_final_cases_are_not_open(world, demo, demand_model):
    demand_model.objects.filter(pk=world["other"].pk).update(state=demand_model.FINAL_STATES[0])
    row = _row(dashboard.build(demo["users"]["officer"]), demand_model)
    assert row.open.count == 1


def test_scoped_user_sees_only_their_organisations_numbers(world, demo, demand_model):
    penitentiary = dashboard.build(demo["users"]["penitentiary"])
    row = _row(penitentiary, demand_model)
    assert row["overdue"].count == 1 and row.open.count == 1  # the other demand is invisible
    assert penitentiary["queue"]["items"] == []  # nothing awaits the penitentiary authority
    data = dashboard.build(demo["users"]["imei_db"])
    queue = data["queue"]
    assert queue["organisation"] == demo["organisations"]["imei_db"]
    assert queue["cells"]["open"].count == 2 and queue["cells"]["overdue"].count == 1
    kcell = dashboard.build(demo["users"]["kcell"])
    assert all(r.open.count == 0 and r.urgent == 0 for r in kcell["procedures"])
    assert kcell["shown_procedures"] == []
    assert kcell["queue"]["cells"]["overdue"].count == 1  # what awaits Kcell itself


def test_queue_is_most_urgent_first_with_human_rule_labels(world, demo):
    from cases.rules import rule_label

    queue = dashboard.build(demo["users"]["imei_db"])["queue"]
    assert [item["colour"] for item in queue["items"]] == ["red", "amber"]
    first = queue["items"][0]
    assert first["rule"] == rule_label("s000.notify_suspend") != "s000.notify_suspend"
    assert first["url"] == f"/admin/devices/devicedemand/{world['seen'].pk}/change/"
    assert first["due_local"].utcoffset() == timedelta(hours=5)  # Asia/Almaty
    assert [i["due_local"] for i in queue["items"]] == sorted(i["due_local"] for i in queue["items"])


def test_queue_is_cut_at_its_length_and_says_there_is_more(world, demo, make_demand):
    case = make_demand()
    for hours in range(dashboard.QUEUE_LENGTH + 2):
        DeadlineFactory(
            case=case,
            awaiting_organisation=demo["organisations"]["imei_db"],
            start=NOW,
            due=NOW + timedelta(hours=5 + hours),
        )
    queue = dashboard.build(demo["users"]["imei_db"])["queue"]
    assert len(queue["items"]) == dashboard.QUEUE_LENGTH and queue["more"]
    assert not dashboard.build(demo["users"]["kcell"])["queue"]["more"]


def test_home_costs_a_constant_number_of_queries(world, demo, make_demand):
    def count(username):
        with CaptureQueriesContext(connection) as queries:
            dashboard.build(demo["users"][username])
        return len(queries)

    before = {name: count(name) for name in ("officer", "imei_db")}
    for _ in range(5):
        case = make_demand()
        DeadlineFactory(
            case=case, awaiting_organisation=demo["organisations"]["imei_db"], start=NOW, due=NOW + timedelta(days=2)
        )
    assert {name: count(name) for name in ("officer", "imei_db")} == before
    # timed counts, states (one UNION), queue counts, queue items, the service-term and
    # staff-list blocks, profile lookups -- no query per procedure or per row
    assert before["officer"] <= 12


def test_nothing_is_cached_between_users(world, demo, settings):
    """Both authorised bodies see every case, but what waits for each is its own; and a second
    build after a change shows the change (no cache)."""
    from django.core.cache import cache

    orgs, users = demo["organisations"], demo["users"]
    cache.clear()
    settings.DEADLINE_DASHBOARD_CACHE_SECONDS = 60  # a leftover setting changes nothing
    DeadlineFactory(
        case=world["seen"], awaiting_organisation=orgs["info_committee"], start=NOW, due=NOW + timedelta(hours=5)
    )
    info = dashboard.build(users["officer"])
    telecom = dashboard.build(users["telecom"])
    assert info["queue"]["organisation"] == orgs["info_committee"] and len(info["queue"]["items"]) == 1
    assert telecom["queue"]["organisation"] == orgs["telecom_committee"] and telecom["queue"]["items"] == []
    DeadlineFactory(
        case=world["seen"], awaiting_organisation=orgs["telecom_committee"], start=NOW, due=NOW + timedelta(hours=6)
    )
    assert len(dashboard.build(users["telecom"])["queue"]["items"]) == 1
    assert not any(key.startswith("monitoring:") for key in getattr(cache, "_cache", {}))


@pytest.mark.django_db
def test_home_shows_the_service_term_and_staff_list_refresh(client):
    """Issue 9 (daily share within the 10-minute term) and issue 4 (refresh status) on the index,
    scoped: the provider sees its requests, a mobile operator sees neither block."""
    from django.utils import timezone

    from cases.egov.models import ServiceRequest
    from cases.egov.selectors import daily_share_within_term
    from registries.demo import load_full_demo

    world = load_full_demo()
    officer, provider, kcell = (world["users"][name] for name in ("officer", "provider", "kcell"))

    today = timezone.localdate()
    expected = daily_share_within_term(today, ServiceRequest.objects.all())
    block = dashboard.build(officer)["service_term"]
    assert (block["total"], block["within"], block["over"]) == (
        expected.total,
        expected.within_term,
        expected.over_term,
    )
    assert "term=over" in block["over_url"]
    refresh = dashboard.build(officer)["staff_lists"]
    state_bodies = (
        world["organisations"]["prosecutor"].__class__.objects.filter(kind="STATE_BODY", is_active=True).count()
    )
    assert sum(c["count"] for c in refresh[:-1]) == state_bodies  # every state body has one status
    assert all("stafflistcompliance" in c["url"] for c in refresh)

    client.force_login(provider)
    html = client.get("/admin/").content.decode()
    assert 'id="service-term"' in html and 'id="staff-list-refresh"' not in html
    client.force_login(kcell)
    html = client.get("/admin/").content.decode()
    assert 'id="service-term"' not in html and 'id="staff-list-refresh"' not in html
