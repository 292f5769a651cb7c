"""Log-in security: the second factor (TOTP, django-otp) for the authorised body's staff.

The authorised body signs instructions that restrict access to information; its staff (and
superusers) must pass a one-time password after their password. Everyone else logs in with a
password (django-axes locks out repeated failures for all).
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
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
