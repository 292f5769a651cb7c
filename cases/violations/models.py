"""Notifications of prohibited information from state bodies — seed 001 (Order No. 409 of
27.09.2022), p. 7–11 and Appendix 2.

A state body that detects information prohibited by law or by a court act in force sends the
authorised body a notification (p. 8) through the information system, or an
electronic-document letter by the form of Appendix 2 signed by its head or a deputy (p. 9).
The authorised body takes measures restricting access to confirmed facts under Art. 41-1 of
the Law on Communications (p. 10) and refuses unconfirmed ones stating the grounds why there is
no violation (p. 11).

The acts set no term for the review: no deadline rule is opened here (p. 10–11 are silent).
Each step is declared once below (label, clause, preconditions from ``conditions.py``, role);
its one service in ``services.py`` takes it with its letters and documents. Transition bodies
set only the report's own fields.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase
from cases.steps import CONFIRM_CLOSE, CONFIRM_WITHDRAW, step, step_time
from registries.roles import AUTHORISED_OFFICIALS, STATE_BODY_STAFF, OrganisationKind
from registries.scoping import ScopedManager, role_permission

from .choices import (  # noqa: F401  (re-exported: older imports name them here)
    CONFIRMED_STATES,
    EDITABLE_STATES,
    FINAL_STATES,
    WITHDRAWABLE_STATES,
    Channel,
    ReportState,
)
from .conditions import (  # noqa: F401  (CITE_* re-exported for cases.legal_path)
    CITE_CLOSE,
    CITE_CONFIRM_BY_REFERENCE,
    CITE_P8,
    CITE_P9,
    CITE_P10,
    CITE_P11,
    CITE_RETURN,
    CITE_REVIEW,
    CITE_SUBMIT,
    CITE_WITHDRAW,
    CONFIRMED_CONSEQUENCE,
    GROUNDS_REQUIRED,
    MAX_ANSWER,
    MAX_DESCRIPTION,
    MISSING_REQUIRED,
    REASON_REQUIRED,
    REFERENCE_REQUIRED,
    REJECTED_CONSEQUENCE,
    RESTRICTION_CONSEQUENCE,
    SUBMIT_CONDITIONS,
    bounded_text,
    has_confirmed_duplicate,
    has_restriction_order,
    letter_is_signed,
    max_length,
    required_text,
)
from .facts import FactKind, normalise_fact, resource_protocol
from .uploads import (  # noqa: F401  (re-exported: migrations and other apps import them from here)
    EXTENSIONS,
    MAX_SCREENSHOT_BYTES,
    inspect_upload,
    screenshot_path,
    screenshot_storage,
    sniff_content_type,
)

#: Who takes the steps: the reporting state body's staff (its own reports only; the submit steps
#: also require the reporter on the body's accepted staff list, p. 5) and the officials of the
#: authorised body the notification is addressed to (p. 8: "уәкiлеттi органға хабарлама жiбередi";
#: the other authorised body is "someone else's" and is refused).
BY_REPORTER = role_permission(*STATE_BODY_STAFF, organisation_field="organisation")
BY_REVIEWER = role_permission(*AUTHORISED_OFFICIALS, organisation_field="addressee")


def default_addressee():
    from registries.models import Organisation

    return Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY).order_by("pk").values_list("pk", flat=True).first()


class ViolationType(models.Model):
    """A kind of violation (Appendix 2 item 1, "Бұзушылық түрі"): a reference list officials edit."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("violation type")
        verbose_name_plural = _("violation types")
        ordering = ["name_kk"]

    def __str__(self):
        return self.name_ru if get_language() == "ru" and self.name_ru else self.name_kk

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """The reference list is public to every signed-in organisation (only the authorised body edits it)."""
        return Q(is_active=True)


