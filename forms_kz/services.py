"""Public API of the letter register (other apps use exactly these).

    from forms_kz.services import draft_letter, issue_letter, LetterIncomplete
    letter = draft_letter(form_code=FormCode.S004_APP1, data={...}, organisation=<issuing Organisation>,
                          addressee="<text>", case=<case or None>, created_by=<user>)
    issue_letter(letter, by=<user>)   # numbers, renders, hashes, locks; raises LetterIncomplete
    letter.pdf, letter.register_number, letter.issued_at
    OutgoingLetter.objects.for_case(case)

The keys of ``data`` per form are in ``forms_kz.schemas.FORM_SCHEMAS``.

A letter is issued once: drafts that are the same letter share an ``identity`` (by default the
case and the form for the forms in ``ONCE_PER_CASE``; ``letter_identity(case, form, *parts)`` for
others) and the database lets one of them be issued at a time. The PDF is written to storage
only when the issuing transaction commits: an issue rolled back with its step leaves no file.
"""

from __future__ import annotations

import hashlib
import logging
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.public_url import public_url
from registries.roles import OrganisationKind

from .codes import FormCode
from .models import LetterCounter, LetterState, OutgoingLetter, can_issue, format_register_number
from .rendering import letter_context, render_letter
from .schemas import FORM_SCHEMAS, check_data

__all__ = [
    "LetterIncomplete", "draft_letter", "issue_letter", "cancel_letter", "render_letter", "letter_context",
    "letter_identity", "sha256_of", "ISSUER_KINDS", "ONCE_PER_CASE", "OutgoingLetter",
]

logger = logging.getLogger(__name__)

#: Forms a case has at most one issued letter of (its identity is the case and the form).
ONCE_PER_CASE = frozenset({
    FormCode.S001_APP1,  # seed 001 p. 5, Appendix 1: the list the state body sends, once per list
})

#: Which kinds of organisation issue which form (who signs it in the act).
ISSUER_KINDS = {
    FormCode.S000_DEMAND: {OrganisationKind.PENITENTIARY},  # seed 000 p. 20-2: the penitentiary authority
    FormCode.S001_APP1: {OrganisationKind.STATE_BODY},  # seed 001 p. 5: state bodies send their lists
    FormCode.S001_APP2: {OrganisationKind.STATE_BODY},  # seed 001 p. 9: state bodies notify
    FormCode.S001_SWEEP: {OrganisationKind.AUTHORISED_BODY},  # seed 001 p. 6: the authorised body
    FormCode.S002_REFUSAL: {OrganisationKind.SERVICE_PROVIDER, OrganisationKind.AUTHORISED_BODY},
    FormCode.S002_COMPLAINT_DECISION: {
        OrganisationKind.SERVICE_PROVIDER, OrganisationKind.COMPLAINT_BODY, OrganisationKind.QUALITY_BODY,
        OrganisationKind.AUTHORISED_BODY,
    },
    FormCode.S004_APP1: {OrganisationKind.AUTHORISED_BODY},  # seed 004 p. 5
    FormCode.S004_APP2: {OrganisationKind.AUTHORISED_BODY},  # seed 004 p. 6
    FormCode.S004_APP3: {OrganisationKind.AUTHORISED_BODY},  # seed 004 p. 9
    FormCode.S004_RESTRICTION: {OrganisationKind.AUTHORISED_BODY},  # Law on Communications Art. 41-1 p. 1-1
    FormCode.S004_LIFTING: {OrganisationKind.AUTHORISED_BODY},  # seed 004 p. 9–10: the authorised body's instruction
}


class LetterIncomplete(ValidationError):
    """Required form fields are missing: ``.missing`` lists their names (``devices[0].imei``)."""

    def __init__(self, missing, form_code: str = ""):
        self.missing = list(missing)
        self.form_code = form_code
        super().__init__({
            name: [ValidationError(_("This field is required for the form."), code="required")]
            for name in self.missing
        })

    def summary(self) -> str:
        return _("The letter cannot be issued: required fields are missing: %(fields)s.") % {
            "fields": ", ".join(self.missing)
        }

    def __str__(self):
        return self.summary()


