"""Shared case machinery: deadlines and the transition log, attached to any case."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeadlineOutcome(models.TextChoices):
    """How a closed term ended: met by the step that meets it, or no longer applicable (the
    case was withdrawn or took another road). An open term has no outcome."""

    MET = "met", _("met")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(met_at__isnull=True)

    def overdue(self, now=None):
        """Open deadlines past due — computed at query time, right even if no job ran."""
        return self.filter(met_at__isnull=True, due__lt=now or timezone.now())

    def due_within(self, delta: timedelta, now=None):
        now = now or timezone.now()
        return self.filter(met_at__isnull=True, due__gte=now, due__lt=now + delta)

    def met_late(self):
        return self.filter(met_at__isnull=False, outcome=DeadlineOutcome.MET, met_at__gt=models.F("due"))

    def for_case(self, case):
        return self.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk)


class Deadline(models.Model):
    """A legal term on a case: its rule and citation, start, due, when it was met, and whose
    action it awaits (DESIGN, "Deadlines and the working calendar")."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("case type"))
    object_id = models.PositiveBigIntegerField(_("case id"))
    case = GenericForeignKey("content_type", "object_id")
    rule_code = models.CharField(_("rule"), max_length=80)
    citation = models.CharField(_("legal basis"), max_length=300)
    start = models.DateTimeField(_("start"))
    due = models.DateTimeField(_("due"))
    met_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=DeadlineOutcome.choices, blank=True, default="")
    awaiting_organisation = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("awaiting organisation"),
        on_delete=models.PROTECT,
        related_name="awaited_deadlines",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["due"], condition=models.Q(met_at__isnull=True), name="deadline_open_due"),
            models.Index(fields=["awaiting_organisation", "due"], condition=models.Q(met_at__isnull=True), name="deadline_open_org_due"),
            # the home page's time-bounded counts per procedure: a range on ``due`` read index-only
            models.Index(
                fields=["content_type", "due", "object_id"], condition=models.Q(met_at__isnull=True), name="deadline_open_ct_due"
            ),
            # the deadline changelist's order (cases.changelists: keys paged by an index scan)
            models.Index(fields=["due", "id"], name="deadline_due_order"),
        ]

    def __str__(self):
        from .rules import rule_label  # the rule as people name it, never its code

        return f"{rule_label(self.rule_code)}: {timezone.localtime(self.due):%d.%m.%Y %H:%M}"

    @property
    def not_applicable(self) -> bool:
        return self.outcome == DeadlineOutcome.NOT_APPLICABLE

    def is_overdue(self, now=None) -> bool:
        if self.not_applicable:
            return False
        now = now or timezone.now()
        return (self.met_at or now) > self.due

    @property
    def status(self) -> str:
        """The one colour of a term, the same on the panel and the list badge
        (``cases.monitoring.badges.badge_colour``): red overdue or met late, amber due soon,
        green on time or met in time, grey not applicable."""
        from .monitoring.badges import badge_colour

        if self.not_applicable:
            return "grey"
        if self.met_at:
            return "red" if self.met_at > self.due else "green"
        return badge_colour(self.start, self.due)


class TransitionLog(models.Model):
    """Every transition of every case: who, when, from, to, comment."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("case type"))
    object_id = models.PositiveBigIntegerField(_("case id"))
    case = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("transition"), max_length=80)
    source = models.CharField(_("from state"), max_length=60)
    target = models.CharField(_("to state"), max_length=60)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    recorded_afterwards = models.BooleanField(
        _("entered afterwards"),
        default=False,
        help_text=_("The step was done outside the system (on paper, by post) and entered later with its real time."),
    )

    class Meta:
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"]),
            # the transition log's changelist order (cases.changelists)
            models.Index(fields=["at", "id"], name="transitionlog_at_order"),
        ]

    def __str__(self):
        from .timeline import state_label, step_label  # labels, never the step's or states' codes

        model = self.content_type.model_class()
        if model is None:
            return f"{self.transition}: {self.source} → {self.target}"
        return f"{step_label(model, self.transition)}: {state_label(model, self.source)} → {state_label(model, self.target)}"
