"""Notifications of prohibited information from state bodies — seed 001 (Order No. 409 of
27.09.2022), p. 7–11 and Appendix 2.

A state body that detects information prohibited by law or by a court act in force sends the
authorised body a notification (p. 8) through the information system, or an
electronic-document letter by the form of Appendix 2 signed by its head or a deputy (p. 9).
The authorised body takes measures restricting access to confirmed facts under Art. 41-1 of
the Law on Communications (p. 10) and refuses unconfirmed ones stating the grounds why there is
no violation (p. 11).

The acts set no term for the review: no deadline rule is opened here (p. 10–11 are silent).
"""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase, precondition
from registries.roles import OrganisationKind, Role
from registries.scoping import ScopedManager, role_permission

from .facts import FactKind, normalise_fact

#: User-facing citations (Kazakh form), quoted by refusals, the admin and letters.
CITE_P8 = "№ 409 бұйрық, 8-т."
CITE_P9 = "№ 409 бұйрық, 9-т."
CITE_P10 = "№ 409 бұйрық, 10-т.; «Байланыс туралы» ҚР Заңының 41-1-бабы"
CITE_P11 = "№ 409 бұйрық, 11-т."

REPORTER_ROLES = (Role.STATE_BODY_REPORTER, Role.STATE_BODY_MANAGER)
REVIEWER_ROLES = (Role.AUTHORISED_OFFICER, Role.AUTHORISED_SUPERVISOR)

MAX_SCREENSHOT_BYTES = 10 * 1024 * 1024


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


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for completion")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    RESTRICTION_ORDERED = "restriction_ordered", _("Restriction ordered")
    CLOSED = "closed", _("Closed")


#: States in which a report's facts count as confirmed (duplicates are looked up among these).
CONFIRMED_STATES = (ReportState.CONFIRMED, ReportState.RESTRICTION_ORDERED, ReportState.CLOSED)
#: States in which the reporting state body may still edit its report.
EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class Channel(models.TextChoices):
    SYSTEM = "system", _("Information system (p. 8)")
    LETTER = "letter", _("Electronic-document letter by Appendix 2 (p. 9)")


# --- preconditions (each names what is missing and cites the clause) ---------------------------


@precondition(_("Add at least one fact (URL, domain, IP address, protocol type, IMEI or MAC) — № 409 бұйрық, 8-т., 2-қосымша 3-т."))
def has_facts(report) -> bool:
    return report.pk is not None and report.facts.exists()


@precondition(_("Attach the screenshots of the detected materials in full — № 409 бұйрық, 8-т."))
def has_screenshots(report) -> bool:
    return report.pk is not None and report.screenshots.exists()


@precondition(_("Confirm that the data are lawful and well-founded — № 409 бұйрық, 8-т."))
def is_confirmed_by_reporter(report) -> bool:
    return bool(report.lawfulness_confirmed)


@precondition(_("A letter by Appendix 2 is signed by the head or a deputy: give the signatory's position and full name — № 409 бұйрық, 9-т."))
def letter_has_signatory(report) -> bool:
    if report.channel != Channel.LETTER:
        return True
    return bool(report.signatory_position.strip() and report.signatory_name.strip())


@precondition(_("State the violation type and the norm of the legislative act — № 409 бұйрық, 2-қосымша 1–2-т."))
def has_type_and_norm(report) -> bool:
    return bool(report.violation_type_id and report.legal_norm.strip())


@precondition(_("Only a report with a fact already confirmed in another report can be confirmed by reference."))
def has_confirmed_duplicate(report) -> bool:
    return report.pk is not None and report.duplicate_facts().exists()


SUBMIT_CONDITIONS = [has_type_and_norm, has_facts, has_screenshots, is_confirmed_by_reporter, letter_has_signatory]


def require(report, conditions) -> None:
    """Refuse with every unmet precondition's message at once.

    The submission preconditions are checked here, in the transition body, rather than as
    django-fsm ``conditions``: django-fsm hides a transition whose conditions are unmet (so the
    admin would show no "Submit" button and never say what is missing) and
    ``has_transition_perm`` folds unmet conditions into "no permission" (403).
    """
    messages = [str(condition.message) for condition in conditions if not condition(report)]
    if messages:
        raise ValidationError(messages, code="preconditions")


def default_addressee():
    from registries.models import Organisation

    return Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY).order_by("pk").values_list("pk", flat=True).first()