def letter_identity(case, form_code: str, *parts) -> str:
    """The identity of "the same letter": the case, the form and whatever else tells two letters
    of that form apart (e.g. a hash of the printed content)."""
    content_type = ContentType.objects.get_for_model(case)
    return ":".join(str(part) for part in (f"{content_type.app_label}.{content_type.model}", case.pk, form_code, *parts))


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _validate_form_code(form_code: str) -> None:
    if form_code not in FORM_SCHEMAS:
        raise ValidationError(
            {"form_code": [_("Unknown form: %(code)s.") % {"code": form_code}]}, code="unknown_form",
        )


def draft_letter(*, form_code: str, data: dict, organisation, addressee: str, case=None, created_by=None,
                 addressee_organisation=None, signatory_position: str | None = None,
                 signatory_name: str | None = None, identity: str | None = None) -> OutgoingLetter:
    """Create a draft letter. Missing required keys are allowed in a draft (``issue_letter``
    refuses them); malformed values (a bad date, an unknown choice) are refused here.
    ``identity``: what makes it the same letter as another draft (default: the case and the form
    for ``ONCE_PER_CASE`` forms, else none); only one letter of an identity is issued at a time."""
    _validate_form_code(form_code)
    allowed = ISSUER_KINDS[form_code]
    if organisation.kind not in allowed:
        raise ValidationError({"organisation": [
            _("An organisation of this kind does not issue this form (%(code)s).") % {"code": form_code}
        ]})
    if not (addressee or "").strip():
        raise ValidationError({"addressee": [_("State the addressee of the letter.")]})
    data = dict(data or {})
    _missing, errors = check_data(form_code, data)
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    schema = FORM_SCHEMAS[form_code]
    position = signatory_position or data.get("signatory_position") or schema.key("signatory_position").default or ""
    name = signatory_name or data.get("signatory_name") or ""
    if position:
        data.setdefault("signatory_position", position)
    if name:
        data.setdefault("signatory_name", name)
    letter = OutgoingLetter(
        organisation=organisation,
        addressee=addressee.strip(),
        addressee_organisation=addressee_organisation,
        form_code=form_code,
        data=data,
        signatory_position=position,
        signatory_name=name,
        created_by=created_by,
    )
    if case is not None:
        letter.content_type = ContentType.objects.get_for_model(case)
        letter.object_id = case.pk
        if identity is None and form_code in ONCE_PER_CASE:
            identity = letter_identity(case, form_code)
    letter.identity = (identity or "")[:200]
    letter.save()
    return letter


def verification_url(token: str) -> str:
    return public_url(reverse("forms_kz:verify", args=[token]))


def _next_sequence(organisation, year: int) -> int:
    """Lock the (organisation, year) counter row and take the next number (inside a transaction)."""
    try:
        with transaction.atomic():
            LetterCounter.objects.get_or_create(organisation=organisation, year=year)
    except IntegrityError:
        pass  # created at the same moment by another transaction: it exists now
    counter = LetterCounter.objects.select_for_update().get(organisation=organisation, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def issue_letter(letter: OutgoingLetter, by=None) -> OutgoingLetter:
    """Number, render, hash and lock ``letter`` in one transaction; its PDF is stored when that
    transaction (the step's, when called inside one) commits, and never if it rolls back.

    Raises ``LetterIncomplete`` (nothing numbered or stored) when required keys are missing,
    ``ValidationError`` for malformed data or a letter that is not a draft, ``PermissionDenied``
    when ``by`` may not issue letters of the letter's organisation; ``ValidationError`` with code
    ``already_issued`` when a letter of the same identity is issued (also in a race).
    """
    if not can_issue(letter, by):
        raise PermissionDenied(_("You may not issue letters of this organisation."))
    missing, errors = check_data(letter.form_code, letter.data)
    missing = list(missing)
    if not (letter.signatory_name or (letter.data or {}).get("signatory_name")) and "signatory_name" not in missing:
        missing.append("signatory_name")
    if missing:
        raise LetterIncomplete(missing, letter.form_code)
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})

    try:
        with transaction.atomic():
            current = OutgoingLetter._base_manager.select_for_update().filter(pk=letter.pk).values_list("state", flat=True).first()
            if current != LetterState.DRAFT or letter.state != LetterState.DRAFT:
                raise ValidationError(_("Only a draft letter can be issued."), code="not_draft")
            _refuse_issued_twice(letter)
            issued_at = timezone.now().replace(microsecond=0)
            year = timezone.localtime(issued_at).year
            sequence = _next_sequence(letter.organisation, year)
            letter.issue(by=by)
            letter.year = year
            letter.sequence = sequence
            letter.register_number = format_register_number(letter.organisation_id, year, sequence)
            letter.issued_at = issued_at
            letter.issued_by = by if getattr(by, "pk", None) else None
            letter.issuer_name = letter.organisation.name_kk
            data = letter.data or {}
            letter.signatory_position = letter.signatory_position or data.get("signatory_position", "")
            letter.signatory_name = letter.signatory_name or data.get("signatory_name", "")
            letter.verification_url = verification_url(letter.verification_token)
            content = render_letter(letter, draft=False)
            letter.sha256 = sha256_of(content)
            # The name now, the file when the transaction commits (``_write_pdf``).
            letter.pdf = letter.pdf.field.generate_filename(letter, f"{letter.register_number}.pdf")
            if getattr(by, "pk", None):
                letter._history_user = by
            letter._change_reason = "issued"
            letter.save()
            transaction.on_commit(partial(_write_pdf, letter.pk, letter.pdf.name, content))
    except IntegrityError as exc:
        _reset_after_failure(letter)
        if letter.identity and OutgoingLetter._base_manager.filter(identity=letter.identity, state=LetterState.ISSUED).exists():
            raise _already_issued() from exc
        raise
    except Exception:
        _reset_after_failure(letter)
        raise
    return letter


