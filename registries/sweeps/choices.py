"""States and other choices of the inactive-account sweeps (seed 001 p. 6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SweepState(models.TextChoices):
    FORMED = "formed", _("Formed")
    UNDER_REVIEW = "under_review", _("Under review")
    APPLIED = "applied", _("Applied")
    CLOSED = "closed", _("Closed")


#: States in which reviewers may still exclude entries (with a reason) or include them again.
REVIEWABLE_STATES = (SweepState.FORMED, SweepState.UNDER_REVIEW)


class ListingReason(models.TextChoices):
    NEVER_LOGGED_IN = "never_logged_in", _("Never logged in and no action recorded")
    NO_ACTIVITY = "no_activity", _("No login and no action since the half-year began")
