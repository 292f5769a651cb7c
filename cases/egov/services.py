"""Side effects of seed 002: recording a service request (with its reasoned-refusal letter),
registering a complaint, issuing the complaint decision letter."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_kz.codes import FormCode
from registries.models import LegalAct
from registries.roles import OrganisationKind
from registries.validators import normalise_kz_mobile, validate_iin

from . import rules
from .models import LEGAL_ACT_CODE, Complaint, ServiceRequest
from .steps import RefusalGround, RequestKind, Result, validate_steps


def _add(errors, field, error):
    errors.setdefault(field, []).extend(error.error_list if hasattr(error, "error_list") else [error])


def _signatory(organisation, user):
    position = organisation.head_position
    name = organisation.head_name
    if not (position and name):
        profile = getattr(user, "profile", None)
        position = position or (profile.position if profile else "")
        name = name or user.get_full_name()
    return {"signatory_position": position, "signatory_name": name}


def _local_iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def record_service_request(*, user, provider, data: dict) -> ServiceRequest:
    """Check and store one request from an integration (all or nothing).

    ``data``: request_number, channel, kind, applicant_iin, applicant_name, phone, previous_phone,
    steps (list of {step, at, passed}), result, completed_at, refusal_ground, refusal_reasons.
    A reasoned refusal (standard rows 5 and 9) is answered with the letter ``s002-refusal``.
    Raises ValidationError({field: [...]}) and saves nothing when anything is wrong.
    """
    errors: dict[str, list] = {}
    legal_act = LegalAct.objects.get(code=LEGAL_ACT_CODE)
    try:
        legal_act.ensure_applicable()
    except ValidationError as exc:
        _add(errors, "non_field_errors", exc)
    if provider is None or provider.kind != OrganisationKind.SERVICE_PROVIDER:
        _add(errors, "non_field_errors", ValidationError(
            _("Only a public-service provider's account may record service requests."), code="not_provider"))
        raise ValidationError(errors)

    request_number = (data.get("request_number") or "").strip()
    if not request_number:
        _add(errors, "request_number", ValidationError(_("Give the request's number."), code="required"))
    iin = (data.get("applicant_iin") or "").strip()
    try:
        validate_iin(iin)
    except ValidationError as exc:
        _add(errors, "applicant_iin", exc)
    phone = ""
    try:
        phone = normalise_kz_mobile(data.get("phone") or "")
    except ValidationError as exc:
        _add(errors, "phone", exc)
    kind = data.get("kind") or RequestKind.LINK
    previous_phone = ""
    if kind == RequestKind.NUMBER_CHANGE:
        try:
            previous_phone = normalise_kz_mobile(data.get("previous_phone") or "")
        except ValidationError as exc:
            _add(errors, "previous_phone", exc)
        if previous_phone and previous_phone == phone:
            _add(errors, "previous_phone", ValidationError(
                _("The new number is the same as the one already linked."), code="same_number"))
    elif data.get("previous_phone"):
        _add(errors, "previous_phone", ValidationError(
            _("The number linked before is given only for a number change (p. 8)."), code="not_number_change"))

    result = data.get("result")
    step_values = {}
    try:
        step_values = validate_steps(
            channel=data.get("channel"), kind=kind, steps=data.get("steps") or [], result=result,
            completed_at=data.get("completed_at"),
        )
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            _add(errors, field, ValidationError(field_errors))

    ground = data.get("refusal_ground") or ""
    reasons = (data.get("refusal_reasons") or "").strip()
    applicant_name = (data.get("applicant_name") or "").strip()
    if result == Result.REFUSED:
        if ground not in RefusalGround.values:
            _add(errors, "refusal_ground", ValidationError(
                _("A reasoned refusal names one of the two grounds of the standard, row 9."), code="ground_required"))
        if not reasons:
            _add(errors, "refusal_reasons", ValidationError(
                _("A reasoned refusal states its reasons (standard, row 5)."), code="reasons_required"))
        if not applicant_name:
            _add(errors, "applicant_name", ValidationError(
                _("The refusal letter is addressed to the applicant by name."), code="required"))
    elif ground or reasons:
        _add(errors, "refusal_ground", ValidationError(
            _("Refusal grounds belong only to a reasoned refusal."), code="ground_without_refusal"))

    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            request = ServiceRequest.objects.create(
                provider=provider,
                request_number=request_number,
                channel=data["channel"],
                kind=kind,
                applicant_iin=iin,
                applicant_name=applicant_name,
                phone=phone,
                previous_phone=previous_phone,
                completed_at=data["completed_at"],
                result=result,
                refusal_ground=ground,
                refusal_reasons=reasons,
                created_by=user,
                **step_values,
            )
            if result == Result.REFUSED:
                issue_refusal_letter(request, by=user)
    except IntegrityError as exc:
        if ServiceRequest.objects.filter(provider=provider, request_number=request_number).exists():
            raise ValidationError({"request_number": [ValidationError(
                _("A request with this number is already recorded."), code="duplicate")]}) from exc
        raise
    return request


def issue_refusal_letter(request: ServiceRequest, by):
    """The reasoned refusal (standard rows 5 and 9): letter ``s002-refusal``, issued by the provider."""
    from forms_kz.services import draft_letter, issue_letter

    data = {
        "applicant_name": request.applicant_name,
        "applicant_iin": request.applicant_iin,
        "phone": request.phone,
        "request_number": request.request_number,
        "request_at": _local_iso(request.submitted_at),
        "ground": request.refusal_ground,
        "reasoning": request.refusal_reasons,
        "channel": request.channel,
        **_signatory(request.provider, by),
    }
    letter = draft_letter(
        form_code=FormCode.S002_REFUSAL, data=data, organisation=request.provider, addressee=request.applicant_name,
        case=request, created_by=by,
    )
    issue_letter(letter, by=by)
    return letter


def register_complaint(complaint: Complaint, by) -> Complaint:
    """Register a complaint filed with the provider (p. 10) and open the 3-working-day term to
    forward it, counted from the day it arrived."""
    from cases.services import open_deadline

    LegalAct.objects.get(code=LEGAL_ACT_CODE).ensure_applicable()
    complaint.created_by = by
    if not complaint.registered_at:
        complaint.registered_at = timezone.now()
    complaint.full_clean(exclude=["state"])  # protected FSM field: only transitions set it
    with transaction.atomic():
        complaint.save()
        if not complaint.registration_number:
            local = timezone.localtime(complaint.registered_at)
            complaint.registration_number = f"ШҚ-{local:%Y}/{complaint.pk:05d}"
            Complaint.objects.filter(pk=complaint.pk).update(registration_number=complaint.registration_number)
        open_deadline(complaint, rules.COMPLAINT_FORWARD, start=complaint.received_at, awaiting=complaint.provider)
    return complaint


def issue_complaint_decision_letter(complaint: Complaint, by, decision: str):
    """The reviewing body's decision (p. 10): letter ``s002-complaint-decision``; ``decision`` is
    the form's 'satisfied', 'partially_satisfied' or 'rejected'."""
    from forms_kz.services import draft_letter, issue_letter

    body = complaint.reviewing_body
    contested = complaint.contested_decision
    if not contested and complaint.service_request_id:
        request = complaint.service_request
        contested = f"№ {request.request_number}, {timezone.localtime(request.completed_at):%d.%m.%Y}"
    data = {
        "complainant_name": complaint.complainant_name,
        "complainant_iin": complaint.complainant_iin,
        "complaint_number": complaint.registration_number,
        "complaint_received": timezone.localdate(complaint.received_at).isoformat(),
        "complaint_registered": timezone.localdate(complaint.registered_at).isoformat(),
        "reviewing_body": "quality_body" if body.kind == OrganisationKind.QUALITY_BODY else "provider",
        "complaint_summary": complaint.subject,
        "decision": decision,
        "reasoning": complaint.decision_reasons,
        **_signatory(body, by),
    }
    if complaint.measures:
        data["measures"] = complaint.measures
    if contested:
        data["contested_decision"] = contested
    letter = draft_letter(
        form_code=FormCode.S002_COMPLAINT_DECISION, data=data, organisation=body, addressee=complaint.complainant_name,
        case=complaint, created_by=by,
    )
    issue_letter(letter, by=by)
    return letter
