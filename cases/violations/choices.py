"""The states and channels of a notification of prohibited information (seed 001 p. 8–11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for completion")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    RESTRICTION_ORDERED = "restriction_ordered", _("Restriction ordered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The one definition of "finished": closed after the restriction (p. 10), refused with its
#: grounds (p. 11), or withdrawn by the state body as recorded in error.
FINAL_STATES = (ReportState.CLOSED, ReportState.REJECTED, ReportState.WITHDRAWN)
#: States in which a report's facts count as confirmed (duplicates are looked up among these).
CONFIRMED_STATES = (ReportState.CONFIRMED, ReportState.RESTRICTION_ORDERED, ReportState.CLOSED)
#: States in which the reporting state body may still edit its report.
EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)
#: States from which the state body may withdraw a notification recorded in error: before the
#: authorised body reviews it, or when it was returned to the state body for completion.
WITHDRAWABLE_STATES = (ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED)


class Channel(models.TextChoices):
    SYSTEM = "system", _("Information system (p. 8)")
    LETTER = "letter", _("Electronic-document letter by Appendix 2 (p. 9)")
