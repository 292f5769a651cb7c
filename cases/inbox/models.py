"""The inbox: the next actor is told (DESIGN, "Who must act").

A ``Notice`` is addressed to one organisation (the one that must act next on a case); whether a
user has read it is per user (``NoticeRead``; "mark all read" is a per-user watermark on
``InboxPreference``, so it writes one row however many notices there are). Its e-mail goes once
per language of the members who want e-mail (``NoticeEmail``, sent by the reminders' delivery
machinery, ``cases.monitoring.reminders``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.monitoring.models import Delivery
from registries.scoping import ScopedManager


class NoticeEvent(models.TextChoices):
    STEP = "step", _("step taken")
    REMINDER = "reminder", _("term reminder")


class Notice(models.Model):
    organisation = models.ForeignKey(
        "registries.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("case type"))
    object_id = models.PositiveBigIntegerField(_("case id"))
    case = GenericForeignKey("content_type", "object_id")
    event = models.CharField(_("event"), max_length=12, choices=NoticeEvent.choices, default=NoticeEvent.STEP)
    #: the step's transition name (its label is looked up when shown, in the reader's language)
    transition = models.CharField(_("step"), max_length=80, blank=True)
    reminder = models.ForeignKey(
        "monitoring.DeadlineReminder",
        verbose_name=_("deadline reminder"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    deadline = models.ForeignKey(
        "cases.Deadline", verbose_name=_("deadline"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateTimeField(_("due"), null=True, blank=True)
    happened_at = models.DateTimeField(_("happened at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "created_at"], name="inbox_notice_org_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "organisation"],
                condition=models.Q(reminder__isnull=False),
                name="inbox_notice_once_per_reminder",
            ),
        ]

    def __str__(self):
        model = self.content_type.model_class()
        procedure = model._meta.verbose_name if model else self.content_type.model
        return f"{self.organisation} — {procedure} №{self.object_id}"


class NoticeRead(models.Model):
    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice read")
        verbose_name_plural = _("notices read")
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="inbox_read_once_per_user")]

    def __str__(self):
        return f"{self.user} — {self.notice_id}"


class InboxPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="inbox_preference"
    )
    email = models.BooleanField(
        _("Send me e-mails about new notices"),
        default=True,
        help_text=_("Notices always appear in the inbox; this only switches the e-mails off or on."),
    )
    #: "mark all read": every notice created up to this moment is read for this user
    read_all_before = models.DateTimeField(_("all read up to"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox preference")
        verbose_name_plural = _("inbox preferences")

    def __str__(self):
        return str(self.user)


class NoticeEmail(Delivery):
    """The e-mail of a notice to the members who read one language (kk; ru for those who chose it).
    Listed for the authorised body only (no ``visibility_q``: nobody else sees the rows)."""

    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="emails")
    language = models.CharField(_("language"), max_length=8)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("notice e-mail")
        verbose_name_plural = _("notice e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "language"], name="inbox_email_once_per_language"),
        ]
        indexes = [
            models.Index(
                fields=["state", "last_attempt_at"],
                condition=models.Q(state__in=["pending", "failed", "sending"]),
                name="inbox_email_todo",
            ),
        ]
