"""Every path that opens a session asks for the second factor where the admin does; lock-out is
per user name AND address, with the real client address read behind the reverse proxy."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from registries.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-long-passphrase-2026"


@pytest.fixture
def officer_with_app(demo, settings):
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = True
    officer = demo["users"]["officer"]
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    return officer


def test_accounts_login_page_answers_without_an_error(client):
    response = client.get("/accounts/login/?next=/admin/")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url.startswith("/admin/login/") and "next=" in response.url


def test_accounts_login_with_the_password_alone_opens_no_session_for_the_authorised_body(client, officer_with_app):
    response = client.post("/accounts/login/", {"username": "officer", "password": DEMO_PASSWORD}, follow=True)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 405)
    assert client.get("/admin/").status_code == 302


def test_password_change_needs_the_second_factor(client, officer_with_app):
    """A session that did not pass the code (however it was opened) cannot change the password."""
    client.force_login(officer_with_app)
    response = client.get("/accounts/password_change/", follow=True)
    assert b'name="new_password1"' not in response.content
    client.post("/accounts/password_change/", {
        "old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post("/admin/password_change/", {
        "old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    officer_with_app.refresh_from_db()
    assert officer_with_app.check_password(DEMO_PASSWORD)


def test_password_change_works_after_a_full_log_in(client, demo):
    response = client.post("/admin/login/", {"username": "prosecutor_reporter", "password": DEMO_PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    response = client.get("/accounts/password_change/", follow=True)
    assert response.status_code == 200
    assert b'name="new_password1"' in response.content
    response = client.post(response.redirect_chain[-1][0] if response.redirect_chain else "/accounts/password_change/", {
        "old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="prosecutor_reporter").check_password(NEW_PASSWORD)


def test_password_reset_stays(client, demo):
    assert client.get("/accounts/password_reset/").status_code == 200


def test_lock_out_is_per_user_name_and_address(client, demo, settings):
    """Failures from one address lock that pair only: the victim logs in from their own address."""
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(4):
        client.post("/admin/login/", {"username": "prosecutor_reporter", "password": "wrong-password-1", "next": "/admin/"},
                    REMOTE_ADDR="203.0.113.7")
    locked = client.post("/admin/login/", {"username": "prosecutor_reporter", "password": DEMO_PASSWORD, "next": "/admin/"},
                         REMOTE_ADDR="203.0.113.7")
    assert locked.status_code in (403, 429)
    response = client.post("/admin/login/", {"username": "prosecutor_reporter", "password": DEMO_PASSWORD, "next": "/admin/"},
                           REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302


def test_lock_out_behind_the_proxy_counts_the_real_client_address(client, demo, settings):
    """Behind one proxy every request comes from the proxy's address: the client's own address
    (the last X-Forwarded-For entry, the one the proxy appended) is what is locked."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for attempt in range(4):  # the attacker varies the entries it sends itself: no escape
        client.post("/admin/login/", {"username": "police_reporter", "password": "wrong-password-1", "next": "/admin/"},
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.7", **proxy)
    locked = client.post("/admin/login/", {"username": "police_reporter", "password": DEMO_PASSWORD, "next": "/admin/"},
                         HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy)
    assert locked.status_code in (403, 429)
    # the victim, through the same proxy, from their own address
    response = client.post("/admin/login/", {"username": "police_reporter", "password": DEMO_PASSWORD, "next": "/admin/"},
                           HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)
    assert response.status_code == 302


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (0, "192.0.2.1", "10.0.0.2"),  # no proxy configured: a client-sent header is ignored
    (1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
    (2, "192.0.2.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
    (2, "203.0.113.7", "10.0.0.2"),  # fewer entries than proxies: not through them, the peer counts
    (1, "not-an-address", "10.0.0.2"),
])
def test_client_address(settings, count, forwarded, expected):
    from registries.security import client_ip_address

    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2")
    assert client_ip_address(request) == expected
