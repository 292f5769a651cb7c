"""Deadline reminders: one row per (deadline, reminder point), so each reminder is sent
exactly once however often the job runs or however many workers run it at once.

``Delivery`` is the e-mail leg every such row shares (state, attempts, last error, recipients):
the deadline reminders and the inbox's notice e-mails (``cases.inbox.models.NoticeEmail``) are
both sent by ``cases.monitoring.reminders`` (claim, retry, exactly once)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registries.scoping import ScopedManager


class ReminderPoint(models.TextChoices):
    """When the awaiting organisation is reminded (setting ``DEADLINE_REMINDER_POINTS``)."""

    HALF = "half", _("half of the term elapsed")
    ONE_WORKING_HOUR_LEFT = "one_working_hour_left", _("one working hour left")
    OVERDUE = "overdue", _("overdue")


class ReminderState(models.TextChoices):
    """The state of one e-mail delivery (a reminder or a notice e-mail)."""

    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will be retried")
    CANCELLED = "cancelled", _("cancelled: deadline met")
    SKIPPED = "skipped", _("not sent: nobody to send it to")


#: The generic name of the states (the reminders keep theirs).
DeliveryState = ReminderState

RETRYABLE_STATES = (ReminderState.PENDING, ReminderState.FAILED)


class Delivery(models.Model):
    """The e-mail leg of a row sent once by ``cases.monitoring.reminders``: a row is created once
    (a unique constraint of the concrete model), claimed by one worker, retried on failure."""

    state = models.CharField(_("state"), max_length=12, choices=ReminderState.choices, default=ReminderState.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        abstract = True


class DeadlineReminder(Delivery):
    deadline = models.ForeignKey(
        "cases.Deadline", verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="reminders"
    )
    point = models.CharField(_("reminder point"), max_length=40, choices=ReminderPoint.choices)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "point"], name="monitoring_reminder_once_per_point"),
        ]
        indexes = [
            models.Index(
                fields=["state", "last_attempt_at"],
                condition=Q(state__in=["pending", "failed", "sending"]),
                name="monitoring_reminder_todo",
            ),
        ]

    def __str__(self):
        return f"{self.get_point_display()} — {self.deadline}"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """An organisation sees the reminders sent to it about what awaits it."""
        return Q(deadline__awaiting_organisation=organisation)
