"""The results page /admin/search/?q= and the header's box: admin look, grouped by procedure,
scoped, clear messages for a short term and for nothing found; only for signed-in staff."""

import pytest
from django.urls import reverse

from tests.cases.violations.factories import complete_report

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


@pytest.fixture
def report(demo):
    return complete_report(demo, facts=(("domain", "qazaq-shop.example.kz"),))


def page(client, user, term):
    client.force_login(user)
    response = client.get(URL, {"q": term})
    assert response.status_code == 200
    return response.content.decode()


def test_the_header_has_the_box_with_a_label_on_every_admin_page(client, demo):
    client.force_login(demo["users"]["officer"])
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="header-search"' in html and 'role="search"' in html
    assert '<label for="header-search-q" class="visually-hidden">' in html
    assert f'action="{URL}"' in html


def test_results_grouped_under_the_procedure_with_links(client, demo, report):
    html = page(client, demo["users"]["prosecutor_reporter"], "qazaq-shop.example.kz")
    assert 'id="search-violations"' in html
    assert f'href="/admin/violations/violationreport/{report.pk}/change/"' in html
    assert report.get_state_display() in html
    assert 'class="breadcrumbs"' in html
    assert 'value="qazaq-shop.example.kz"' in html  # the box keeps the term


def test_another_organisation_gets_nothing_found(client, demo, report):
    html = page(client, demo["users"]["police_reporter"], str(report.pk))
    assert 'id="search-nothing"' in html
    assert f"/violationreport/{report.pk}/" not in html


def test_a_short_word_is_refused_with_a_message_a_short_number_is_not(client, demo, report):
    assert 'id="search-too-short"' in page(client, demo["users"]["officer"], "ab")
    assert f"/violationreport/{report.pk}/" in page(client, demo["users"]["officer"], str(report.pk))


def test_an_empty_term_explains_what_to_type(client, demo):
    assert 'id="search-empty-term"' in page(client, demo["users"]["officer"], "")


def test_anonymous_goes_to_the_login_page(client, demo):
    response = client.get(URL, {"q": "12"})
    assert response.status_code == 302 and "/login/" in response["Location"]
