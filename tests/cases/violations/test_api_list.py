"""The list of /api/v1/violation-reports/: each row's restriction order (seed 001 p. 10) is read
with the page, so a page costs the same number of queries however many rows carry an order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.violations.models import RestrictionOrder

from .factories import ViolationReportFactory, api_for

URL = "/api/v1/violation-reports/"


def ordered_reports(demo, count):
    officer = demo["users"]["officer"]
    reporter = demo["users"]["prosecutor_reporter"]
    reports = [
        ViolationReportFactory(organisation=reporter.profile.organisation, reporter=reporter) for _ in range(count)
    ]
    for report in reports:
        RestrictionOrder.objects.create(report=report, ordered_by=officer, measure="Қол жеткізуді шектеу")
    return reports


def list_queries(user):
    with CaptureQueriesContext(connection) as queries:
        response = api_for(user).get(URL)
    assert response.status_code == 200
    return response.json(), len(queries)


@pytest.mark.django_db
def test_the_list_shows_each_restriction_order(demo):
    reports = ordered_reports(demo, 2)
    body, _queries = list_queries(demo["users"]["officer"])
    orders = {row["id"]: row["restriction_order"] for row in body["results"]}
    for report in reports:
        assert orders[report.pk]["id"] == report.restriction_order.pk
        assert orders[report.pk]["measure"] == "Қол жеткізуді шектеу"
        assert orders[report.pk]["ordered_by"]


@pytest.mark.django_db
def test_restriction_orders_cost_no_query_per_row(demo):
    ordered_reports(demo, 1)
    _body, one = list_queries(demo["users"]["officer"])
    ordered_reports(demo, 5)
    _body, six = list_queries(demo["users"]["officer"])
    assert one == six


@pytest.mark.django_db
def test_another_bodys_restriction_order_stays_out_of_a_state_bodys_list(demo):
    ordered_reports(demo, 1)
    body, _queries = list_queries(demo["users"]["police_reporter"])
    assert body["results"] == []
