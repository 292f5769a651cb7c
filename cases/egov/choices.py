"""The choices of seed 002 (Order No. 58 of 25.01.2016, ed. 19.03.2024): request channels, kinds,
steps, results and refusal grounds (p. 5–9, standard rows 5 and 9), and the states of a
complaint (p. 10)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PORTAL = "portal", _("E-gov portal")
    EGOV_MOBILE = "egov_mobile", _("E-gov mobile app")
    BANK_APP = "bank_app", _("Second-tier bank's mobile app")


class RequestKind(models.TextChoices):
    LINK = "link", _("Link a number to the account")
    NUMBER_CHANGE = "number_change", _("Change the linked number")


class Step(models.TextChoices):
    SUBMITTED = "submitted", _("Request made")
    OTP = "otp", _("One-time password confirmed")
    EDS = "eds", _("EDS signature")
    BIOMETRICS = "biometrics", _("Biometric authentication")


class Result(models.TextChoices):
    LINKED = "linked", _("Number linked")
    NOT_REGISTERED = "not_registered", _("Not registered (wrong password or failed biometrics)")
    REFUSED = "refused", _("Reasoned refusal")


class RefusalGround(models.TextChoices):
    """The two refusal grounds of the standard, row 9 (seed 002, Appendix)."""

    REGISTRY_MISMATCH = "registry_mismatch", _(
        "Data do not match the Laws on identity documents and on the national identification-number registers"
    )
    NO_CONSENT = "no_consent", _("No consent to access restricted personal data (Law on Personal Data, Art. 8)")


class ComplaintState(models.TextChoices):
    """p. 10: registered with the provider → fully satisfied by it, or forwarded with the
    administrative case → (at the service-quality authority: registered there, para 6) → upheld /
    dismissed by the reviewing body; a complaint registered in error is withdrawn by the provider
    with its reason."""

    REGISTERED = "registered", _("Registered with the provider")
    SATISFIED = "satisfied", _("Fully satisfied by the provider")
    FORWARDED = "forwarded", _("Forwarded to the reviewing body")
    REGISTERED_BY_AUTHORITY = "registered_by_authority", _("Registered by the service-quality authority")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")
    WITHDRAWN = "withdrawn", _("Withdrawn (registered in error)")


class Decision(models.TextChoices):
    """The decision key of the letter s002-complaint-decision."""

    SATISFIED = "satisfied", _("Upheld")
    PARTIALLY_SATISFIED = "partially_satisfied", _("Upheld in part")
    REJECTED = "rejected", _("Dismissed")
