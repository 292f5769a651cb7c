"""The changelist's search box: its icon's text alternative is in the reader's language too."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "word"), [("kk", "Іздеу"), ("ru", "Найти")])
def test_search_icon_alt_text_is_translated(client, language, word):
    admin_user = get_user_model().objects.create_superuser("root", "root@example.kz", "x-Strong-Pass-2026")
    client.force_login(admin_user)
    client.cookies["django_language"] = language
    response = client.get(reverse("admin:auth_user_changelist"), HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert 'id="searchbar"' in html
    assert 'alt="Search"' not in html
    assert f'alt="{word}"' in html
