"""The records of a seed 004 case: the links and screenshots attached to the Appendix 1 letter,
the STS's traffic statistics (p. 7–8), and the instructions sent to the STS with their rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.uploads import GuardedStorage, RandomName, inspect_into
from registries.scoping import ScopedManager

from . import throttle
from .choices import InstructionKind

#: Appendix 1 attaches "экран түсірілімдері" (screenshots): images only, read from their content.
SCREENSHOT_TYPES = ("image/png", "image/jpeg", "image/webp")
SCREENSHOT_TYPE_MESSAGE = _(
    "A screenshot is a PNG, JPEG or WebP image (recognised by its content, not by the file name; "
    "№ 267-НҚ бұйрықпен бекітілген Қағидаларға 1-қосымша)."
)


def evidence_storage():
    return GuardedStorage("platform-evidence-file")


class PlatformEvidence(models.Model):
    """A link and its screenshot, attached to the Appendix 1 letter ("Қосымша (сілтемелер және
    бұзылушылықтар бар экран түсірілімдер)"). The screenshot is checked by its content, stored under
    a random name and served only to who may see the case (``cases.uploads``)."""

    case = models.ForeignKey("platforms.PlatformCase", verbose_name=_("case"), on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(_("link"), max_length=2000)
    screenshot = models.FileField(
        _("screenshot"), upload_to=RandomName("platforms/evidence"), storage=evidence_storage, max_length=200, blank=True
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=40, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("link / screenshot")
        verbose_name_plural = _("links and screenshots")
        ordering = ["pk"]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        if self.screenshot and not self.sha256:
            self.clean()
        super().save(*args, **kwargs)

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(case__organisation=organisation)

    def clean(self):
        inspect_into(self, "screenshot", allowed_types=SCREENSHOT_TYPES, type_message=SCREENSHOT_TYPE_MESSAGE)


class TrafficStatistic(models.Model):
    """One row of the STS's answer (p. 7–8): a regional object of the centralised
    network-management system, a period of the day and the peak throughput in Kbit/s."""

    case = models.ForeignKey(
        "platforms.PlatformCase", verbose_name=_("case"), on_delete=models.CASCADE, related_name="traffic_statistics"
    )
    regional_object = models.ForeignKey(
        "registries.RegionalObject", verbose_name=_("regional object"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.TimeField(_("period starts"))
    period_end = models.TimeField(_("period ends"), help_text=_("At or before the start: the period runs past midnight."))
    peak_kbps = models.DecimalField(
        _("peak throughput, Kbit/s"), max_digits=16, decimal_places=3, validators=[MinValueValidator(0)]
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("entered at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("traffic statistic")
        verbose_name_plural = _("traffic statistics")
        ordering = ["case", "regional_object__name_kk", "period_start"]
        indexes = [models.Index(fields=["case", "regional_object", "period_start"])]

    def __str__(self):
        return _("%(object)s: %(start)s–%(end)s, %(value)s Kbit/s") % {
            "object": self.regional_object,
            "start": f"{self.period_start:%H:%M}",
            "end": f"{self.period_end:%H:%M}",
            "value": number_format(self.peak_kbps, force_grouping=True),
        }

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(case__sts=organisation)

    def clean(self):
        """The one check of a row (also used for a batch: ``traffic.record_statistics``)."""
        if self.case_id and self.regional_object_id and self.period_start is not None and self.period_end is not None:
            others = TrafficStatistic.objects.filter(case_id=self.case_id, regional_object_id=self.regional_object_id)
            if self.pk:
                others = others.exclude(pk=self.pk)
        else:
            others = []
        errors = throttle.statistic_row_errors(self, list(others))
        if errors:
            raise ValidationError(errors)


class ThrottleInstruction(models.Model):
    """An instruction to the STS on a platform case, each a register-numbered letter: the
    Appendix 3 throttling instruction (p. 9), the instruction lifting the limits, or the access
    restriction (Art. 41-1 p. 1-1 of the Law on Communications). One sent on paper before it was
    recorded keeps its paper register number and has no letter in the system."""

    Kind = InstructionKind

    case = models.ForeignKey(
        "platforms.PlatformCase", verbose_name=_("case"), on_delete=models.PROTECT, related_name="throttle_instructions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THROTTLE)
    level = models.PositiveSmallIntegerField(_("reduction, %"), default=0)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_register_number = models.CharField(_("notice register number"), max_length=60, blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    letter_id = models.PositiveBigIntegerField(_("outgoing letter"), null=True, blank=True)
    register_number = models.CharField(_("register number"), max_length=60, blank=True)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    execution_report = models.TextField(_("execution report"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("throttling instruction")
        verbose_name_plural = _("throttling instructions")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["case", "issued_at"])]

    def __str__(self):
        if self.kind == self.Kind.LIFT:
            return _("Lifting of the limits, case № %(case)s") % {"case": self.case_id}
        if self.kind == self.Kind.RESTRICT:
            return _("Access restriction, case № %(case)s") % {"case": self.case_id}
        return _("Throttling by %(level)s %%, case № %(case)s") % {"level": self.level, "case": self.case_id}

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(case__sts=organisation)

    @property
    def letter(self):
        if not self.letter_id:
            return None
        from forms_kz.models import OutgoingLetter

        return OutgoingLetter.objects.filter(pk=self.letter_id).first()


class ThrottleLimit(models.Model):
    """A row of the Appendix 3 table: regional object, upper limit in Kbit/s, period of the day."""

    instruction = models.ForeignKey(
        ThrottleInstruction, verbose_name=_("instruction"), on_delete=models.CASCADE, related_name="rows"
    )
    regional_object = models.ForeignKey(
        "registries.RegionalObject", verbose_name=_("regional object"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.TimeField(_("period starts"))
    period_end = models.TimeField(_("period ends"))
    peak_kbps = models.DecimalField(_("peak throughput, Kbit/s"), max_digits=16, decimal_places=3)
    limit_kbps = models.PositiveBigIntegerField(_("upper limit, Kbit/s"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("limit")
        verbose_name_plural = _("limits")
        ordering = ["instruction", "regional_object__name_kk", "period_start"]

    def __str__(self):
        return _("%(object)s: %(value)s Kbit/s (%(start)s–%(end)s)") % {
            "object": self.regional_object,
            "value": number_format(self.limit_kbps, force_grouping=True),
            "start": f"{self.period_start:%H:%M}",
            "end": f"{self.period_end:%H:%M}",
        }

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(instruction__case__sts=organisation)
