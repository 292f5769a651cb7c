"""Foreign online platforms and messengers — seed 004 (Order No. 267-НҚ of 24.06.2024), p. 3–10.

A ``PlatformCase`` runs one of the two roads of the Rules:

* prohibited information (p. 4–5): monitoring (for a messenger only on a user's complaint about
  repeated violations, p. 4) → detected → warning letter, Appendix 1, within three working days
  (p. 5) → removed (closed) or not removed → restriction instruction under Art. 41-1 of the Law on
  Communications (no term in the act for a platform ignoring a warning letter: the case records
  when the official decided);
* no legal representative (p. 6–10): detected → notice, Appendix 2, within three working days
  (p. 6) → representative appointed (closed), or not → request to the STS for traffic statistics
  within eight months of the notice (p. 7), answered within 15 calendar days (p. 8) → throttling
  instruction, Appendix 3, at 10 / 50 / 90 % by the time elapsed since the notice (p. 9), the STS
  executes and reports within 10 тәулік (p. 10, Appendix 3 p. 2) → next level when a window passes
  → compliance: an instruction lifting the limits.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase, precondition
from registries.roles import OrganisationKind, Role
from registries.scoping import ScopedManager, role_permission

from . import throttle
from .rules import RESTRICTION_AFTER_NOTICE

OFFICIALS = (Role.AUTHORISED_OFFICER, Role.AUTHORISED_SUPERVISOR)


class PlatformCaseState(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    DETECTED = "detected", _("Violation detected")
    WARNING_SENT = "warning_sent", _("Warning letter sent")
    CONTENT_REMOVED = "content_removed", _("Information removed (closed)")
    RESTRICTION_ORDERED = "restriction_ordered", _("Access restriction ordered")
    NOTICE_SENT = "notice_sent", _("Legal-representative notice sent")
    REPRESENTATIVE_APPOINTED = "representative_appointed", _("Legal representative appointed (closed)")
    STATISTICS_REQUESTED = "statistics_requested", _("Traffic statistics requested from the STS")
    STATISTICS_RECEIVED = "statistics_received", _("Traffic statistics received")
    THROTTLED = "throttled", _("Throttling in force")
    LIMITS_LIFTED = "limits_lifted", _("Limits lifted (closed)")


CLOSED_STATES = (
    PlatformCaseState.CONTENT_REMOVED,
    PlatformCaseState.RESTRICTION_ORDERED,
    PlatformCaseState.REPRESENTATIVE_APPOINTED,
    PlatformCaseState.LIMITS_LIFTED,
)
S = PlatformCaseState


class PlatformCaseGround(models.TextChoices):
    PROHIBITED_INFORMATION = "prohibited_information", _("Prohibited information (p. 5, Appendix 1)")
    NO_LEGAL_REPRESENTATIVE = "no_legal_representative", _("No legal representative (p. 6, Appendix 2)")


# --- Preconditions (each names its clause) ------------------------------------------------


@precondition(_("A messenger is monitored only on a recorded user complaint about repeated violations (№ 267-НҚ бұйрық, 4-т.)."))
def messenger_complaint_recorded(case) -> bool:
    return case.has_required_complaint


@precondition(_("The warning letter is for prohibited information (№ 267-НҚ бұйрық, 5-т.)."))
def ground_is_information(case) -> bool:
    return case.ground == PlatformCaseGround.PROHIBITED_INFORMATION


@precondition(_("The notice is for a platform without a legal representative (№ 267-НҚ бұйрық, 6-т.)."))
def ground_is_representative(case) -> bool:
    return case.ground == PlatformCaseGround.NO_LEGAL_REPRESENTATIVE


@precondition(_("Appendix 1 needs the user's data, the legal norms, the violation type and what is to be removed (№ 267-НҚ бұйрық, 1-қосымша)."))
def warning_facts_complete(case) -> bool:
    return all(
        str(value).strip()
        for value in (case.offending_user_data, case.legal_norms, case.violation_type, case.content_to_remove)
    )


@precondition(_("Appendix 1 is sent with links and screenshots of the violations attached (№ 267-НҚ бұйрық, 1-қосымша)."))
def has_evidence(case) -> bool:
    return case.evidence.exists()


@precondition(_("Appendix 2 applies only to a foreign online platform (Law on Online Platforms, Art. 9 p. 1; № 267-НҚ бұйрық, 6-т.)."))
def platform_is_foreign(case) -> bool:
    return case.platform.is_foreign


@precondition(_("Appendix 2 applies only above 100,000 average daily users in Kazakhstan over a month (Law on Online Platforms, Art. 9 p. 1)."))
def platform_over_threshold(case) -> bool:
    return case.platform.average_daily_users_kz > case.platform.LEGAL_REPRESENTATIVE_THRESHOLD


@precondition(_("The platform already has a legal representative in Kazakhstan (Law on Online Platforms, Art. 9 p. 1)."))
def platform_has_no_representative(case) -> bool:
    return not case.platform.legal_representative.strip()


@precondition(_("The platform's receipt of the notice is already recorded."))
def notice_receipt_not_recorded(case) -> bool:
    return case.notice_received_at is None


@precondition(_("The six-hour term runs from the platform's receipt of the notice: record the receipt first (№ 267-НҚ бұйрық, 2-қосымша)."))
def notice_receipt_recorded(case) -> bool:
    return case.notice_received_at is not None


@precondition(_("No identified violations to restrict: the case names no information to be removed (№ 267-НҚ бұйрық, 2-қосымша)."))
def has_identified_violations(case) -> bool:
    return bool(case.content_to_remove.strip())


@precondition(_("A restriction instruction has already been ordered on this case."))
def restriction_not_ordered(case) -> bool:
    return case.restriction_ordered_at is None


@precondition(_("The request to the STS is allowed only within eight months of the notice (№ 267-НҚ бұйрық, 7-т.)."))
def within_statistics_window(case) -> bool:
    return case.notice_sent_at is not None and timezone.now() <= case.statistics_window_end


@precondition(_("The STS has entered no traffic statistics yet (№ 267-НҚ бұйрық, 8-т.)."))
def has_statistics(case) -> bool:
    return case.traffic_statistics.exists()


@precondition(_("More than one year and six months have passed since the notice: the Rules set no throttling level (№ 267-НҚ бұйрық, 9-т.)."))
def throttling_window_open(case) -> bool:
    return case.allowed_throttle_level() is not None


@precondition(_("The throttling window of the current level has not passed yet (№ 267-НҚ бұйрық, 9-т.)."))
def next_level_due(case) -> bool:
    return case.next_level_available


@precondition(_("The STS has already reported the execution of the current instruction."))
def current_instruction_unreported(case) -> bool:
    instruction = case.current_instruction
    return instruction is not None and instruction.executed_at is None


class PlatformCase(ProcedureCase):
    """A case on a foreign online platform or messenger (seed 004, p. 3–10)."""

    LEGAL_ACT_CODE = "s004"
    FINAL_STATES = (PlatformCaseState.CONTENT_REMOVED, PlatformCaseState.REPRESENTATIVE_APPOINTED, PlatformCaseState.LIMITS_LIFTED)

    organisation = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("authorised body"),
        on_delete=models.PROTECT,
        related_name="platform_cases",
        limit_choices_to={"kind": OrganisationKind.AUTHORISED_BODY},
    )
    platform = models.ForeignKey(
        "registries.OnlinePlatform", verbose_name=_("platform"), on_delete=models.PROTECT, related_name="cases"
    )
    ground = models.CharField(_("ground"), max_length=30, choices=PlatformCaseGround.choices, db_index=True)
    state = FSMField(_("state"), default=S.MONITORING, choices=S.choices, protected=True, db_index=True)

    detected_at = models.DateTimeField(_("detected at"), null=True, blank=True)
    detection_summary = models.TextField(_("what was detected"), blank=True)

    complaint_received_at = models.DateTimeField(_("user complaint received at"), null=True, blank=True)
    complaint_from = models.CharField(_("complainant"), max_length=300, blank=True)
    complaint_text = models.TextField(_("user complaint"), blank=True)
    complaint_reports_repeated = models.BooleanField(
        _("the complaint reports repeated violations"), default=False, help_text=_("№ 267-НҚ бұйрық, 4-т.")
    )

    offending_user_data = models.TextField(_("data of the user who posted"), blank=True)
    legal_norms = models.TextField(_("legal norms violated"), blank=True)
    violation_type = models.CharField(_("violation type"), max_length=300, blank=True)
    content_to_remove = models.TextField(_("information to be removed"), blank=True)

    sts = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("State Technical Service"),
        on_delete=models.PROTECT,
        related_name="platform_requests",
        null=True,
        blank=True,
        limit_choices_to={"kind": OrganisationKind.STS},
    )
    warning_sent_at = models.DateTimeField(_("warning letter sent at"), null=True, blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    notice_register_number = models.CharField(_("notice register number"), max_length=60, blank=True)
    notice_received_at = models.DateTimeField(_("notice received by the platform at"), null=True, blank=True)
    restriction_ordered_at = models.DateTimeField(_("restriction decided at"), null=True, blank=True)
    restriction_basis = models.TextField(_("grounds of the restriction decision"), blank=True)
    statistics_requested_at = models.DateTimeField(_("statistics requested at"), null=True, blank=True)
    statistics_answered_at = models.DateTimeField(_("statistics answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["state"])

    objects = ScopedManager()

    class Meta:
        verbose_name = _("platform case")
        verbose_name_plural = _("platform cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["sts", "state"]),
            models.Index(fields=["platform", "state"]),
        ]

    def __str__(self):
        return f"№ {self.pk or '—'}: {self.platform} ({self.get_state_display()})"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """The authorised body sees everything (scoping); the STS sees the cases whose
        requests and instructions are addressed to it (p. 7–10); nobody else sees any."""
        return Q(organisation=organisation) | Q(sts=organisation)

    # --- derived facts ---------------------------------------------------------------------

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def has_required_complaint(self) -> bool:
        """p. 4: a messenger is monitored only on a user's complaint about repeated violations."""
        if self.platform_id is None or self.platform.kind != self.platform.Kind.MESSENGER:
            return True
        return bool(self.complaint_received_at and self.complaint_text.strip() and self.complaint_reports_repeated)

    @property
    def statistics_window_end(self):
        """p. 7: the request to the STS must go within eight months of the notice."""
        return throttle.due_at(self.notice_sent_at, 8, "months") if self.notice_sent_at else None

    def allowed_throttle_level(self, at=None) -> int | None:
        if self.notice_sent_at is None:
            return None
        return throttle.throttle_level(self.notice_sent_at, at or timezone.now())

    @property
    def current_instruction(self):
        return self.throttle_instructions.filter(kind=ThrottleInstruction.Kind.THROTTLE).order_by("-issued_at", "-pk").first()

    @property
    def next_level_available(self) -> bool:
        """p. 9: a window has passed without compliance — a higher level is now allowed."""
        current = self.current_instruction
        allowed = self.allowed_throttle_level()
        return current is not None and allowed is not None and allowed > current.level

    def clean(self):
        errors = {}
        if self.platform_id and not self.has_required_complaint:
            errors["complaint_text"] = [messenger_complaint_recorded.message]
        if self.organisation_id and self.organisation.kind != OrganisationKind.AUTHORISED_BODY:
            errors["organisation"] = [_("A platform case is run by the authorised body (№ 267-НҚ бұйрық, 5-т.).")]
        if self.sts_id and self.sts.kind != OrganisationKind.STS:
            errors["sts"] = [_("Requests and instructions go to the State Technical Service (№ 267-НҚ бұйрық, 7-т.).")]
        if self._state.adding:
            from registries.models import LegalAct

            try:
                LegalAct.objects.get(code=self.LEGAL_ACT_CODE).ensure_applicable()
            except ValidationError as exc:
                errors.setdefault("__all__", []).extend(exc.messages)
        if errors:
            raise ValidationError(errors)

    # --- transitions ----------------------------------------------------------------------

    @transition(
        field=state,
        source=S.MONITORING,
        target=S.DETECTED,
        conditions=[messenger_complaint_recorded],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Record the detected violation"), "form": "cases.platforms.forms.DetectForm"},
    )
    def detect(self, by=None, comment="", detected_at=None, detection_summary=""):
        """Monitoring found a violation (p. 3–4); opens the p. 5 or p. 6 three-working-day term."""
        from . import services

        services.on_detect(self, detected_at=detected_at, summary=detection_summary)

    @transition(
        field=state,
        source=S.DETECTED,
        target=S.WARNING_SENT,
        conditions=[ground_is_information, warning_facts_complete, has_evidence],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Issue the warning letter (Appendix 1)")},
    )
    def send_warning(self, by=None, comment=""):
        """p. 5: letter to the platform's administration to remove the prohibited information."""
        from . import services

        services.on_send_warning(self, by)

    @transition(
        field=state,
        source=S.WARNING_SENT,
        target=S.CONTENT_REMOVED,
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("The information was removed")},
    )
    def confirm_removal(self, by=None, comment=""):
        from . import services

        services.close_case(self)

    @transition(
        field=state,
        source=S.WARNING_SENT,
        target=S.RESTRICTION_ORDERED,
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Not removed: order access restriction (Art. 41-1)"), "form": "cases.platforms.forms.RestrictionForm"},
    )
    def order_restriction(self, by=None, comment="", basis=""):
        """Art. 41-1 of the Law on Communications: Appendix 1 sets no term, so the case records
        when the official decided (DESIGN D.3)."""
        from . import services

        services.on_order_restriction(self, basis=basis)
        services.close_case(self)

    @transition(
        field=state,
        source=S.DETECTED,
        target=S.NOTICE_SENT,
        conditions=[ground_is_representative, platform_is_foreign, platform_over_threshold, platform_has_no_representative],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Issue the legal-representative notice (Appendix 2)")},
    )
    def send_notice(self, by=None, comment=""):
        """p. 6 and Appendix 2: foreign, more than 100,000 daily users, no legal representative."""
        from . import services

        services.on_send_notice(self, by)

    @transition(
        field=state,
        source=S.NOTICE_SENT,
        target=S.NOTICE_SENT,
        conditions=[notice_receipt_not_recorded],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Record the platform's receipt of the notice"), "form": "cases.platforms.forms.NoticeReceiptForm"},
    )
    def record_notice_receipt(self, by=None, comment="", received_at=None):
        """Appendix 2: the six-hour term for non-removal of identified violations runs from receipt."""
        from . import services

        services.on_notice_receipt(self, received_at=received_at)

    @transition(
        field=state,
        source=S.NOTICE_SENT,
        target=S.NOTICE_SENT,
        conditions=[has_identified_violations, notice_receipt_recorded, restriction_not_ordered],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Violations not removed: order access restriction (6 hours)"), "form": "cases.platforms.forms.RestrictionForm"},
    )
    def order_restriction_after_notice(self, by=None, comment="", basis=""):
        """Appendix 2: the restriction instruction within six hours of the receipt of the notice."""
        from . import services

        services.on_order_restriction(self, basis=basis, rule=RESTRICTION_AFTER_NOTICE)

    @transition(
        field=state,
        source=[S.NOTICE_SENT, S.STATISTICS_REQUESTED, S.STATISTICS_RECEIVED],
        target=S.REPRESENTATIVE_APPOINTED,
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("A legal representative was appointed"), "form": "cases.platforms.forms.RepresentativeForm"},
    )
    def confirm_representative(self, by=None, comment="", representative=""):
        from . import services

        services.on_representative(self, representative)
        services.close_case(self)

    @transition(
        field=state,
        source=S.NOTICE_SENT,
        target=S.STATISTICS_REQUESTED,
        conditions=[platform_has_no_representative, within_statistics_window],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Request traffic statistics from the STS"), "form": "cases.platforms.forms.StatisticsRequestForm"},
    )
    def request_statistics(self, by=None, comment="", sts=None):
        """p. 7: within eight months of the notice; the STS answers within 15 calendar days (p. 8)."""
        from . import services

        services.on_request_statistics(self, sts=sts)

    @transition(
        field=state,
        source=S.STATISTICS_REQUESTED,
        target=S.STATISTICS_RECEIVED,
        conditions=[has_statistics],
        permission=role_permission(Role.STS_OPERATOR, organisation_field="sts"),
        custom={"admin": True, "label": _("Send the traffic statistics to the authorised body")},
    )
    def submit_statistics(self, by=None, comment=""):
        """p. 8: the STS sends the results of its analysis."""
        from . import services

        services.on_submit_statistics(self)

    @transition(
        field=state,
        source=S.STATISTICS_RECEIVED,
        target=S.THROTTLED,
        conditions=[platform_has_no_representative, has_statistics, throttling_window_open],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Issue the throttling instruction (Appendix 3)"), "form": "cases.platforms.forms.ThrottleForm"},
    )
    def issue_throttle_instruction(self, by=None, comment="", level=None):
        """p. 9: the level follows the time elapsed since the notice."""
        from . import services

        services.issue_throttle_instruction(self, by=by, level=level)

    @transition(
        field=state,
        source=S.THROTTLED,
        target=S.THROTTLED,
        conditions=[platform_has_no_representative, throttling_window_open, next_level_due],
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Still not complied: issue the next throttling level"), "form": "cases.platforms.forms.ThrottleForm"},
    )
    def escalate_throttling(self, by=None, comment="", level=None):
        """p. 9: a window has passed without compliance — the next level."""
        from . import services

        services.issue_throttle_instruction(self, by=by, level=level)

    @transition(
        field=state,
        source=S.THROTTLED,
        target=S.THROTTLED,
        conditions=[current_instruction_unreported],
        permission=role_permission(Role.STS_OPERATOR, organisation_field="sts"),
        custom={"admin": True, "label": _("Report the execution of the instruction"), "form": "cases.platforms.forms.ExecutionReportForm"},
    )
    def report_execution(self, by=None, comment="", executed_at=None, report=""):
        """p. 10 and Appendix 3 p. 2: the STS reports within 10 тәулік of receipt."""
        from . import services

        services.on_report_execution(self, by=by, executed_at=executed_at, report=report)

    @transition(
        field=state,
        source=S.THROTTLED,
        target=S.LIMITS_LIFTED,
        permission=role_permission(*OFFICIALS, organisation_field="organisation"),
        custom={"admin": True, "label": _("Complied: instruct the STS to lift the limits"), "form": "cases.platforms.forms.RepresentativeForm"},
    )
    def lift_limits(self, by=None, comment="", representative=""):
        """The platform appointed its representative: the limits of p. 9 are lifted."""
        from . import services

        services.on_representative(self, representative)
        services.issue_lifting_instruction(self, by=by)
        services.close_case(self)