def _already_issued() -> ValidationError:
    return ValidationError(_("This letter has already been issued."), code="already_issued")


def _refuse_issued_twice(letter: OutgoingLetter) -> None:
    """The same letter (one identity) is issued once; the database constraint
    ``forms_kz_letter_issued_once`` decides a race this check does not see."""
    if letter.identity and OutgoingLetter._base_manager.filter(
        identity=letter.identity, state=LetterState.ISSUED
    ).exclude(pk=letter.pk).exists():
        raise _already_issued()


def _write_pdf(pk: int, name: str, content: bytes) -> None:
    """Store an issued letter's PDF once its issue has committed (``transaction.on_commit``)."""
    storage = OutgoingLetter._meta.get_field("pdf").storage
    try:
        saved = storage.save(name, ContentFile(content))
    except Exception:  # a full disk (OSError) or an object store's refusal (botocore's ClientError)
        # The letter stays readable: its PDF is rendered again from the stored fields (same SHA-256).
        logger.exception("The PDF of letter %s could not be stored", pk)
        return
    if saved != name:
        OutgoingLetter._base_manager.filter(pk=pk).update(pdf=saved)


def _reset_after_failure(letter: OutgoingLetter) -> None:
    """Put the in-memory object back to what the database holds (still a draft)."""
    fresh = OutgoingLetter._base_manager.filter(pk=letter.pk).first()
    if fresh is None:
        return
    for name in ("year", "sequence", "register_number", "issued_at", "issued_by_id", "issuer_name",
                 "verification_url", "sha256", "signatory_position", "signatory_name"):
        setattr(letter, name, getattr(fresh, name))
    letter.pdf = fresh.pdf
    letter.__dict__["state"] = fresh.state


def cancel_letter(letter: OutgoingLetter, by, reason: str) -> OutgoingLetter:
    """Cancel an issued letter (reason required). Only the issuing organisation's staff with
    ``forms_kz.cancel_outgoingletter`` (or a superuser)."""
    from registries.scoping import organisation_of

    if not (getattr(by, "is_superuser", False) or (
        by is not None and by.is_active and by.has_perm("forms_kz.cancel_outgoingletter")
        and getattr(organisation_of(by), "pk", None) == letter.organisation_id
    )):
        raise PermissionDenied(_("You may not cancel letters of this organisation."))
    if letter.state != LetterState.ISSUED:
        raise ValidationError(_("Only an issued letter can be cancelled."), code="not_issued")
    with transaction.atomic():
        locked = OutgoingLetter._base_manager.select_for_update().get(pk=letter.pk)
        if locked.state != LetterState.ISSUED:
            raise ValidationError(_("Only an issued letter can be cancelled."), code="not_issued")
        letter.cancel(by=by, reason=reason)
        letter.save()
    return letter


def verify_hash(letter: OutgoingLetter, presented_sha256: str) -> bool:
    return bool(letter.sha256) and presented_sha256.strip().lower() == letter.sha256
