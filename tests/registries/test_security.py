"""Log-in security: lock-out, the authorised body's second factor, headers, settings."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from registries.demo import DEMO_PASSWORD

LOGIN = "/admin/login/"


def login(client, username, password=DEMO_PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/", **extra})


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.mark.django_db
def test_state_body_user_logs_in_with_password_only(client, demo):
    response = login(client, "prosecutor_reporter")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, demo, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        login(client, "prosecutor_reporter", password="wrong-password")
    response = login(client, "prosecutor_reporter")  # the right password no longer helps
    assert response.status_code in (403, 429)
    assert client.get("/admin/").status_code == 302  # not logged in


@pytest.mark.django_db
def test_authorised_body_needs_the_second_factor(client, demo, settings):
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = True
    officer = demo["users"]["officer"]
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)

    response = login(client, "officer")
    assert response.status_code == 200  # form shown again: the code is required
    assert "otp_token" in response.context["form"].errors or response.context["form"].non_field_errors()
    assert client.get("/admin/").status_code == 302

    response = login(client, "officer", otp_token="000000" if current_code(device) != "000000" else "111111")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302

    # a wrong code counts against the device (django-otp throttles further tries for a moment)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()

    # the official types the code only: their one authenticator app is taken
    response = login(client, "officer", otp_token=current_code(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_password_only_session_of_authorised_body_is_refused(client, demo, settings):
    """A session without the verified second factor opens neither the admin nor the API."""
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = True
    client.force_login(demo["users"]["officer"])
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/schema/").status_code in (401, 403)


@pytest.mark.django_db
def test_security_headers(client, demo):
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.get("/admin/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_sessions_expire_after_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_weak_password_refused(demo):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("12345678901", "password123", "officer"):
        with pytest.raises(ValidationError):
            validate_password(weak, demo["users"]["officer"])


@pytest.mark.django_db
def test_api_docs_served_without_inline_script(client, demo):
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.get(reverse("swagger-ui"))
    assert response.status_code == 200
    assert b"<script>" not in response.content


@pytest.mark.django_db
def test_admin_title_and_login_are_kazakh(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="kk")
    html = response.content.decode()
    assert "Телеком-комплаенс" in html and "Бір реттік код" in html
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="ru")
    assert "Одноразовый код" in response.content.decode()
