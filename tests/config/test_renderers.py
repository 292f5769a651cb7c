"""The browsable API renders no forms: a form's related-field choices (and a filter form's) would
list records of every organisation, whatever the user may see."""

import pytest
from rest_framework.test import APIClient

from tests.cases.egov.factories import ServiceRequestFactory, make_provider

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/complaints/", "/api/v1/service-requests/"])
def test_browsable_api_lists_no_other_organisations_records_in_forms(demo, path):
    other = ServiceRequestFactory(provider=make_provider(), created_by=demo["users"]["provider"], request_number="KZ-EGOV-2026-OTHER-77")
    own = ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"], request_number="KZ-EGOV-2026-OWN-11")
    client = APIClient()
    client.force_authenticate(demo["users"]["provider"])
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    page = response.content.decode()
    assert other.request_number not in page
    assert 'data-override="content-type"' in page  # the raw JSON box stays
    assert "<option" not in page.replace('<option value="application/json" selected>', "").replace(
        '<option value="application/x-www-form-urlencoded">', "").replace('<option value="multipart/form-data">', "")
    assert own.pk  # the provider's own requests are read through the list itself, not a form


def test_the_html_renderer_is_ours():
    from django.conf import settings

    renderers = settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"]
    assert renderers == ["rest_framework.renderers.JSONRenderer", "config.renderers.BrowsableAPIWithoutForms"]
