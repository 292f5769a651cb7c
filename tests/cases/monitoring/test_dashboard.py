from datetime import timedelta

import pytest
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
    DeadlineFactory(case=seen, awaiting_organisation=orgs["imei_db"], start=NOW - timedelta(days=2), due=NOW - timedelta(hours=1))
    DeadlineFactory(case=seen, awaiting_organisation=orgs["imei_db"], start=NOW, due=NOW + timedelta(hours=3))
    other = make_demand(penitentiary=orgs["info_committee"], db_operator=orgs["info_committee"])
    DeadlineFactory(case=other, awaiting_organisation=orgs["kcell"], start=NOW - timedelta(days=2), due=NOW - timedelta(hours=2))
    return {"seen": seen, "other": other}


def _row(data, label_contains):
    return next(r for r in data["procedures"] if r.label == label_contains)


def test_numbers_count_cases_and_link_to_the_filtered_changelist(world, demo, demand_model):
    data = dashboard.build(demo["users"]["officer"])
    row = _row(data, str(demand_model._meta.verbose_name_plural))
    assert (row["overdue"].count, row["due_today"].count, row["due_soon"].count, row["open"].count) == (2, 1, 1, 2)
    assert row["overdue"].url == "/admin/devices/devicedemand/?deadline=overdue"
    orgs = {r.label: r for r in data["organisations"]}
    imei = orgs[demo["organisations"]["imei_db"].name_kk]
    assert imei["open"].count == 2 and imei["overdue"].count == 1
    assert f"awaiting_organisation__id__exact={demo['organisations']['imei_db'].pk}" in imei["overdue"].url


def test_scoped_user_sees_only_their_organisations_numbers(world, demo, demand_model):
    penitentiary = dashboard.build(demo["users"]["penitentiary"])
    row = _row(penitentiary, str(demand_model._meta.verbose_name_plural))
    assert row["overdue"].count == 1 and row["open"].count == 1  # the other demand is invisible
    assert penitentiary["organisations"] == []  # nothing awaits the penitentiary authority
    data = dashboard.build(demo["users"]["imei_db"])
    assert [r.label for r in data["organisations"]] == [demo["organisations"]["imei_db"].name_kk]
    queue = data["queue"]
    assert queue["organisation"] == demo["organisations"]["imei_db"]
    assert queue["cells"]["open"].count == 2 and queue["cells"]["overdue"].count == 1
    assert [item["colour"] for item in queue["items"]] == ["red", "amber"]
    kcell = dashboard.build(demo["users"]["kcell"])
    assert all(r["open"].count == 0 for r in kcell["procedures"])
    assert kcell["queue"]["cells"]["overdue"].count == 1  # what awaits Kcell itself


def test_dashboard_costs_a_constant_number_of_queries(world, demo, make_demand):
    def count():
        with CaptureQueriesContext(connection) as queries:
            dashboard.build(demo["users"]["officer"])
        return len(queries)

    before = count()
    for _ in range(5):
        case = make_demand()
        DeadlineFactory(case=case, awaiting_organisation=demo["organisations"]["beeline"], start=NOW, due=NOW + timedelta(days=2))
    assert count() == before
    # six fixed queries, plus one per procedure that declares FINAL_STATES (its open cases by state)
    from cases.monitoring.status import procedure_models

    with_final_states = sum(1 for model in procedure_models() if model.FINAL_STATES)
    assert before <= 8 + with_final_states


def test_admin_index_shows_the_dashboard_with_an_svg_chart(world, demo, client):
    client.force_login(demo["users"]["officer"])
    html = client.get("/admin/").content.decode()
    assert 'id="deadline-dashboard"' in html and "<svg" in html and "?deadline=overdue" in html
    assert 'id="my-queue"' in html
    assert "<script" not in html.split('id="deadline-dashboard"')[1].split("</svg>")[0]


def test_admin_index_for_another_organisation_hides_others_numbers(world, demo, client):
    client.force_login(demo["users"]["kcell"])
    html = client.get("/admin/").content.decode()
    assert demo["organisations"]["imei_db"].name_kk not in html


def test_dashboard_cache_is_per_scope(world, demo, settings):
    from django.core.cache import cache

    cache.clear()
    settings.DEADLINE_DASHBOARD_CACHE_SECONDS = 60
    officer = dashboard.build(demo["users"]["officer"])
    kcell = dashboard.build(demo["users"]["kcell"])
    assert officer["organisations"] != kcell["organisations"]
    with CaptureQueriesContext(connection) as queries:
        dashboard.build(demo["users"]["kcell"])
    assert len(queries) <= 2  # profile lookups only, numbers from the cache
    cache.clear()


@pytest.mark.django_db
def test_dashboard_shows_the_service_term_and_staff_list_refresh(client, settings):
    """Issue 9 (daily share within the 10-minute term) and issue 4 (refresh status) on the index,
    scoped: the provider sees its requests, a mobile operator sees neither block."""
    from django.utils import timezone

    from cases.egov.models import ServiceRequest
    from cases.egov.selectors import daily_share_within_term
    from cases.monitoring import dashboard as board
    from registries.demo import load_full_demo

    settings.DEADLINE_DASHBOARD_CACHE_SECONDS = 0
    world = load_full_demo()
    officer, provider, kcell = (world["users"][name] for name in ("officer", "provider", "kcell"))

    today = timezone.localdate()
    expected = daily_share_within_term(today, ServiceRequest.objects.all())
    block = board.build(officer)["service_term"]
    assert (block["total"], block["within"], block["over"]) == (expected.total, expected.within_term, expected.over_term)
    assert "term=over" in block["over_url"]
    refresh = board.build(officer)["staff_lists"]
    state_bodies = world["organisations"]["prosecutor"].__class__.objects.filter(kind="STATE_BODY", is_active=True).count()
    assert sum(c["count"] for c in refresh[:-1]) == state_bodies  # every state body has one status
    assert all("stafflistcompliance" in c["url"] for c in refresh)

    client.force_login(provider)
    html = client.get("/admin/").content.decode()
    assert 'id="service-term"' in html and 'id="staff-list-refresh"' not in html
    client.force_login(kcell)
    html = client.get("/admin/").content.decode()
    assert 'id="service-term"' not in html and 'id="staff-list-refresh"' not in html


def test_dashboard_cache_never_serves_one_committees_queue_to_another(world, demo, settings):
    """Both authorised bodies see every case, but "my queue" is each one's own: the cached page of
    the information committee is not the telecom committee's."""
    from django.core.cache import cache

    orgs, users = demo["organisations"], demo["users"]
    DeadlineFactory(case=world["seen"], awaiting_organisation=orgs["info_committee"], start=NOW, due=NOW + timedelta(hours=5))
    cache.clear()
    settings.DEADLINE_DASHBOARD_CACHE_SECONDS = 60
    try:
        info = dashboard.build(users["officer"])
        telecom = dashboard.build(users["telecom"])
        assert info["queue"]["organisation"] == orgs["info_committee"]
        assert telecom["queue"]["organisation"] == orgs["telecom_committee"]
        assert [item["deadline"].awaiting_organisation_id for item in telecom["queue"]["items"]] == []
        assert dashboard.cache_key(users["officer"]) != dashboard.cache_key(users["telecom"])
        assert dashboard.cache_key(users["officer"]) != dashboard.cache_key(users["supervisor"])  # role
    finally:
        cache.clear()
