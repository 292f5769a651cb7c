"""Log-in security: the second factor (TOTP, django-otp) for the authorised body's staff, the
client address behind the reverse proxy for the lock-out, and the API tokens.

The authorised body signs instructions that restrict access to information; its staff (and
superusers) must pass a one-time password after their password. Everyone else logs in with a
password (django-axes locks out repeated failures for all).
"""

import ipaddress

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin
from rest_framework.authentication import SessionAuthentication

from registries.roles import OrganisationKind
from registries.scoping import organisation_of


def requires_second_factor(user) -> bool:
    if not getattr(settings, "OTP_REQUIRED_FOR_AUTHORISED_BODY", True):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    organisation = organisation_of(user)
    return organisation is not None and organisation.kind == OrganisationKind.AUTHORISED_BODY


def is_fully_authenticated(user) -> bool:
    return not requires_second_factor(user) or bool(getattr(user, "is_verified", lambda: False)())


class LoginForm(AdminAuthenticationForm, OTPAuthenticationFormMixin):
    """Password for everyone; a TOTP code in addition for those who need the second factor."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("One-time code"),
        required=False,
        help_text=_("The authorised body's staff enter the 6-digit code of their authenticator app."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if requires_second_factor(user):
            self.clean_otp(user)
        return cleaned

    def _chosen_device(self, user):
        """The device the form names, else the user's one confirmed authenticator app (officials
        type a code; they do not pick a device)."""
        device = super()._chosen_device(user)
        if device is None:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            apps = list(TOTPDevice.objects.devices_for_user(user, confirmed=True)[:2])
            device = apps[0] if len(apps) == 1 else None
        return device


class ComplianceAdminSite(AdminSite):
    site_header = _("Telecom compliance back office")
    site_title = _("Telecom compliance")
    index_title = _("Procedures and registries")
    login_form = LoginForm
    login_template = "admin/compliance_login.html"

    def has_permission(self, request):
        return super().has_permission(request) and is_fully_authenticated(request.user)


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browsable API with a session: the same second-factor rule as the admin."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and not is_fully_authenticated(result[0]):
            return None
        return result


def _register_schema_extension():
    """Describe VerifiedSessionAuthentication in the OpenAPI schema as the session cookie it is."""
    from drf_spectacular.authentication import SessionScheme

    class VerifiedSessionScheme(SessionScheme):
        target_class = "registries.security.VerifiedSessionAuthentication"
        name = "cookieAuth"


_register_schema_extension()


def client_ip_address(request) -> str:
    """The client's address for the lock-out (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

    Without a proxy (``TRUSTED_PROXY_COUNT`` 0) it is the peer's address and a client-sent
    X-Forwarded-For is ignored. Behind N reverse proxies, each appending the address it received
    the request from, the client is the N-th entry from the right: entries to its left are the
    client's own inventions and are never believed. A request with fewer entries did not come
    through the proxies: the peer's address counts.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


# API tokens (django-rest-knox): only a hash is stored, every token expires (REST_KNOX TOKEN_TTL),
# and a password change or a deactivation revokes all the user's tokens. People issue their own
# in the admin (so only after the second factor) and revoke them there; the authorised body sees
# and revokes every token.


def build_api_token(user):
    """An unsaved token for ``user`` with its expiry, and the token text (shown once, never stored)."""
    from knox.models import get_digest_token, get_token_model
    from knox.settings import CONSTANTS, knox_settings

    digest, text = get_digest_token()
    expiry = timezone.now() + knox_settings.TOKEN_TTL
    record = get_token_model()(user=user, digest=digest, token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH], expiry=expiry)
    return record, text


def issue_api_token(user):
    """Issue a token for ``user``: the saved record and the token text."""
    record, text = build_api_token(user)
    record.save(force_insert=True)
    return record, text


def revoke_api_tokens(user) -> int:
    from knox.models import get_token_model

    deleted, _detail = get_token_model().objects.filter(user=user).delete()
    return deleted


def api_tokens_visible_to(user):
    """The tokens a user may list and revoke: their own; every token for the authorised body."""
    from knox.models import get_token_model

    tokens = get_token_model().objects.select_related("user")
    if user.is_superuser:
        return tokens
    organisation = organisation_of(user)
    if organisation is not None and organisation.kind == OrganisationKind.AUTHORISED_BODY:
        return tokens
    return tokens.filter(user=user)


def _note_credential_change(sender, instance, raw=False, **kwargs):
    """Before a user is saved: will the password or the active flag change?"""
    instance._revoke_api_tokens = False
    if raw or instance.pk is None:
        return
    before = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before is not None:
        instance._revoke_api_tokens = before["password"] != instance.password or (before["is_active"] and not instance.is_active)


def _revoke_after_credential_change(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_revoke_api_tokens", False):
        instance._revoke_api_tokens = False
        revoke_api_tokens(instance)


def connect_signals():
    """Called from ``config.apps.ComplianceAdminConfig.ready`` (idempotent)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save, pre_save

    user_model = get_user_model()
    pre_save.connect(_note_credential_change, sender=user_model, dispatch_uid="registries.security.note_credentials")
    post_save.connect(_revoke_after_credential_change, sender=user_model, dispatch_uid="registries.security.revoke_tokens")
