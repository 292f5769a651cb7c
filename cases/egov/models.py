"""Seed 002 (Order No. 58 of 25.01.2016, ed. 19.03.2024): the public service "link a subscriber
number to the e-gov account" — its requests (p. 4–9 and the standard), complaints about it
(p. 10), and the log of who viewed personal data."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase
from cases.steps import CONFIRM_WITHDRAW, step
from registries.roles import OrganisationKind, Role
from registries.scoping import ScopedQuerySet, role_permission
from registries.validators import validate_iin, validate_kz_mobile, validate_not_in_future

from . import rules
from .choices import Channel, ComplaintState, RefusalGround, RequestKind, Result
from .conditions import (
    decision_can_be_signed,
    forwarded_to_quality_authority,
    registered_where_the_term_requires,
    within_forward_term,
)

__all__ = [
    "LEGAL_ACT_CODE", "Complaint", "ComplaintState", "PersonalDataAccess", "ServiceRequest", "ServiceRequestQuerySet",
    "within_forward_term",
]

LEGAL_ACT_CODE = "s002"
#: Sane bounds for what a person types (a complaint's text, a decision's reasons): far above any
#: real letter, far below what would fill the database or the PDF.
SUBJECT_MAX_LENGTH = 20_000
TEXT_MAX_LENGTH = 10_000


class ServiceRequestQuerySet(ScopedQuerySet):
    def over_term(self):
        return self.filter(within_term=False)

    def within(self):
        return self.filter(within_term=True)


class ServiceRequest(models.Model):
    """One request for the service, recorded by the provider's integrations (portal, e-gov mobile
    app, bank apps) with its steps (p. 5–8), its result (p. 5 3), 6 3), 7, 9; standard row 5)
    and its duration against the 10-minute term (standard row 3)."""

    LEGAL_ACT_CODE = LEGAL_ACT_CODE

    provider = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("service provider"),
        on_delete=models.PROTECT,
        related_name="egov_requests",
        limit_choices_to={"kind": OrganisationKind.SERVICE_PROVIDER},
    )
    request_number = models.CharField(_("request number"), max_length=64)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("request kind"), max_length=20, choices=RequestKind.choices, default=RequestKind.LINK)
    applicant_iin = models.CharField(_("applicant's IIN"), max_length=12, validators=[validate_iin], db_index=True)
    applicant_name = models.CharField(_("applicant's full name"), max_length=300, blank=True)
    phone = models.CharField(_("subscriber number"), max_length=12, validators=[validate_kz_mobile], db_index=True)
    previous_phone = models.CharField(
        _("number linked before"),
        max_length=12,
        blank=True,
        validators=[validate_kz_mobile],
        help_text=_("For a number change (p. 8): the number that was linked until now."),
    )
    submitted_at = models.DateTimeField(_("request made"))
    otp_at = models.DateTimeField(_("one-time password entered"), null=True, blank=True)
    otp_passed = models.BooleanField(_("one-time password correct"), null=True, blank=True)
    eds_signed_at = models.DateTimeField(_("EDS signature"), null=True, blank=True)
    biometrics_at = models.DateTimeField(_("biometric authentication"), null=True, blank=True)
    biometrics_passed = models.BooleanField(_("biometrics passed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("result given"))
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, db_index=True)
    refusal_ground = models.CharField(_("refusal ground"), max_length=30, choices=RefusalGround.choices, blank=True)
    refusal_reasons = models.TextField(_("reasons of the refusal"), max_length=TEXT_MAX_LENGTH, blank=True)
    duration = models.DurationField(_("duration"), editable=False)
    within_term = models.BooleanField(_("within the 10-minute term"), editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = models.Manager.from_queryset(ServiceRequestQuerySet)()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "request_number"], name="egov_request_number_unique"),
            models.CheckConstraint(condition=Q(completed_at__gte=models.F("submitted_at")), name="egov_completed_after_submitted"),
        ]
        indexes = [
            models.Index(fields=["provider", "-submitted_at"], name="egov_req_provider_submitted"),
            models.Index(fields=["request_number"], name="egov_req_number"),  # the header search across providers
            models.Index(fields=["submitted_at", "within_term"], name="egov_req_submitted_term"),
            models.Index(fields=["within_term", "-submitted_at"], name="egov_req_term_submitted"),
            models.Index(fields=["channel", "-submitted_at"], name="egov_req_channel_submitted"),
            # the changelist's order (-submitted_at, -pk), alone and under the result filter
            models.Index(fields=["submitted_at", "id"], name="egov_req_submitted_order"),
            models.Index(fields=["result", "submitted_at", "id"], name="egov_req_result_order"),
        ]

    def __str__(self):
        return f"{self.request_number} ({self.get_channel_display()})"

    #: The one applicable-act check (a request is no case, but runs under the same act).
    ensure_legal_act_applicable = classmethod(ProcedureCase.ensure_legal_act_applicable.__func__)

    def save(self, *args, **kwargs):
        self.duration = self.completed_at - self.submitted_at
        self.within_term = self.duration <= rules.SERVICE_TERM
        super().save(*args, **kwargs)

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """The provider sees its own requests; complaint bodies see a request only through the
        complaint it is linked to; nobody else sees any."""
        return Q(provider=organisation)

    @property
    def over_term(self) -> bool:
        return not self.within_term


PROVIDER_STEP = role_permission(Role.SERVICE_PROVIDER, organisation_field="provider")
REVIEWING_BODY_STEP = role_permission(Role.COMPLAINT_REVIEWER, Role.QUALITY_REVIEWER, organisation_field="reviewing_body")


class Complaint(ProcedureCase):
    """A complaint about the provider's decision, action or inaction (seed 002 p. 10): filed with
    the provider, which either fully satisfies it within 3 working days of its arrival or forwards
    it with the administrative case to the reviewing body within those 3 working days; the body
    decides within 5 working days of registration (complaint to the provider's side, Law on Public
    Services Art. 25 p. 2) or 15 working days (complaint to the service-quality authority).

    The steps are taken through their services (``cases.egov.services``): the transitions below
    only change the complaint's own fields."""

    LEGAL_ACT_CODE = LEGAL_ACT_CODE
    FINAL_STATES = (ComplaintState.SATISFIED, ComplaintState.UPHELD, ComplaintState.DISMISSED, ComplaintState.WITHDRAWN)
    #: States in which the reviewing body has the complaint (p. 10 para 3).
    FORWARDED_STATES = (ComplaintState.FORWARDED, ComplaintState.REGISTERED_BY_AUTHORITY, ComplaintState.UPHELD,
                        ComplaintState.DISMISSED)
    #: States in which the reviewing body decides (p. 10 para 5–6).
    DECIDING_STATES = (ComplaintState.FORWARDED, ComplaintState.REGISTERED_BY_AUTHORITY)

    state = FSMField(_("state"), default=ComplaintState.REGISTERED, choices=ComplaintState.choices, protected=True,
                     db_index=True)
    provider = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("service provider"),
        on_delete=models.PROTECT,
        related_name="egov_complaints",
        limit_choices_to={"kind": OrganisationKind.SERVICE_PROVIDER},
    )
    reviewing_body = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("reviewing body"),
        on_delete=models.PROTECT,
        related_name="egov_complaints_to_review",
        limit_choices_to={"kind__in": [OrganisationKind.COMPLAINT_BODY, OrganisationKind.QUALITY_BODY]},
        help_text=_("The higher administrative body (5 working days) or the service-quality authority (15 working days)."),
    )
    service_request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.PROTECT,
        related_name="complaints",
        null=True,
        blank=True,
    )
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True, db_index=True)
    complainant_name = models.CharField(_("complainant's full name"), max_length=300)
    complainant_iin = models.CharField(_("complainant's IIN"), max_length=12, validators=[validate_iin])
    complainant_phone = models.CharField(_("complainant's phone"), max_length=12, blank=True, validators=[validate_kz_mobile])
    subject = models.TextField(_("what the complainant asks for"), max_length=SUBJECT_MAX_LENGTH)
    contested_decision = models.CharField(_("contested decision or action"), max_length=300, blank=True)
    received_at = models.DateTimeField(
        _("complaint arrived"),
        help_text=_("Its real date and time, also for a complaint that came by post. The forwarding term runs from it."),
    )
    registered_at = models.DateTimeField(
        _("complaint registered"),
        blank=True,
        help_text=_("Empty: now. A complaint already registered on paper: its real registration time. "
                    "The review term runs from it."),
    )
    registered_afterwards = models.BooleanField(
        _("registration entered afterwards"),
        default=False,
        editable=False,
        help_text=_("The complaint was registered on paper and entered later with its real registration time."),
    )
    resolution = models.TextField(_("provider's satisfying decision"), max_length=TEXT_MAX_LENGTH, blank=True)
    satisfied_at = models.DateTimeField(_("satisfied"), null=True, blank=True)
    administrative_case = models.TextField(_("administrative case sent"), max_length=TEXT_MAX_LENGTH, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    authority_registration_number = models.CharField(
        _("registration number at the service-quality authority"), max_length=40, blank=True,
    )
    authority_registered_at = models.DateTimeField(
        _("registered at the service-quality authority"), null=True, blank=True,
        help_text=_("The 15 working days of the service-quality authority run from its own registration (p. 10)."),
    )
    decision_reasons = models.TextField(_("reasons of the decision"), max_length=TEXT_MAX_LENGTH, blank=True)
    measures = models.TextField(_("measures taken"), max_length=TEXT_MAX_LENGTH, blank=True)
    partially = models.BooleanField(_("upheld in part"), default=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason of the withdrawal"), max_length=TEXT_MAX_LENGTH, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )

    #: The complainant's identity stays out of the history (personal data is shown only on the
    #: full record, where every view is logged).
    history = HistoricalRecords(excluded_fields=["state", "complainant_name", "complainant_iin", "complainant_phone"])

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-registered_at", "-pk"]
        indexes = [
            models.Index(fields=["provider", "state", "-registered_at"], name="egov_cmp_provider_state"),
            models.Index(fields=["reviewing_body", "state", "-registered_at"], name="egov_cmp_body_state"),
            models.Index(fields=["complainant_iin"], name="egov_cmp_iin"),  # the list's and the header's search
            models.Index(fields=["complainant_phone"], name="egov_cmp_phone"),
        ]

    def __str__(self):
        return self.registration_number or str(_("complaint (not yet numbered)"))

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """The provider sees the complaints filed with it; a reviewing body sees those forwarded to
        it (a complaint the provider satisfied or withdrew is not forwarded, p. 10)."""
        return Q(provider=organisation) | (Q(reviewing_body=organisation) & Q(state__in=cls.FORWARDED_STATES))

    # -- terms and the decision's signatory ------------------------------------------------------

    @property
    def opened_at(self):
        """When the complaint's procedure really began: its registration (on paper or here), not
        the moment it was entered."""
        return self.registered_at

    @property
    def forward_due(self):
        return rules.COMPLAINT_FORWARD.due(self.received_at, schedule=self.provider.schedule)

    @property
    def at_quality_authority(self) -> bool:
        return self.reviewing_body.kind == OrganisationKind.QUALITY_BODY

    @property
    def review_rule(self):
        if self.at_quality_authority:
            return rules.COMPLAINT_REVIEW_QUALITY_BODY
        return rules.COMPLAINT_REVIEW_PROVIDER_SIDE

    @property
    def review_start(self):
        """When the review term starts (p. 10 para 5–6): the registration with the provider for
        the 5 working days; the service-quality authority's own registration for the 15 (None
        until it registers the complaint: the term is not running yet)."""
        if self.at_quality_authority:
            return self.authority_registered_at
        return self.registered_at

    @property
    def signatory_position(self) -> str:
        """Who signs the decision letter: the reviewing body's head (organisations registry)."""
        return self.reviewing_body.head_position if self.reviewing_body_id else ""

    @property
    def signatory_name(self) -> str:
        return self.reviewing_body.head_name if self.reviewing_body_id else ""

    # -- registration checks -------------------------------------------------------------------

    def clean(self):
        errors = {}
        self._check_organisations(errors)
        self._check_times(errors)
        if errors:
            raise ValidationError(errors)

    def _check_organisations(self, errors):
        provider = self.provider if self.provider_id else None
        if provider is None:
            errors["provider"] = [_("Only the service provider's staff register complaints filed with it.")]
        elif provider.kind != OrganisationKind.SERVICE_PROVIDER:
            errors["provider"] = [_("The complaint must be filed with a public-service provider.")]
        if self.reviewing_body_id and self.reviewing_body.kind not in (OrganisationKind.COMPLAINT_BODY, OrganisationKind.QUALITY_BODY):
            errors["reviewing_body"] = [_("Choose a complaint-reviewing body or the service-quality authority.")]
        if self.service_request_id and provider and self.service_request.provider_id != provider.pk:
            errors["service_request"] = [_("This request was not handled by this provider.")]

    def _check_times(self, errors):
        """Arrival and registration are real moments: not in the future, the arrival not before the
        act applies (DESIGN G), the registration not before the arrival."""
        future = {
            "received_at": _("The complaint cannot arrive in the future."),
            "registered_at": _("A complaint cannot be registered in the future."),
        }
        for name, message in future.items():
            try:
                validate_not_in_future(getattr(self, name), message)
            except ValidationError as exc:
                errors.setdefault(name, []).append(exc)
        if self.received_at and "received_at" not in errors:
            try:
                self.ensure_legal_act_applicable(on=timezone.localdate(self.received_at))
            except ValidationError as exc:
                errors.setdefault("received_at", []).append(exc)
        if self.received_at and self.registered_at and self.registered_at < self.received_at:
            errors.setdefault("registered_at", []).append(_("A complaint is registered after it arrives, not before."))

    # -- legal steps (p. 10): the complaint's own fields only ----------------------------------

    @transition(
        field=state,
        source=ComplaintState.REGISTERED,
        target=ComplaintState.SATISFIED,
        conditions=[within_forward_term],
        permission=PROVIDER_STEP,
        custom=step(_("Fully satisfy (not forwarded)"), rules.SATISFY_CITATION, form="cases.egov.forms.SatisfyForm",
                    afterwards=True, confirm=_(
                        "The complaint is recorded as fully satisfied and is not forwarded: the case ends and "
                        "cannot be reopened.")),
    )
    def satisfy(self, by=None, comment="", resolution="", satisfied_at=None):
        """p. 10 para 4: within 3 working days of arrival the provider fully satisfies the
        complaint, and then may keep it (not forward it)."""
        self.resolution = resolution
        self.satisfied_at = satisfied_at

    @transition(
        field=state,
        source=ComplaintState.REGISTERED,
        target=ComplaintState.FORWARDED,
        permission=PROVIDER_STEP,
        custom=step(_("Forward with the administrative case"), rules.FORWARD_CITATION,
                    form="cases.egov.forms.ForwardForm", afterwards=True),
    )
    def forward(self, by=None, comment="", administrative_case="", forwarded_at=None):
        """p. 10 para 3: the complaint and the administrative case go to the reviewing body no
        later than 3 working days from the day it arrived (a late forwarding is recorded late)."""
        self.administrative_case = administrative_case
        self.forwarded_at = forwarded_at

    @transition(
        field=state,
        source=ComplaintState.FORWARDED,
        target=ComplaintState.REGISTERED_BY_AUTHORITY,
        conditions=[forwarded_to_quality_authority],
        permission=REVIEWING_BODY_STEP,
        custom=step(_("Register at the service-quality authority"), rules.AUTHORITY_REGISTRATION_CITATION,
                    form="cases.egov.forms.AuthorityRegistrationForm", afterwards=True),
    )
    def register_at_authority(self, by=None, comment="", registration_number="", registered_at=None):
        """p. 10 para 6: the complaint addressed to the service-quality authority is reviewed
        within 15 working days "оны тіркелген күннен бастап" — from the authority's own
        registration, recorded here (with its real time when it was registered on paper)."""
        self.authority_registration_number = registration_number
        self.authority_registered_at = registered_at

    @transition(
        field=state,
        source=DECIDING_STATES,
        target=ComplaintState.UPHELD,
        conditions=[registered_where_the_term_requires, decision_can_be_signed],
        permission=REVIEWING_BODY_STEP,
        custom=step(_("Uphold the complaint"), rules.DECISION_CITATION, form="cases.egov.forms.UpholdForm", confirm=_(
            "The decision to uphold the complaint is issued now as a numbered letter with the reasons given above; "
            "the case ends and the decision cannot be changed.")),
    )
    def uphold(self, by=None, comment="", reasons="", measures="", partially=False, decided_at=None):
        """p. 10 para 5–6: the reviewing body upholds the complaint (fully or in part), with reasons."""
        self.decision_reasons = reasons
        self.measures = measures
        self.partially = bool(partially)
        self.decided_at = decided_at

    @transition(
        field=state,
        source=DECIDING_STATES,
        target=ComplaintState.DISMISSED,
        conditions=[registered_where_the_term_requires, decision_can_be_signed],
        permission=REVIEWING_BODY_STEP,
        custom=step(_("Dismiss the complaint"), rules.DECISION_CITATION, form="cases.egov.forms.DismissForm", confirm=_(
            "The decision to dismiss the complaint is issued now as a numbered letter with the reasons given above; "
            "the case ends and the decision cannot be changed.")),
    )
    def dismiss(self, by=None, comment="", reasons="", decided_at=None):
        """p. 10 para 5–6: the reviewing body dismisses the complaint, with reasons."""
        self.decision_reasons = reasons
        self.measures = ""
        self.partially = False
        self.decided_at = decided_at

    @transition(
        field=state,
        source=ComplaintState.REGISTERED,
        target=ComplaintState.WITHDRAWN,
        permission=PROVIDER_STEP,
        custom=step(_("Withdraw (registered in error)"), rules.WITHDRAW_CITATION, form="cases.egov.forms.WithdrawForm",
                    confirm=CONFIRM_WITHDRAW),
    )
    def withdraw(self, by=None, comment="", reason="", withdrawn_at=None):
        """A record that is no complaint under p. 10 (registered in error) ends with its reason; its
        forwarding term no longer applies."""
        self.withdrawal_reason = reason
        self.withdrawn_at = withdrawn_at


class PersonalDataAccess(models.Model):
    """Who opened a full record with personal data (IIN, phone) and when (Law on Personal Data
    and their Protection: access to personal data is recorded)."""

    class Via(models.TextChoices):
        ADMIN = "admin", _("Admin")
        API = "api", _("API")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    via = models.CharField(_("through"), max_length=10, choices=Via.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="egov_pda_record_at"),
            models.Index(fields=["user", "-at"], name="egov_pda_user_at"),
            models.Index(fields=["at", "id"], name="egov_pda_at"),  # the access log's order (-at, -pk)
        ]

    def __str__(self):
        return f"{self.user} · {self.content_type.model} #{self.object_id} · {timezone.localtime(self.at):%d.%m.%Y %H:%M}"
