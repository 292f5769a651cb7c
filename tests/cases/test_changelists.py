"""Changelists that cost the same at any depth (cases.changelists), on the reviewer's queue and
the other procedures' lists: pages over primary keys, the last page from the other end, the
page's columns for its rows only, bad input answered at once, the organisation's scope kept."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import changelists
from cases.changelists import DepthChangeList, EstimatedCountPaginator
from cases.violations.models import ViolationReport

from .violations.factories import ViolationFactFactory, ViolationReportFactory

CHANGELIST = reverse("admin:violations_violationreport_changelist")
PER_PAGE = 5
BASE = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture
def queue(demo, monkeypatch):
    """13 submitted notifications (7 of the prosecutor's office, 6 of the police), 5 a page;
    numbers 1..13 in the order of submission, with one domain fact each."""
    monkeypatch.setattr(admin.site._registry[ViolationReport], "list_per_page", PER_PAGE)
    reports = []
    for n in range(13):
        user = demo["users"]["prosecutor_reporter" if n % 2 == 0 else "police_reporter"]
        report = ViolationReportFactory(organisation=user.profile.organisation, reporter=user)
        ViolationFactFactory(report=report, kind="domain", raw_value=f"site{n}.example.kz")
        state = "in_review" if n % 3 == 0 else "submitted"
        ViolationReport.objects.filter(pk=report.pk).update(state=state, submitted_at=BASE + timedelta(hours=n))
        reports.append(report.pk)
    return reports


def listed(response):
    return [row.pk for row in response.context["cl"].result_list]


def warnings(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("1", slice(0, 5)),
        ("2", slice(5, 10)),  # past the middle of 13: read from the other end
        ("3", slice(10, 13)),  # the short last page
        ("4", slice(10, 13)),  # past the end: the last page, not "?e=1"
        ("999999", slice(10, 13)),
        ("0", slice(0, 5)),
        ("x", slice(0, 5)),
    ],
)
def test_every_page_lists_the_queue_in_order(demo, client, queue, page, expected):
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST, {"p": page})
    assert response.status_code == 200
    assert listed(response) == queue[expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"o": "-0"}, list(range(12, 7, -1))),  # number descending
        ({"o": "-1", "p": "3"}, [2, 1, 0]),  # submitted descending, last page
        # state ascending ("in_review" < "submitted"), ties in the queue's order in the same direction
        ({"o": "5"}, [0, 3, 6, 9, 12]),
        ({"o": "-5", "p": "3"}, [6, 3, 0]),
        ({"state__exact": "submitted", "p": "2"}, [8, 10, 11]),
    ],
)
def test_sorts_and_filters_at_every_depth(demo, client, queue, params, expected):
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    assert listed(response) == [queue[i] for i in expected]


@pytest.mark.django_db
def test_sort_ties_follow_the_default_ordering_in_the_same_direction(demo, client, queue):
    client.force_login(demo["users"]["officer"])
    cl = client.get(CHANGELIST, {"o": "-5"}).context["cl"]
    assert list(cl.queryset.query.order_by) == ["-state", "-submitted_at", "-id"]


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["2", "3", "6", "-2", "1.2", "99", "x"])
def test_sort_without_an_index_is_refused_with_a_message(demo, client, queue, column):
    """Organisation, violation type, channel (no index serves them), a second column, nonsense:
    the queue in its own order, a message, never an error."""
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST, {"o": column})
    assert response.status_code == 200
    cl = response.context["cl"]
    assert [part for part in cl.queryset.query.order_by if part.lstrip("-") not in ("submitted_at", "id")] == []
    assert len(warnings(response)) == 1


@pytest.mark.django_db
def test_sortable_headings_are_only_the_indexed_columns(demo, client, queue):
    client.force_login(demo["users"]["officer"])
    content = client.get(CHANGELIST).content.decode()
    assert 'class="sortable column-number' in content
    assert 'class="sortable column-submitted_at' in content
    assert 'class="sortable column-state' in content
    assert 'class="sortable column-organisation' not in content
    assert 'class="sortable column-channel' not in content


@pytest.mark.django_db
def test_one_character_search_is_refused_with_a_message_and_no_query_of_facts(demo, client, queue):
    client.force_login(demo["users"]["officer"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CHANGELIST, {"q": "s"})
    assert response.status_code == 200
    assert listed(response) == []
    assert len(warnings(response)) == 1
    assert "3" in warnings(response)[0]
    assert not [q for q in ctx.captured_queries if "violations_violationfact" in q["sql"] and "LIKE" in q["sql"]]


@pytest.mark.django_db
def test_short_number_still_finds_the_notification(demo, client, queue):
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST, {"q": str(queue[4])})
    assert listed(response) == [queue[4]]
    assert warnings(response) == []
    assert listed(client.get(CHANGELIST, {"q": "site7.example.kz"})) == [queue[7]]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["1", "3"])
def test_the_columns_are_computed_for_the_page_rows_only(demo, client, queue, page):
    """The query with the queue's annotations (first fact, duplicates, next deadline) reads the
    page's ids only: no OFFSET; the query that pages carries no subquery of another table."""
    client.force_login(demo["users"]["officer"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(CHANGELIST, {"p": page}).status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    paging = [sql for sql in sqls if sql.startswith('SELECT "violations_violationreport"."id" AS "pk" FROM')]
    rows = [
        sql
        for sql in sqls
        if sql.startswith('SELECT "violations_violationreport"."id", "violations_violationreport"."created_at"')
    ]
    assert len(paging) == 1 and len(rows) == 1
    assert "violations_violationfact" not in paging[0] and "cases_deadline" not in paging[0]
    assert "violations_violationfact" in rows[0] and "cases_deadline" in rows[0]
    assert "OFFSET" not in rows[0] and not rows[0].rstrip().endswith(f"LIMIT {PER_PAGE}")
    assert " IN (" in rows[0]


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_depth(demo, client, queue):
    client.force_login(demo["users"]["officer"])

    def count(page):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(CHANGELIST, {"p": page}).status_code == 200
        return len(ctx.captured_queries)

    assert count("1") == count("2") == count("3")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["1", "2", "99"])
def test_state_body_sees_only_its_own_on_every_page(demo, client, queue, page):
    own = set(
        ViolationReport.objects.filter(
            organisation=demo["users"]["prosecutor_reporter"].profile.organisation
        ).values_list("pk", flat=True)
    )
    client.force_login(demo["users"]["prosecutor_manager"])
    response = client.get(CHANGELIST, {"p": page})
    assert response.status_code == 200
    shown = listed(response)
    assert shown and set(shown) <= own
    assert response.context["cl"].result_count == len(own)


@pytest.mark.django_db
def test_the_scope_is_applied_again_to_the_page_rows(demo, rf, queue):
    """Rows are read for ids from the admin's scoped queryset: an id of another body never shows."""
    model_admin = admin.site._registry[ViolationReport]
    request = rf.get(CHANGELIST)
    request.user = demo["users"]["prosecutor_manager"]
    request._messages = []
    cl = model_admin.get_changelist_instance(request)
    other = ViolationReport.objects.exclude(organisation=request.user.profile.organisation).first()
    assert isinstance(cl, DepthChangeList)
    assert list(cl.rows_of([other.pk])) == []


@pytest.mark.django_db
def test_estimated_count_shows_an_approximate_sign_and_the_last_page_from_the_end(demo, client, queue, monkeypatch):
    """Above the exact-count limit the planner's estimate is shown with "≈"; a too-high
    estimate still answers its last page with the real last rows."""
    monkeypatch.setattr(changelists, "planner_estimate", lambda queryset: 40)
    monkeypatch.setattr(changelists, "EXACT_COUNT_BELOW", 20)
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST, {"p": "8"})
    assert response.status_code == 200
    cl = response.context["cl"]
    assert cl.result_count_estimated and cl.result_count == 40
    assert listed(response) == queue[8:13]
    assert "≈" in response.content.decode()
    middle = client.get(CHANGELIST, {"p": "5"})  # past the real end, short of the estimate
    assert listed(middle) == queue[8:13]


@pytest.mark.django_db
def test_exact_count_below_the_limit_has_no_sign(demo, client, queue):
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST)
    assert response.context["cl"].result_count_estimated is False
    assert "≈" not in response.content.decode()


