"""Foreign online platforms and messengers — seed 004 (Order No. 267-НҚ of 24.06.2024), p. 3–10.

A ``PlatformCase`` runs one of two roads: prohibited information (p. 4–5: detected → Appendix 1
warning letter within three working days → removed, or restricted under Art. 41-1 of the Law on
Communications) or no legal representative (p. 6–10: detected → Appendix 2 notice within three
working days → representative appointed, or statistics from the STS within eight months (p. 7),
answered within 15 calendar days (p. 8) → Appendix 3 throttling at 10 / 50 / 90 % (p. 9), reported
within 10 тәулік (p. 10, Appendix 3 p. 2) → lifted on compliance). A case opened in error is
withdrawn. Steps and their conditions: here and ``conditions.py``; their side effects: ``services.py``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase
from cases.steps import CONFIRM_WITHDRAW, step
from registries.roles import AUTHORISED_OFFICIALS, OrganisationKind, Role
from registries.scoping import ScopedManager, role_permission

from . import throttle
from .choices import (
    FINAL_STATES,
    NOTICE_ROAD,
    WITHDRAWABLE,
    InstructionKind,
    PlatformCaseGround,
    PlatformCaseState,
)
from .conditions import (
    content_not_removed,
    current_instruction_reported,
    current_instruction_unreported,
    ground_is_information,
    ground_is_representative,
    has_evidence,
    has_identified_violations,
    has_statistics,
    messenger_complaint_recorded,
    next_level_due,
    no_restriction_in_force,
    notice_on_record,
    notice_receipt_not_recorded,
    notice_receipt_recorded,
    platform_has_no_representative,
    platform_is_foreign,
    platform_over_threshold,
    restriction_not_ordered,
    step_moment,
    throttling_window_open,
    warning_addressee_is_foreign_or_messenger,
    warning_facts_complete,
    within_statistics_window,
)
from .rules import STATISTICS_REQUEST, Cite

__all__ = [
    "FINAL_STATES", "InstructionKind", "PlatformCase", "PlatformCaseGround", "PlatformCaseState", "PlatformEvidence",
    "ThrottleInstruction", "ThrottleLimit", "TrafficStatistic", "platform_has_no_representative", "platform_is_foreign",
    "platform_over_threshold",
]

S = PlatformCaseState
OFFICIALS_OF_THE_CASE = role_permission(*AUTHORISED_OFFICIALS, organisation_field="organisation")
STS_OF_THE_CASE = role_permission(Role.STS_OPERATOR, organisation_field="sts")
FORMS = "cases.platforms.forms."


def in_each(field, sources, **declaration):
    """The same step in each of ``sources``, staying in that state (django-fsm stacks one
    transition per source on the method)."""

    def decorate(method):
        for source in sources:
            method = transition(field=field, source=source, target=source, **declaration)(method)
        return method

    return decorate


class PlatformCase(ProcedureCase):
    """A case on a foreign online platform or messenger (seed 004, p. 3–10)."""

    LEGAL_ACT_CODE = "s004"
    FINAL_STATES = FINAL_STATES

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
        _("the complaint reports repeated violations"), default=False, help_text=_("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 4-тармағы")
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
    notice_register_number = models.CharField(_("notice register number"), max_length=60, blank=True, db_index=True)
    notice_received_at = models.DateTimeField(_("notice received by the platform at"), null=True, blank=True)
    content_removed_at = models.DateTimeField(_("identified violations removed at"), null=True, blank=True)
    restriction_ordered_at = models.DateTimeField(_("restriction decided at"), null=True, blank=True)
    restriction_basis = models.TextField(_("grounds of the restriction decision"), blank=True)
    statistics_requested_at = models.DateTimeField(_("statistics requested at"), null=True, blank=True)
    statistics_answered_at = models.DateTimeField(_("statistics answered at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
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
    def has_required_complaint(self) -> bool:
        """p. 4: users' materials on a messenger are monitored only on a user's complaint about
        repeated violations. p. 4 concerns users' materials (the p. 5 road); a messenger working
        without a legal representative is notified under p. 6 without a complaint."""
        if self.platform_id is None or self.platform.kind != self.platform.Kind.MESSENGER:
            return True
        if self.ground != PlatformCaseGround.PROHIBITED_INFORMATION:
            return True
        return bool(self.complaint_received_at and self.complaint_text.strip() and self.complaint_reports_repeated)

    @property
    def statistics_window_end(self):
        """p. 7: the request to the STS must go within eight months of the notice."""
        return STATISTICS_REQUEST.due(self.notice_sent_at) if self.notice_sent_at else None

    def allowed_throttle_level(self, at=None) -> int | None:
        """p. 9: the level the time since the notice allows at ``at`` (default now)."""
        if self.notice_sent_at is None:
            return None
        return throttle.throttle_level(self.notice_sent_at, at or timezone.now())

    @property
    def current_instruction(self):
        """The Appendix 3 instruction in force (the latest throttling level)."""
        return self.throttle_instructions.filter(kind=InstructionKind.THROTTLE).order_by("-issued_at", "-pk").first()

    @property
    def next_level_available(self) -> bool:
        """p. 9: a window has passed without compliance — a higher level is now allowed."""
        return next_level_due(self)

    def clean(self):
        errors = {}
        if self.platform_id and not self.has_required_complaint:
            errors["complaint_text"] = [messenger_complaint_recorded.message]
        if self.organisation_id and self.organisation.kind != OrganisationKind.AUTHORISED_BODY:
            errors["organisation"] = [_("A platform case is run by the authorised body (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы).")]
        if self.sts_id and self.sts.kind != OrganisationKind.STS:
            errors["sts"] = [_("Requests and instructions go to the State Technical Service (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы).")]
        if self._state.adding:
            try:
                self.ensure_legal_act_applicable()
            except ValidationError as exc:
                errors.setdefault("__all__", []).extend(exc.messages)
        if errors:
            raise ValidationError(errors)

    # --- steps: each sets only the case's own fields; its service (services.py) does the rest ---

    @transition(
        field=state, source=S.MONITORING, target=S.DETECTED,
        conditions=[messenger_complaint_recorded],
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Record the detected violation"), Cite.DETECT, form=FORMS + "DetectForm", afterwards=True),
    )
    def detect(self, by=None, comment="", detection_summary=""):
        """Monitoring found a violation (p. 3–4); its moment starts the p. 5 / p. 6 term."""
        self.detected_at = step_moment(self)
        if detection_summary:
            self.detection_summary = detection_summary

    @transition(
        field=state, source=S.DETECTED, target=S.WARNING_SENT,
        conditions=[ground_is_information, warning_addressee_is_foreign_or_messenger, warning_facts_complete, has_evidence],
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Issue the warning letter (Appendix 1)"), Cite.SEND_WARNING, confirm=_(
            "The warning letter (Appendix 1) is issued now: it gets its register number and is locked; it can no "
            "longer be changed, only cancelled with a reason.")),
    )
    def send_warning(self, by=None, comment=""):
        """p. 5: letter to the platform's administration to remove the prohibited information."""
        self.warning_sent_at = step_moment(self)

    @transition(
        field=state, source=S.WARNING_SENT, target=S.CONTENT_REMOVED,
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("The information was removed"), Cite.CONFIRM_REMOVAL, afterwards=True, confirm=_(
            "The information is recorded as removed: the case ends and cannot be reopened.")),
    )
    def confirm_removal(self, by=None, comment=""):
        """p. 5: the platform removed the prohibited information."""
        self.closed_at = step_moment(self)

    @transition(
        field=state, source=S.WARNING_SENT, target=S.RESTRICTION_ORDERED,
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Not removed: order access restriction (Art. 41-1)"), Cite.ORDER_RESTRICTION,
                    form=FORMS + "RestrictionForm", confirm=_(
                        "The access-restriction instruction is issued now to the STS as a numbered letter; it cannot "
                        "be taken back.")),
    )
    def order_restriction(self, by=None, comment="", basis="", sts=None):
        """Art. 41-1 p. 1-1 of the Law on Communications: Appendix 1 sets no term, so the case
        records when the official decided (DESIGN D.3); the instruction goes to the STS."""
        self._restrict(basis, sts)
        self.closed_at = self.restriction_ordered_at

    @transition(
        field=state, source=S.DETECTED, target=S.NOTICE_SENT,
        conditions=[ground_is_representative, platform_is_foreign, platform_over_threshold, platform_has_no_representative],
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Issue the legal-representative notice (Appendix 2)"), Cite.SEND_NOTICE,
                    form=FORMS + "NoticeForm", afterwards=True, confirm=_(
                        "The notice (Appendix 2) is issued now as a numbered letter (unless you give the number of "
                        "a notice sent on paper), and the terms that follow it start running.")),
    )
    def send_notice(self, by=None, comment="", register_number=""):
        """p. 6 and Appendix 2: foreign, more than 100,000 daily users, no legal representative.
        Its moment starts the p. 7 window and the p. 9 levels."""
        self.notice_sent_at = step_moment(self)
        self.notice_register_number = register_number

    @in_each(state, NOTICE_ROAD, conditions=[notice_receipt_not_recorded], permission=OFFICIALS_OF_THE_CASE,
             custom=step(_("Record the platform's receipt of the notice"), Cite.NOTICE_RECEIPT, afterwards=True))
    def record_notice_receipt(self, by=None, comment=""):
        """Appendix 2: the six-hour term for non-removal of identified violations runs from receipt."""
        self.notice_received_at = step_moment(self)

    @in_each(state, NOTICE_ROAD, conditions=[has_identified_violations, content_not_removed, restriction_not_ordered],
             permission=OFFICIALS_OF_THE_CASE,
             custom=step(_("The identified violations were removed"), Cite.CONTENT_REMOVAL, afterwards=True))
    def record_content_removal(self, by=None, comment=""):
        """Appendix 2: the restriction is for non-removal of the identified violations; their
        removal ends the six-hour term (the notice road goes on: the representative is still owed)."""
        self.content_removed_at = step_moment(self)

    @in_each(state, NOTICE_ROAD,
             conditions=[has_identified_violations, notice_receipt_recorded, content_not_removed, restriction_not_ordered],
             permission=OFFICIALS_OF_THE_CASE,
             custom=step(_("Violations not removed: order access restriction (6 hours)"), Cite.RESTRICTION_AFTER_NOTICE,
                         form=FORMS + "RestrictionForm", confirm=_(
                        "The access-restriction instruction is issued now to the STS as a numbered letter; it cannot "
                        "be taken back.")))
    def order_restriction_after_notice(self, by=None, comment="", basis="", sts=None):
        """Appendix 2: the restriction instruction within six hours of the receipt of the notice
        (the notice road goes on: the representative may still be appointed)."""
        self._restrict(basis, sts)

    def _restrict(self, basis, sts):
        self.restriction_ordered_at = step_moment(self)
        self.restriction_basis = basis
        if sts is not None:
            self.sts = sts

    @transition(
        field=state, source=[S.NOTICE_SENT, S.STATISTICS_REQUESTED, S.STATISTICS_RECEIVED], target=S.REPRESENTATIVE_APPOINTED,
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("A legal representative was appointed"), Cite.CONFIRM_REPRESENTATIVE,
                    form=FORMS + "RepresentativeForm", afterwards=True, confirm=_(
                        "The legal representative is recorded as appointed: the case ends and cannot be reopened.")),
    )
    def confirm_representative(self, by=None, comment=""):
        """Law on Online Platforms, Art. 9 p. 1: the platform complied before any limit."""
        self.closed_at = step_moment(self)

    @transition(
        field=state, source=S.NOTICE_SENT, target=S.STATISTICS_REQUESTED,
        conditions=[platform_has_no_representative, within_statistics_window],
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Request traffic statistics from the STS"), Cite.REQUEST_STATISTICS,
                    form=FORMS + "StatisticsRequestForm", afterwards=True),
    )
    def request_statistics(self, by=None, comment="", sts=None):
        """p. 7: within eight months of the notice; the STS answers within 15 calendar days (p. 8)."""
        self.sts = sts
        self.statistics_requested_at = step_moment(self)

    @transition(
        field=state, source=S.STATISTICS_REQUESTED, target=S.STATISTICS_RECEIVED,
        conditions=[has_statistics],
        permission=STS_OF_THE_CASE,
        custom=step(_("Send the traffic statistics to the authorised body"), Cite.SUBMIT_STATISTICS, afterwards=True),
    )
    def submit_statistics(self, by=None, comment=""):
        """p. 8: the STS sends the results of its analysis (by letter: recorded with its real time)."""
        self.statistics_answered_at = step_moment(self)

    @transition(
        field=state, source=S.STATISTICS_RECEIVED, target=S.THROTTLED,
        conditions=[platform_has_no_representative, has_statistics, notice_on_record, throttling_window_open],
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Issue the throttling instruction (Appendix 3)"), Cite.ISSUE_THROTTLE,
                    form=FORMS + "ThrottleForm", afterwards=True, confirm=_(
                        "The throttling instruction (Appendix 3) is issued now to the STS at the level the time "
                        "elapsed since the notice requires (unless you give the number of one sent on paper); it "
                        "cannot be taken back.")),
    )
    def issue_throttle_instruction(self, by=None, comment=""):
        """p. 9: the level follows the time elapsed since the notice (the instruction: services)."""

    @transition(
        field=state, source=S.THROTTLED, target=S.THROTTLED,
        conditions=[platform_has_no_representative, notice_on_record, throttling_window_open, next_level_due,
                    current_instruction_reported],
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Still not complied: issue the next throttling level"), Cite.ESCALATE_THROTTLE,
                    form=FORMS + "ThrottleForm", afterwards=True, confirm=_(
                        "The throttling instruction (Appendix 3) is issued now to the STS at the level the time "
                        "elapsed since the notice requires (unless you give the number of one sent on paper); it "
                        "cannot be taken back.")),
    )
    def escalate_throttling(self, by=None, comment=""):
        """p. 9: a window has passed without compliance and the STS reported the level in force."""

    @transition(
        field=state, source=S.THROTTLED, target=S.THROTTLED,
        conditions=[current_instruction_unreported],
        permission=STS_OF_THE_CASE,
        custom=step(_("Report the execution of the instruction"), Cite.REPORT_EXECUTION,
                    form=FORMS + "ExecutionReportForm", afterwards=True),
    )
    def report_execution(self, by=None, comment=""):
        """p. 10 and Appendix 3 p. 2: the STS reports within 10 тәулік of receipt."""

    @transition(
        field=state, source=S.THROTTLED, target=S.LIMITS_LIFTED,
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Complied: instruct the STS to lift the limits"), Cite.LIFT_LIMITS, form=FORMS + "RepresentativeForm",
                    confirm=_("The STS is instructed to lift the limits: the case ends and cannot be reopened.")),
    )
    def lift_limits(self, by=None, comment=""):
        """The platform appointed its representative (Art. 9 p. 1): the limits of p. 9 are lifted."""
        self.closed_at = step_moment(self)

    @transition(
        field=state, source=list(WITHDRAWABLE), target=S.WITHDRAWN,
        conditions=[no_restriction_in_force],
        permission=OFFICIALS_OF_THE_CASE,
        custom=step(_("Withdraw the case (opened in error or not applicable)"), Cite.WITHDRAW, form=FORMS + "WithdrawForm",
                    confirm=CONFIRM_WITHDRAW),
    )
    def withdraw(self, by=None, comment="", reason=""):
        """No ground of p. 5 or p. 6 (e.g. a domestic platform, ≤ 100,000 daily users): the case
        ends with its reason and without a letter."""
        self.withdrawal_reason = reason
        self.closed_at = step_moment(self)


# The case's records (links and screenshots, statistics, instructions) live in ``records.py``;
# imported here so that Django and other apps find them in ``models``.
from .records import PlatformEvidence, ThrottleInstruction, ThrottleLimit, TrafficStatistic  # noqa: E402
