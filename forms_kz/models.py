"""The outgoing-letter register.

An ``OutgoingLetter`` is drafted with a form code and its ``data`` (``forms_kz.schemas``), then
issued: it gets the next register number of its organisation for the year, its PDF is rendered
once, stored with its SHA-256, and the letter is locked. Cancelling (with a reason) is the only
step after that. Numbers come from ``LetterCounter`` rows locked with SELECT … FOR UPDATE inside
the issuing transaction, so two officials issuing at the same moment never get the same number
and a failed issue leaves no gap.

Register number pattern (documented): ``{organisation id, 3 digits}-ШХ/{year}/{sequence, 6 digits}``,
e.g. ``001-ШХ/2026/000123`` ("ШХ" — шығыс хат, outgoing letter); the year is the Asia/Almaty
year of the issue, the sequence restarts at 1 every year for every organisation.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from registries.scoping import ScopedManager, ScopedQuerySet

from .schemas import FORM_SCHEMAS

#: What a person reads for a form: its title as the act names it (lazy: in the viewer's language), never its code.
FORM_CHOICES = [(code, schema.title) for code, schema in FORM_SCHEMAS.items()]


def new_verification_token() -> str:
    return secrets.token_urlsafe(24)


def letter_upload_to(instance, filename):
    # A random name, unrelated to the public verification token.
    return f"letters/{instance.year or 'draft'}/{instance.organisation_id}/{secrets.token_hex(16)}.pdf"


class LetterPdfFile(FieldFile):
    """An issued letter's PDF. ``forms_kz.services.issue_letter`` writes the file only when the
    issuing transaction commits (a rolled-back issue leaves no file printing a register number the
    register gives to another letter). Until then — inside that transaction — or should that write
    have failed, reading it renders the letter again from its stored fields: the same bytes, checked
    against the stored SHA-256 (nothing is served that does not match)."""

    def _unwritten(self):
        letter = self.instance
        if not self.name or not getattr(letter, "sha256", "") or self.storage.exists(self.name):
            return None
        from .rendering import render_letter

        content = render_letter(letter, draft=False)
        if hashlib.sha256(content).hexdigest() != letter.sha256:
            return None
        return ContentFile(content, name=self.name)

    def _get_file(self):
        if getattr(self, "_file", None) is None and self.name:
            self._file = self._unwritten()
        return super()._get_file()

    file = property(_get_file, FieldFile._set_file, FieldFile._del_file)

    def open(self, mode="rb"):
        if getattr(self, "_file", None) is None and self.name:
            unwritten = self._unwritten()
            if unwritten is not None:
                self._file = unwritten
                return self
        return super().open(mode)


class LetterPdfField(models.FileField):
    attr_class = LetterPdfFile


class LetterState(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")
    CANCELLED = "cancelled", _("cancelled")


def can_issue(letter, user) -> bool:
    """Staff of the issuing organisation holding ``forms_kz.issue_outgoingletter`` (or a superuser)."""
    from registries.scoping import organisation_of

    if user is None:
        return True  # system issue (a service acting on an already-authorised transition)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    organisation = organisation_of(user)
    return (
        organisation is not None
        and organisation.pk == letter.organisation_id
        and user.has_perm("forms_kz.issue_outgoingletter")
    )


class OutgoingLetterQuerySet(ScopedQuerySet):
    def for_case(self, case):
        return self.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk)

    def issued(self):
        return self.filter(state=LetterState.ISSUED)


OutgoingLetterManager = ScopedManager.from_queryset(OutgoingLetterQuerySet)

#: Fields that never change once the letter is issued.
FROZEN_FIELDS = (
    "organisation_id", "addressee", "addressee_organisation_id", "form_code", "data", "content_type_id",
    "object_id", "register_number", "year", "sequence", "signatory_position", "signatory_name",
    "issuer_name", "pdf", "sha256", "verification_token", "verification_url", "issued_by_id", "issued_at",
    "identity",
)


class OutgoingLetter(models.Model):
    organisation = models.ForeignKey(
        "registries.Organisation", verbose_name=_("issuing organisation"), on_delete=models.PROTECT,
        related_name="outgoing_letters",
    )
    addressee = models.TextField(_("addressee"))
    addressee_organisation = models.ForeignKey(
        "registries.Organisation", verbose_name=_("addressee organisation"), on_delete=models.PROTECT,
        related_name="incoming_letters", null=True, blank=True,
    )
    form_code = models.CharField(_("form"), max_length=40, choices=FORM_CHOICES, db_index=True)
    data = models.JSONField(_("form data"), default=dict, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("case type"), on_delete=models.PROTECT, null=True, blank=True,
    )
    object_id = models.PositiveBigIntegerField(_("case id"), null=True, blank=True)
    case = GenericForeignKey("content_type", "object_id")

    register_number = models.CharField(_("register number"), max_length=40, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("register year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=300, blank=True)
    signatory_name = models.CharField(_("signatory's full name"), max_length=300, blank=True)
    issuer_name = models.CharField(_("issuing organisation's name as printed"), max_length=300, blank=True)

    pdf = LetterPdfField(_("PDF"), upload_to=letter_upload_to, blank=True, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    verification_token = models.CharField(
        _("verification token"), max_length=64, unique=True, default=new_verification_token, editable=False,
    )
    verification_url = models.CharField(_("verification URL"), max_length=300, blank=True)

    identity = models.CharField(
        _("letter identity"), max_length=200, blank=True, editable=False,
        help_text=_("What makes two drafts the same letter: at most one of them is issued at a time."),
    )

    state = FSMField(_("state"), default=LetterState.DRAFT, choices=LetterState.choices, protected=True, db_index=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, db_index=True)

    history = HistoricalRecords()
    objects = OutgoingLetterManager()

    class Meta:
        verbose_name = _("outgoing letter")
        verbose_name_plural = _("outgoing letters")
        ordering = ["-issued_at", "-created_at"]
        permissions = [
            ("issue_outgoingletter", _("Can issue outgoing letters")),
            ("cancel_outgoingletter", _("Can cancel outgoing letters")),
        ]
        indexes = [
            models.Index(fields=["organisation", "state", "issued_at"]),
            models.Index(fields=["addressee_organisation", "state"]),
            models.Index(fields=["content_type", "object_id"]),
            # the register's changelist order, read backwards (cases.changelists)
            models.Index(fields=["issued_at", "created_at", "id"], name="letter_register_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "sequence"], name="forms_kz_letter_org_year_seq",
                condition=Q(sequence__isnull=False),
            ),
            # The same letter (e.g. a staff list's Appendix 1) is issued once, however many
            # requests race: a cancelled one may be issued again.
            models.UniqueConstraint(
                fields=["identity"], name="forms_kz_letter_issued_once",
                condition=Q(state=LetterState.ISSUED) & ~Q(identity=""),
            ),
        ]

    def __str__(self):
        return self.register_number or _("Draft: %(form)s") % {"form": self.form_code}

    # ------------------------------------------------------------------ immutability
    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                type(self)._base_manager.filter(pk=self.pk)
                .values("state", *FROZEN_FIELDS).first()
            )
            if stored and stored["state"] != LetterState.DRAFT:
                changed = [
                    name for name in FROZEN_FIELDS
                    if _comparable(stored[name]) != _comparable(getattr(self, name))
                ]
                if changed:
                    raise ValidationError(
                        _("An issued letter cannot be changed (%(fields)s); cancel it and issue a new one.")
                        % {"fields": ", ".join(changed)}
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state != LetterState.DRAFT:
            raise ValidationError(_("An issued letter cannot be deleted; cancel it instead."))
        return super().delete(*args, **kwargs)


    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        # The protected FSM field refuses plain assignment; reloading from the database is not
        # a state change, so let it through.
        if fields is None or "state" in fields:
            self.__dict__.pop("state", None)
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """The issuing organisation sees its letters; the addressee organisation sees letters
        addressed to it once they are issued (never drafts)."""
        return Q(organisation=organisation) | Q(
            addressee_organisation=organisation, state__in=[LetterState.ISSUED, LetterState.CANCELLED],
        )

    @property
    def schema(self):
        return FORM_SCHEMAS[self.form_code]

    # ------------------------------------------------------------------ transitions
    @transition(field=state, source=LetterState.DRAFT, target=LetterState.ISSUED, permission=can_issue)
    def issue(self, by=None):
        """Only via ``forms_kz.services.issue_letter`` (numbering, rendering, hashing)."""

    @transition(field=state, source=LetterState.ISSUED, target=LetterState.CANCELLED,
                custom={"admin": True, "label": _("Cancel the letter")})
    def cancel(self, by=None, reason=""):
        from django.utils import timezone

        if not (reason or "").strip():
            raise ValidationError({"cancel_reason": _("State the reason for cancelling the letter.")})
        self.cancel_reason = reason.strip()
        self.cancelled_at = timezone.now()
        self.cancelled_by = by

def _comparable(value):
    if hasattr(value, "name") and not isinstance(value, str):  # FieldFile
        return value.name or ""
    return "" if value is None else value


class LetterCounter(models.Model):
    """The last register sequence of an organisation for a year (locked while issuing)."""

    organisation = models.ForeignKey("registries.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="forms_kz_counter_org_year")]

    def __str__(self):
        return f"{self.organisation_id}/{self.year}: {self.last}"


def format_register_number(organisation_id: int, year: int, sequence: int) -> str:
    return f"{organisation_id:03d}-ШХ/{year}/{sequence:06d}"
