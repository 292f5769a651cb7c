"""States and other choices of the staff lists (seed 001, Order No. 409, p. 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffListState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: States whose list counts as "sent to the authorised body" for the half-year (p. 5).
DELIVERED_STATES = (StaffListState.SUBMITTED, StaffListState.ACCEPTED, StaffListState.SUPERSEDED)

#: States in which the state body still works on its list (a new import replaces its rows).
OPEN_STATES = (StaffListState.DRAFT, StaffListState.RETURNED)

#: A state body has at most one list in these states per half-year (the database constraint).
IN_PROGRESS_STATES = (*OPEN_STATES, StaffListState.SUBMITTED)


class ReminderKind(models.TextChoices):
    BEFORE_END = "before_end", _("Half-year ends soon")
    AFTER_END = "after_end", _("Half-year ended without a list")
