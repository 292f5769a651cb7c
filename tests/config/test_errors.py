"""Failed requests answer in the interface language, or under /api/ as {"code", "detail"}."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from config import errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "detail"),
    [("kk", "API-де мұндай мекенжай жоқ"), ("ru", "В API нет такого адреса")],
)
def test_an_unknown_api_address_answers_json_in_the_language(client, language, detail):
    response = client.get("/api/v1/no-such-list/", HTTP_ACCEPT_LANGUAGE=language, secure=True)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "not_found"
    assert detail in body["detail"]


@pytest.mark.parametrize(
    ("language", "title"),
    [("kk", "Бет табылмады"), ("ru", "Страница не найдена")],
)
def test_an_unknown_page_answers_a_page_in_the_language(client, language, title):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language, secure=True)

    assert response.status_code == 404
    page = response.content.decode()
    assert title in page
    assert "Not Found" not in page
    assert 'href="/admin/"' in page


def test_a_server_error_page_is_in_kazakh_and_the_api_gets_a_code():
    factory = RequestFactory()
    with translation.override("kk"):
        page = errors.server_error(factory.get("/admin/"))
        api = errors.server_error(factory.get("/api/v1/violations/"))

    assert page.status_code == 500
    assert "Бірдеңе дұрыс болмады" in page.content.decode()
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
    assert b'"code": "server_error"' in api.content


def test_a_form_sent_without_its_csrf_token_is_explained_not_a_bare_403():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/admin/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="kk", secure=True
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Нысанның мерзімі өтіп кетті" in page
    assert "CSRF verification failed" not in page