class PlatformEvidence(models.Model):
    """A link and/or screenshot of the violation, attached to the Appendix 1 letter."""

    case = models.ForeignKey(PlatformCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(_("link"), max_length=2000)
    screenshot = models.FileField(_("screenshot"), upload_to="platforms/screenshots/%Y/%m/", blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("link / screenshot")
        verbose_name_plural = _("links and screenshots")
        ordering = ["pk"]

    def __str__(self):
        return self.url

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(case__organisation=organisation)


class TrafficStatistic(models.Model):
    """One row of the STS's answer (p. 7–8): a regional object of the centralised
    network-management system, a period of the day and the peak throughput in Kbit/s."""

    case = models.ForeignKey(
        PlatformCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="traffic_statistics"
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
        return f"{self.regional_object}: {self.period_start:%H:%M}–{self.period_end:%H:%M} {self.peak_kbps} Kbit/s"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(case__sts=organisation)

    def clean(self):
        from .services import overlap_error

        if self.case_id and self.regional_object_id and self.period_start is not None and self.period_end is not None:
            others = TrafficStatistic.objects.filter(case_id=self.case_id, regional_object_id=self.regional_object_id)
            if self.pk:
                others = others.exclude(pk=self.pk)
            for other in others:
                if throttle.periods_overlap((self.period_start, self.period_end), (other.period_start, other.period_end)):
                    raise ValidationError({"period_start": [overlap_error(other)]})
        if self.peak_kbps is not None and self.peak_kbps < 0:
            raise ValidationError({"peak_kbps": [_("The peak throughput cannot be negative (№ 267-НҚ бұйрық, 8-т.).")]})


class ThrottleInstruction(models.Model):
    """An Appendix 3 instruction to the STS (p. 9), or the instruction lifting the limits."""

    class Kind(models.TextChoices):
        THROTTLE = "throttle", _("Throttling (Appendix 3)")
        LIFT = "lift", _("Lifting of the limits")

    case = models.ForeignKey(
        PlatformCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="throttle_instructions"
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
        return f"{self.regional_object}: {self.limit_kbps} Kbit/s ({self.period_start:%H:%M}–{self.period_end:%H:%M})"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(instruction__case__sts=organisation)
