"""API tokens (django-rest-knox): they expire, are stored hashed, die with a password change or a
deactivation, and are listed and revocable by their user and by the authorised body."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from registries.security import issue_api_token

pytestmark = pytest.mark.django_db

API = "/api/v1/schema/"
CHANGELIST = "/admin/knox/authtoken/"


def api(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_is_stored_hashed_and_expires(demo):
    record, token = issue_api_token(demo["users"]["sts"])
    stored = AuthToken.objects.get(pk=record.pk)
    assert token not in {stored.digest, stored.token_key}
    assert stored.expiry is not None and stored.expiry > timezone.now()
    assert api(token).get(API).status_code == 200

    AuthToken.objects.filter(pk=record.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert api(token).get(API).status_code == 401


def test_a_password_change_revokes_the_users_tokens(demo):
    user = demo["users"]["sts"]
    _record, token = issue_api_token(user)
    _other, other_token = issue_api_token(demo["users"]["kcell"])
    user.set_password("A-new-long-passphrase-2026")
    user.save()
    assert api(token).get(API).status_code == 401
    assert not AuthToken.objects.filter(user=user).exists()
    assert api(other_token).get(API).status_code == 200  # nobody else's


def test_a_deactivation_revokes_the_users_tokens(demo):
    user = demo["users"]["sts"]
    _record, token = issue_api_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not AuthToken.objects.filter(user=user).exists()
    assert api(token).get(API).status_code == 401


def test_drf_plain_tokens_are_gone(demo):
    from django.conf import settings

    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
    assert "rest_framework.authentication.TokenAuthentication" not in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]


def test_a_user_lists_issues_and_revokes_their_own_tokens_only(client, demo):
    sts, kcell = demo["users"]["sts"], demo["users"]["kcell"]
    own, _ = issue_api_token(sts)
    other, _ = issue_api_token(kcell)
    client.force_login(sts)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    listed = {token.pk for token in page.context["cl"].result_list}
    assert listed == {own.pk}
    assert client.get(f"{CHANGELIST}{other.pk}/delete/").status_code in (302, 403, 404)
    client.post(f"{CHANGELIST}{other.pk}/delete/", {"post": "yes"})
    assert AuthToken.objects.filter(pk=other.pk).exists()

    # issue: the token is shown once, in the message; only its hash is kept
    response = client.post(f"{CHANGELIST}add/", {}, follow=True)
    assert response.status_code == 200
    new = AuthToken.objects.filter(user=sts).exclude(pk=own.pk).get()
    shown = " ".join(str(message) for message in response.context["messages"])
    token = next(word for word in shown.split() if len(word) == 64)
    assert api(token).get(API).status_code == 200
    assert token not in new.digest

    # revoke
    response = client.post(f"{CHANGELIST}{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AuthToken.objects.filter(pk=own.pk).exists()


def test_the_authorised_body_lists_and_revokes_every_token(client, demo):
    other, token = issue_api_token(demo["users"]["kcell"])
    client.force_login(demo["users"]["supervisor"])
    page = client.get(CHANGELIST)
    assert other.pk in {t.pk for t in page.context["cl"].result_list}
    assert b"kcell" in page.content
    assert client.post(f"{CHANGELIST}{other.pk}/delete/", {"post": "yes"}).status_code == 302
    assert api(token).get(API).status_code == 401


def test_a_token_is_issued_only_in_a_session_that_passed_the_second_factor(client, demo, settings):
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = True
    officer = demo["users"]["officer"]
    client.force_login(officer)  # password only
    client.post(f"{CHANGELIST}add/", {})
    assert not AuthToken.objects.filter(user=officer).exists()