@pytest.mark.parametrize(
    ("number", "pages", "expected"),
    [(1, 3, 1), (3, 3, 3), (4, 3, 3), (10**9, 3, 3), (0, 3, 1), (-2, 3, 1), ("x", 3, 1), (None, 3, 1), ("2", 3, 2)],
)
def test_paginator_clamps_the_page_number(number, pages, expected):
    paginator = EstimatedCountPaginator(list(range(pages * 5)), 5)
    paginator.__dict__["count"] = pages * 5  # a list: no planner, no queryset
    assert paginator.validate_number(number) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "admin:devices_devicedemand_changelist",
        "admin:devices_demanddevice_changelist",
        "admin:devices_deviceservicestate_changelist",
        "admin:egov_servicerequest_changelist",
        "admin:egov_complaint_changelist",
        "admin:egov_personaldataaccess_changelist",
        "admin:platforms_platformcase_changelist",
        "admin:cases_deadline_changelist",
        "admin:cases_transitionlog_changelist",
        "admin:stafflists_stafflistentry_changelist",
    ],
)
def test_every_long_list_pages_by_keys_and_takes_bad_input(demo, client, url_name):
    client.force_login(demo["users"]["admin"])
    url = reverse(url_name)
    for params in ({}, {"p": "999999"}, {"p": "x"}, {"o": "99"}, {"q": "a"}):
        response = client.get(url, params)
        assert response.status_code == 200, (url_name, params)
        assert isinstance(response.context["cl"], DepthChangeList)