class ViolationReport(ProcedureCase):
    """A notification of prohibited information (seed 001 p. 8–9, Appendix 2)."""

    LEGAL_ACT_CODE = "s001"
    FINAL_STATES = (ReportState.CLOSED, ReportState.REJECTED)

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
    description = models.TextField(_("description"), blank=True)
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
    return_reason = models.TextField(_("what is missing"), blank=True)
    rejection_grounds = models.TextField(_("grounds: why there is no violation"), blank=True)
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
            from registries.models import LegalAct

            try:
                LegalAct.objects.get(code=self.LEGAL_ACT_CODE).ensure_applicable()
            except ValidationError as exc:
                errors[NON_FIELD_ERRORS] = exc.messages
        if self.organisation_id and self.organisation.kind != OrganisationKind.STATE_BODY:
            errors["organisation"] = [_("Notifications are sent by state bodies.")]
        if self.channel == Channel.LETTER:
            if not self.signatory_position.strip():
                errors["signatory_position"] = [_("A letter by Appendix 2 is signed by the head or a deputy: give the position (p. 9).")]
            if not self.signatory_name.strip():
                errors["signatory_name"] = [_("Give the signatory's full name (p. 9).")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def duplicate_facts(self):
        """Facts of *other* reports already confirmed whose normalised value matches one of ours (item 4)."""
        ours = ViolationFact.objects.filter(report_id=self.pk, kind=OuterRef("kind"), value_ascii=OuterRef("value_ascii"))
        return (
            ViolationFact.objects.filter(Exists(ours), report__state__in=CONFIRMED_STATES)
            .exclude(report_id=self.pk)
            .select_related("report", "report__organisation")
            .order_by("report__decided_at", "report_id", "pk")
        )

    # --- legal steps ------------------------------------------------------------------------

    def _mark_submitted(self, by):
        now = timezone.now()
        self.submitted_at = self.submitted_at or now
        self.lawfulness_confirmed_at = now
        from .services import after_submission

        after_submission(self, by)

    @transition(
        field=state,
        source=ReportState.DRAFT,
        target=ReportState.SUBMITTED,
        permission=role_permission(*REPORTER_ROLES, organisation_field="organisation"),
        custom={"admin": True, "label": _("Submit to the authorised body")},
    )
    def submit(self, by=None, comment=""):
        """Seed 001 p. 8 (information system) / p. 9 (letter by Appendix 2)."""
        require(self, SUBMIT_CONDITIONS)
        self._mark_submitted(by)

    @transition(
        field=state,
        source=ReportState.RETURNED,
        target=ReportState.SUBMITTED,
        permission=role_permission(*REPORTER_ROLES, organisation_field="organisation"),
        custom={"admin": True, "label": _("Resubmit after completion")},
    )
    def resubmit(self, by=None, comment=""):
        require(self, SUBMIT_CONDITIONS)
        self._mark_submitted(by)

    @transition(
        field=state,
        source=ReportState.SUBMITTED,
        target=ReportState.IN_REVIEW,
        permission=role_permission(*REVIEWER_ROLES),
        custom={"admin": True, "label": _("Take into review")},
    )
    def take_into_review(self, by=None, comment=""):
        self.reviewer = by

    @transition(
        field=state,
        source=[ReportState.SUBMITTED, ReportState.IN_REVIEW],
        target=ReportState.RETURNED,
        permission=role_permission(*REVIEWER_ROLES),
        custom={"admin": True, "label": _("Return for completion"), "form": "cases.violations.forms.ReturnForm"},
    )
    def return_for_completion(self, by=None, comment="", missing=""):
        if not (missing or "").strip():
            raise ValidationError({"missing": _("State what is missing.")})
        self.return_reason = missing.strip()
        self.reviewer = self.reviewer or by

    @transition(
        field=state,
        source=ReportState.IN_REVIEW,
        target=ReportState.CONFIRMED,
        permission=role_permission(*REVIEWER_ROLES),
        custom={"admin": True, "label": _("Confirm the facts")},
    )
    def confirm(self, by=None, comment=""):
        """Seed 001 p. 10: confirmed facts lead to restriction of access."""
        self.decided_at = timezone.now()
        self.reviewer = self.reviewer or by

    @transition(
        field=state,
        source=ReportState.IN_REVIEW,
        target=ReportState.CONFIRMED,
        conditions=[has_confirmed_duplicate],
        permission=role_permission(*REVIEWER_ROLES),
        custom={"admin": True, "label": _("Confirm by reference to an earlier report"), "form": "cases.violations.forms.ConfirmByReferenceForm"},
    )
    def confirm_by_reference(self, by=None, comment="", reference=None):
        """Issue 6 item 4: a fact already confirmed in another report; the earlier report is recorded."""
        reference_id = getattr(reference, "pk", reference)
        if not reference_id or not self.duplicate_facts().filter(report_id=reference_id).exists():
            raise ValidationError({"reference": _("Choose an earlier confirmed report that shares a fact with this one.")})
        self.reference_report_id = reference_id
        self.decided_at = timezone.now()
        self.reviewer = self.reviewer or by

    @transition(
        field=state,
        source=ReportState.IN_REVIEW,
        target=ReportState.REJECTED,
        permission=role_permission(*REVIEWER_ROLES),
        custom={"admin": True, "label": _("Reject (no violation)"), "form": "cases.violations.forms.RejectForm"},
    )
    def reject(self, by=None, comment="", grounds=""):
        """Seed 001 p. 11: refused, stating the grounds why there is no violation — never silently."""
        if not (grounds or "").strip():
            raise ValidationError({"grounds": _("State the grounds why there is no violation (№ 409 бұйрық, 11-т.).")})
        self.rejection_grounds = grounds.strip()
        self.decided_at = timezone.now()
        self.reviewer = self.reviewer or by

    @transition(
        field=state,
        source=ReportState.CONFIRMED,
        target=ReportState.RESTRICTION_ORDERED,
        permission=role_permission(*REVIEWER_ROLES),
        custom={"admin": True, "label": _("Order restriction of access (Art. 41-1)"), "form": "cases.violations.forms.RestrictionForm"},
    )
    def order_restriction(self, by=None, comment="", measure=""):
        """Seed 001 p. 10: measures restricting access under Art. 41-1 of the Law on Communications."""
        RestrictionOrder.objects.create(
            report=self,
            ordered_by=by if getattr(by, "pk", None) else None,
            measure=(measure or "").strip() or str(RestrictionOrder.DEFAULT_MEASURE),
        )

    @transition(
        field=state,
        source=ReportState.RESTRICTION_ORDERED,
        target=ReportState.CLOSED,
        permission=role_permission(*REVIEWER_ROLES),
        custom={"admin": True, "label": _("Close")},
    )
    def close(self, by=None, comment=""):
        pass


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
        """Fill value / value_ascii / host from kind + raw_value; field-level error if invalid."""
        try:
            fact = normalise_fact(self.kind, self.raw_value)
        except ValidationError as exc:
            raise ValidationError({"raw_value": exc.error_list}) from exc
        self.value, self.value_ascii, self.host = fact.value, fact.value_ascii, fact.host


def sniff_content_type(head: bytes) -> str | None:
    """The screenshot's type read from its first bytes (magic numbers), never from its name."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "application/pdf": "pdf"}


def screenshot_path(instance, filename):
    now = timezone.now()
    extension = EXTENSIONS.get(instance.content_type, "bin")
    return f"violations/screenshots/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def inspect_upload(file) -> tuple[str, int, str]:
    """(content type, size, sha256) of an uploaded file; ValidationError if not PNG/JPEG/WebP/PDF or over 10 MB."""
    size = file.size
    if size is None or size > MAX_SCREENSHOT_BYTES:
        raise ValidationError(_("A screenshot may be at most 10 MB."), code="screenshot_too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="screenshot_empty")
    file.seek(0)
    head = file.read(16)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("Only PNG, JPEG, WebP or PDF files are accepted (recognised by their content, not by the file name)."),
            code="screenshot_type",
        )
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return content_type, size, digest.hexdigest()


class GuardedStorage(FileSystemStorage):
    """Files under MEDIA_ROOT whose URL is the guarded download view, never a public path."""

    def url(self, name):
        return reverse("violations:screenshot-file", kwargs={"name": name})


def screenshot_storage():
    return GuardedStorage()


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
    measure = models.TextField(_("measure"))
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

    def restricted_facts(self):
        """What is to be restricted: every confirmed fact of the report (resources and device codes)."""
        return self.report.facts.order_by("pk")