class ViolationReport(ProcedureCase):
    """A notification of prohibited information (seed 001 p. 8–9, Appendix 2)."""

    LEGAL_ACT_CODE = "s001"
    FINAL_STATES = FINAL_STATES

    state = FSMField(_("state"), default=ReportState.DRAFT, choices=ReportState.choices, protected=True, db_index=True)
    organisation = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("reporting state body"),
        on_delete=models.PROTECT,
        related_name="violation_reports",
        limit_choices_to={"kind": OrganisationKind.STATE_BODY},
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="violation_reports"
    )
    addressee = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("authorised body"),
        on_delete=models.PROTECT,
        related_name="received_violation_reports",
        limit_choices_to={"kind": OrganisationKind.AUTHORISED_BODY},
        default=default_addressee,
        help_text=_("The authorised body in the field of mass media the notification is addressed to."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.SYSTEM)
    signatory_position = models.CharField(
        _("signatory's position"), max_length=200, blank=True, help_text=_("Letter channel: the head or a deputy (p. 9).")
    )
    signatory_name = models.CharField(_("signatory's full name"), max_length=200, blank=True)
    violation_type = models.ForeignKey(
        ViolationType, verbose_name=_("violation type"), on_delete=models.PROTECT, related_name="reports"
    )
    legal_act = models.CharField(
        _("legislative act"), max_length=300, help_text=_("E.g. «Масс-медиа туралы» Қазақстан Республикасының Заңы.")
    )
    legal_norm = models.CharField(_("norm (article, paragraph)"), max_length=300, help_text=_("E.g. 2-бап, 3-т."))
    description = models.TextField(_("description"), blank=True, validators=[max_length(MAX_DESCRIPTION)])
    lawfulness_confirmed = models.BooleanField(
        _("I confirm that the data in this notification are lawful and well-founded"), default=False
    )
    lawfulness_confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="reviewed_violation_reports",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    return_reason = models.TextField(_("what is missing"), blank=True, validators=[max_length(MAX_ANSWER)])
    rejection_grounds = models.TextField(
        _("grounds: why there is no violation"), blank=True, validators=[max_length(MAX_ANSWER)]
    )
    withdrawal_reason = models.TextField(
        _("why it was withdrawn"), blank=True, default="", db_default="", validators=[max_length(MAX_ANSWER)]
    )
    reference_report = models.ForeignKey(
        "self",
        verbose_name=_("confirmed by reference to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referenced_by",
    )
    history = HistoricalRecords(excluded_fields=["state"])

    objects = ScopedManager()

    class Meta:
        verbose_name = _("violation report")
        verbose_name_plural = _("violation reports")
        ordering = ["submitted_at", "id"]
        indexes = [
            models.Index(fields=["submitted_at", "id"], name="violation_queue"),
            models.Index(fields=["state", "submitted_at", "id"], name="violation_state_queue"),
            models.Index(fields=["organisation", "state"], name="violation_org_state"),
            models.Index(fields=["violation_type", "submitted_at"], name="violation_type_queue"),
        ]

    def __str__(self):
        return _("Notification No. %(number)s") % {"number": self.pk or "—"}

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """A state body sees only its own organisation's reports."""
        return Q(organisation=organisation)

    def clean(self):
        errors = {}
        if self._state.adding:
            try:
                self.ensure_legal_act_applicable()
            except ValidationError as exc:
                errors[NON_FIELD_ERRORS] = exc.messages
        if self.organisation_id and self.organisation.kind != OrganisationKind.STATE_BODY:
            errors["organisation"] = [_("Notifications are sent by state bodies.")]
        if not letter_is_signed(self):
            for field in ("signatory_position", "signatory_name"):
                if not (getattr(self, field) or "").strip():
                    errors[field] = [ValidationError(letter_is_signed.message, code="signatory_required")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def duplicate_facts(self):
        """Facts of *other* reports already confirmed whose normalised value matches one of ours
        (the same fact confirmed once needs no second review, p. 10)."""
        ours = ViolationFact.objects.filter(report_id=self.pk, kind=OuterRef("kind"), value_ascii=OuterRef("value_ascii"))
        return (
            ViolationFact.objects.filter(Exists(ours), report__state__in=CONFIRMED_STATES)
            .exclude(report_id=self.pk)
            .select_related("report", "report__organisation")
            .order_by("report__decided_at", "report_id", "pk")
        )

    def confirmable_reference(self, reference) -> int:
        """The id of ``reference`` (a report or its id) if it is an earlier confirmed report sharing
        a fact with this one; a field-level ValidationError otherwise."""
        reference_id = getattr(reference, "pk", reference)
        if not reference_id or not self.duplicate_facts().filter(report_id=reference_id).exists():
            raise ValidationError({"reference": [REFERENCE_REQUIRED]}, code="invalid_reference")
        return reference_id

    # --- legal steps: the report's own fields only (see services.py for each step's service) ----

    def _step_time(self):
        """The real time of the step being taken (``occurred_at`` of a step recorded afterwards), else now."""
        return step_time(self)

    def _mark_submitted(self):
        at = self._step_time()
        self.submitted_at = self.submitted_at or at
        self.lawfulness_confirmed_at = at

    def _mark_decided(self, by):
        self.decided_at = self._step_time()
        self.reviewer = self.reviewer or by

    @transition(
        field=state, source=ReportState.DRAFT, target=ReportState.SUBMITTED,
        conditions=SUBMIT_CONDITIONS, permission=BY_REPORTER,
        custom=step(_("Submit to the authorised body"), CITE_SUBMIT, afterwards=True),
    )
    def submit(self, by=None, comment=""):
        """Seed 001 p. 8 (information system) / p. 9 (letter by Appendix 2)."""
        self._mark_submitted()

    @transition(
        field=state, source=ReportState.RETURNED, target=ReportState.SUBMITTED,
        conditions=SUBMIT_CONDITIONS, permission=BY_REPORTER,
        custom=step(_("Resubmit after completion"), CITE_SUBMIT, afterwards=True),
    )
    def resubmit(self, by=None, comment=""):
        """Seed 001 p. 8–9: sent again once what was missing is filled in."""
        self._mark_submitted()

    @transition(
        field=state, source=ReportState.SUBMITTED, target=ReportState.IN_REVIEW,
        permission=BY_REVIEWER, custom=step(_("Take into review"), CITE_REVIEW),
    )
    def take_into_review(self, by=None, comment=""):
        self.reviewer = by

    @transition(
        field=state, source=[ReportState.SUBMITTED, ReportState.IN_REVIEW], target=ReportState.RETURNED,
        permission=BY_REVIEWER,
        custom=step(_("Return for completion"), CITE_RETURN, form="cases.violations.forms.ReturnForm"),
    )
    def return_for_completion(self, by=None, comment="", missing=""):
        self.return_reason = bounded_text(required_text(missing, "missing", MISSING_REQUIRED), "missing")
        self.reviewer = self.reviewer or by

    @transition(
        field=state, source=ReportState.IN_REVIEW, target=ReportState.CONFIRMED,
        permission=BY_REVIEWER, custom=step(_("Confirm the facts"), CITE_P10, confirm=CONFIRMED_CONSEQUENCE),
    )
    def confirm(self, by=None, comment=""):
        """Seed 001 p. 10: confirmed facts lead to restriction of access."""
        self._mark_decided(by)

    @transition(
        field=state, source=ReportState.IN_REVIEW, target=ReportState.CONFIRMED,
        conditions=[has_confirmed_duplicate], permission=BY_REVIEWER,
        custom=step(_("Confirm by reference to an earlier report"), CITE_CONFIRM_BY_REFERENCE,
                    confirm=CONFIRMED_CONSEQUENCE, form="cases.violations.forms.ConfirmByReferenceForm"),
    )
    def confirm_by_reference(self, by=None, comment="", reference=None):
        """Seed 001 p. 10: a fact already confirmed in another report; the earlier report is recorded."""
        self.reference_report_id = self.confirmable_reference(reference)
        self._mark_decided(by)

    @transition(
        field=state, source=ReportState.IN_REVIEW, target=ReportState.REJECTED, permission=BY_REVIEWER,
        custom=step(_("Reject (no violation)"), CITE_P11, form="cases.violations.forms.RejectForm",
                    confirm=REJECTED_CONSEQUENCE),
    )
    def reject(self, by=None, comment="", grounds=""):
        """Seed 001 p. 11: refused, stating the grounds why there is no violation — never silently."""
        self.rejection_grounds = bounded_text(required_text(grounds, "grounds", GROUNDS_REQUIRED), "grounds")
        self._mark_decided(by)

    @transition(
        field=state, source=ReportState.CONFIRMED, target=ReportState.RESTRICTION_ORDERED, permission=BY_REVIEWER,
        custom=step(_("Order restriction of access (Art. 41-1)"), CITE_P10, form="cases.violations.forms.RestrictionForm",
                    confirm=RESTRICTION_CONSEQUENCE),
    )
    def order_restriction(self, by=None, comment=""):
        """Seed 001 p. 10: the restriction order itself is written by the step's service."""

    @transition(
        field=state, source=ReportState.RESTRICTION_ORDERED, target=ReportState.CLOSED,
        conditions=[has_restriction_order], permission=BY_REVIEWER,
        custom=step(_("Close the case"), CITE_CLOSE, confirm=CONFIRM_CLOSE),
    )
    def close(self, by=None, comment=""):
        """The measures are ordered (p. 10): the case is finished."""

    @transition(
        field=state, source=list(WITHDRAWABLE_STATES), target=ReportState.WITHDRAWN, permission=BY_REPORTER,
        custom=step(_("Withdraw (recorded in error)"), CITE_WITHDRAW, form="cases.violations.forms.WithdrawForm",
                    confirm=CONFIRM_WITHDRAW),
    )
    def withdraw(self, by=None, comment="", reason=""):
        """The state body withdraws a notification recorded in error, before the review, with its reason."""
        self.withdrawal_reason = bounded_text(required_text(reason, "reason", REASON_REQUIRED), "reason")


class ViolationFact(models.Model):
    """One detected fact (Appendix 2 item 3): URL, domain, IP address, protocol type, IMEI or MAC."""

    class Kind(models.TextChoices):
        URL = FactKind.URL, _("URL")
        DOMAIN = FactKind.DOMAIN, _("Domain name")
        IP = FactKind.IP, _("IP address")
        PROTOCOL = FactKind.PROTOCOL, _("Protocol type")
        IMEI = FactKind.IMEI, _("IMEI")
        MAC = FactKind.MAC, _("MAC address")

    report = models.ForeignKey(ViolationReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    raw_value = models.CharField(_("value as entered"), max_length=2000)
    value = models.CharField(_("normalised value"), max_length=2000, editable=False)
    value_ascii = models.CharField(_("normalised value (ASCII / punycode)"), max_length=2100, editable=False)
    host = models.CharField(_("host"), max_length=260, blank=True, editable=False)
    protocol = models.CharField(
        _("protocol type"), max_length=12, blank=True, default="", db_default="",
        help_text=_("The data-network protocol type this resource uses (e.g. HTTPS); a URL's own scheme is used when empty."),
    )

    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["report", "pk"]
        indexes = [
            # Exact and prefix search on the ASCII key (varchar_pattern_ops on PostgreSQL for LIKE 'x%').
            models.Index(fields=["value_ascii"], name="violation_fact_value", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["host"], name="violation_fact_host"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value or self.raw_value}"

    def save(self, *args, **kwargs):
        if not self.value_ascii:
            self.normalise()
        super().save(*args, **kwargs)

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(report__organisation=organisation)

    def clean(self):
        if self.kind and self.raw_value:
            self.normalise()

    def normalise(self):
        """Fill value / value_ascii / host from kind + raw_value and normalise the resource's own
        protocol type (Appendix 2 item 3); field-level errors if invalid."""
        errors = {}
        try:
            fact = normalise_fact(self.kind, self.raw_value)
        except ValidationError as exc:
            errors["raw_value"] = exc.error_list
        try:
            self.protocol = resource_protocol(self.kind, self.protocol)
        except ValidationError as exc:
            errors["protocol"] = exc.error_list
        if errors:
            raise ValidationError(errors)
        self.value, self.value_ascii, self.host = fact.value, fact.value_ascii, fact.host


class Screenshot(models.Model):
    """A screenshot of the detected material (seed 001 p. 8: "скриншоттарын толық көлемде").

    Stored under MEDIA_ROOT (outside the static tree) and served only by a view that checks the
    user may see the report.
    """

    report = models.ForeignKey(ViolationReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="screenshots")
    file = models.FileField(_("file"), upload_to=screenshot_path, storage=screenshot_storage, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=40, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False, default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.original_name or f"#{self.pk}"

    def save(self, *args, **kwargs):
        if not self.sha256:
            self.clean()
        super().save(*args, **kwargs)

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(report__organisation=organisation)

    def clean(self):
        if self.file and not self.sha256:
            try:
                self.content_type, self.size, self.sha256 = inspect_upload(self.file)
            except ValidationError as exc:
                raise ValidationError({"file": exc.error_list}) from exc
            self.original_name = (getattr(self.file, "name", "") or "")[:255]


class RestrictionOrder(models.Model):
    """The measure restricting access to the confirmed facts (seed 001 p. 10; Law on
    Communications Art. 41-1), with a CSV export of what is to be restricted."""

    DEFAULT_MEASURE = _("Restrict access on the territory of the Republic of Kazakhstan to the confirmed facts (Law on Communications, Art. 41-1).")

    report = models.OneToOneField(ViolationReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="restriction_order")
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ordered by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measure = models.TextField(_("measure"), validators=[max_length(MAX_ANSWER)])
    legal_basis = models.CharField(_("legal basis"), max_length=300, default=CITE_P10)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("restriction order")
        verbose_name_plural = _("restriction orders")
        ordering = ["-ordered_at"]

    def __str__(self):
        return _("Restriction order No. %(number)s") % {"number": self.pk or "—"}

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(report__organisation=organisation)

    @property
    def number(self) -> int | None:
        return self.pk

    def restricted_facts(self):
        """What is to be restricted: every confirmed fact of the report (resources and device codes)."""
        return self.report.facts.order_by("pk")
