"""Page headings start with a capital letter in every language ("%s өзгерту" puts the model's
lower-case name first in Kazakh)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_change_page_heading_starts_with_a_capital(demo, client, language):
    from registries.models import Organisation

    organisation = Organisation.objects.order_by("pk").first()
    client.force_login(demo["users"]["admin"])

    page = client.get(reverse("admin:registries_organisation_change", args=[organisation.pk]), HTTP_ACCEPT_LANGUAGE=language)

    heading = re.search(r"<h1>(.*?)</h1>", page.content.decode(), re.S).group(1).strip()
    assert heading[0].isupper(), heading
