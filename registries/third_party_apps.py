"""The log-in libraries' apps under names officials read in their own language (the libraries
give none that can be translated)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticOTPConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Log-in attempts and lock-outs")


class TOTPDevicesConfig(TOTPConfig):
    verbose_name = _("Authenticator apps (second factor)")


class StaticTokensConfig(StaticOTPConfig):
    verbose_name = _("One-off emergency codes (second factor)")
