"""Lists under /api/v1/: page numbers (unchanged), a page past the end (404 with a code), and the
opt-in cursor over id for integrations that walk everything (config.pagination)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.violations.models import ViolationReport
from config.pagination import PageOrCursorPagination
from registries.security import issue_api_token

from .violations.factories import ViolationReportFactory

URL = "/api/v1/violation-reports/"

#: Every list endpoint of every procedure (a new one is added here and to benchmarks/api.py).
LIST_URLS = [
    f"/api/v1/{path}/"
    for path in (
        "violation-reports",
        "platform-cases",
        "traffic-statistics",
        "throttle-instructions",
        "device-demands",
        "device-service-states",
        "service-requests",
        "complaints",
        "account-sweeps",
        "account-sweep-entries",
        "account-deactivations",
        "letters",
    )
]


def client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user)[1]}")
    return client


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(PageOrCursorPagination, "page_size", 3)


@pytest.fixture
def reports(demo):
    """7 reports of the prosecutor's office and 2 of the police."""
    prosecutor = demo["users"]["prosecutor_reporter"]
    police = demo["users"]["police_reporter"]
    own = [ViolationReportFactory(organisation=prosecutor.profile.organisation, reporter=prosecutor) for _ in range(7)]
    other = [ViolationReportFactory(organisation=police.profile.organisation, reporter=police) for _ in range(2)]
    return own, other


def walk(client, url):
    """Follow ``next`` from ``url``: the ids met, page by page."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        pages.append([row["id"] for row in body["results"]])
        url = body["next"]
    return pages


@pytest.mark.django_db
def test_page_numbers_keep_their_shape_and_order(demo, reports, small_pages):
    own, other = reports
    api = client_for(demo["users"]["officer"])
    body = api.get(URL, {"page": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 9
    expected = list(ViolationReport.objects.order_by("-created_at", "-id").values_list("id", flat=True))
    assert [row["id"] for row in body["results"]] == expected[3:6]
    assert body["next"].endswith("page=3") and body["previous"].endswith(URL)


@pytest.mark.django_db
def test_a_page_past_the_end_is_404_with_a_code_the_count_and_the_last_page(demo, reports, small_pages):
    api = client_for(demo["users"]["officer"])
    response = api.get(URL, {"page": 4})
    assert response.status_code == 404
    assert response.json() == {
        "detail": response.json()["detail"],
        "code": "page_out_of_range",
        "count": 9,
        "last_page": 3,
    }
    assert response.json()["detail"]
    assert api.get(URL, {"page": 3}).status_code == 200
    assert api.get(URL, {"page": "last"}).json()["results"]


@pytest.mark.django_db
def test_a_page_past_the_end_of_an_empty_list(demo, small_pages):
    response = client_for(demo["users"]["officer"]).get(URL, {"page": 2})
    assert response.status_code == 404
    assert response.json()["code"] == "page_out_of_range"
    assert (response.json()["count"], response.json()["last_page"]) == (0, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1"])
def test_a_page_that_is_not_a_page_number_is_404_invalid_page(demo, reports, page):
    response = client_for(demo["users"]["officer"]).get(URL, {"page": page})
    assert response.status_code == 404
    assert response.json()["code"] == "invalid_page"


@pytest.mark.django_db
def test_the_cursor_walks_every_visible_record_once_by_id(demo, reports, small_pages):
    own, other = reports
    pages = walk(client_for(demo["users"]["officer"]), URL + "?cursor=")
    assert [len(p) for p in pages] == [3, 3, 3]
    assert sum(pages, []) == sorted(r.pk for r in own + other)


@pytest.mark.django_db
def test_the_cursor_walk_of_a_state_body_meets_only_its_own(demo, reports, small_pages):
    own, other = reports
    ids = sum(walk(client_for(demo["users"]["prosecutor_reporter"]), URL + "?cursor="), [])
    assert ids == sorted(r.pk for r in own)
    assert not set(ids) & {r.pk for r in other}


@pytest.mark.django_db
def test_the_cursor_walk_keeps_the_list_filters(demo, reports, small_pages):
    own, _other = reports
    ViolationReport.objects.filter(pk=own[0].pk).update(state="submitted")
    pages = walk(client_for(demo["users"]["officer"]), URL + "?state=submitted&cursor=")
    assert pages == [[own[0].pk]]


@pytest.mark.django_db
def test_a_record_created_during_the_walk_is_met_at_its_end(demo, reports, small_pages):
    api = client_for(demo["users"]["officer"])
    first = api.get(URL, {"cursor": ""}).json()
    prosecutor = demo["users"]["prosecutor_reporter"]
    late = ViolationReportFactory(organisation=prosecutor.profile.organisation, reporter=prosecutor)
    rest = walk(api, first["next"])
    assert sum(rest, [])[-1] == late.pk


@pytest.mark.django_db
def test_a_forged_cursor_is_404(demo, reports):
    response = client_for(demo["users"]["officer"]).get(URL, {"cursor": "not-a-cursor"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_depth(demo, reports, small_pages):
    api = client_for(demo["users"]["officer"])
    # one request first: what a process reads once (caches filled on the first request, which on
    # PostgreSQL was one query more) is not a cost of depth
    assert api.get(URL, {"page": 2}).status_code == 200
    counts = []
    for params in ({"page": 1}, {"page": 3}):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(URL, params).status_code == 200
        counts.append(len(queries))
    first = api.get(URL, {"cursor": ""}).json()
    third = api.get(api.get(first["next"]).json()["next"])
    assert third.status_code == 200
    for url in (URL + "?cursor=", first["next"]):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[2] == counts[3] == counts[0] - 1  # the cursor reads no count


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_URLS)
def test_every_list_endpoint_offers_both_modes(demo, url):
    api = client_for(demo["users"]["admin"])
    paged = api.get(url)
    assert paged.status_code == 200, paged.content
    assert {"count", "results"} <= set(paged.json())
    walked = api.get(url, {"cursor": ""})
    assert walked.status_code == 200, walked.content
    assert set(walked.json()) == {"next", "previous", "results"}
    past = api.get(url, {"page": 99})
    assert past.status_code == 404 and past.json()["code"] == "page_out_of_range"


@pytest.mark.django_db
def test_the_schema_documents_page_and_cursor_on_every_list(demo):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    lists = {path: item["get"] for path, item in schema["paths"].items() if "get" in item and "{" not in path}
    lists = {path: op for path, op in lists.items() if op["operationId"].endswith("_list")}
    assert len(lists) == len(LIST_URLS), sorted(lists)
    for path, operation in lists.items():
        names = {p["name"] for p in operation.get("parameters", [])}
        assert {"page", "cursor"} <= names, path


@pytest.mark.django_db
def test_every_list_endpoint_reads_a_page_in_the_same_queries_however_long(demo, monkeypatch):
    """The full demo's records of each list, 2 to a page and then 25 to a page: no query per row."""
    from registries.management.commands.load_demo import load_without_mail

    load_without_mail()
    api = client_for(demo["users"]["admin"])
    counts = {}
    for url in LIST_URLS:
        assert api.get(url).status_code == 200  # warm-up: caches of the first request
        for size in (2, 25):
            monkeypatch.setattr(PageOrCursorPagination, "page_size", size)
            with CaptureQueriesContext(connection) as queries:
                response = api.get(url)
            assert response.status_code == 200
            assert len(response.json()["results"]) >= min(size, 3), f"the demo has records of {url}"
            counts[url, size] = len(queries)
    grows = {url: (counts[url, 2], counts[url, 25]) for url in LIST_URLS if counts[url, 2] != counts[url, 25]}
    assert not grows, grows
