"""The steps of seed 002 (Order No. 58 of 25.01.2016, ed. 19.03.2024), one entry point each.

* ``record_service_request``: an integration records one request with its steps and result
  (p. 5–9); a reasoned refusal is answered with its letter (standard rows 5 and 9).
* ``register_complaint``: the provider registers a complaint (p. 10), with its real arrival time
  and, for one registered on paper, its real registration time; the forwarding term opens.
* one keyword-only service per step of a complaint (``complaint_satisfy``, ``complaint_forward``,
  ``complaint_register_at_authority``, ``complaint_uphold``, ``complaint_dismiss``,
  ``complaint_withdraw``), each running the
  transition, its terms and its letter in one ``legal_step`` transaction. The admin, the API,
  the demo and the tests call only these.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import (
    close_deadlines_not_applicable,
    legal_step,
    meet_deadlines,
    open_deadline,
    required_text,
    run_transition,
)
from cases.steps import step_service
from registries.roles import OrganisationKind
from registries.validators import normalise_kz_mobile, validate_iin

from . import rules
from .choices import Decision, RefusalGround, RequestKind, Result
from .letters import issue_complaint_decision_letter, issue_refusal_letter
from .models import TEXT_MAX_LENGTH, Complaint, ServiceRequest
from .steps import validate_steps

__all__ = [
    "complaint_dismiss", "complaint_forward", "complaint_register_at_authority", "complaint_satisfy", "complaint_uphold", "complaint_withdraw",
    "issue_complaint_decision_letter", "issue_refusal_letter", "record_service_request", "register_complaint",
]


# -- service requests (p. 5–9, standard rows 3, 5, 9) ----------------------------------------


def _add(errors, field, error):
    errors.setdefault(field, []).extend(error.error_list if hasattr(error, "error_list") else [error])


def _error(message, code):
    return ValidationError(message, code=code)


def _checked(errors, field, check, value):
    """``check(value)``'s result, or "" with its error noted under ``field``."""
    try:
        result = check(value)
    except ValidationError as exc:
        _add(errors, field, exc)
        return ""
    return value if result is None else result


def _check_recorder(errors, provider):
    """Requests are recorded under an applicable act, by a public-service provider's account."""
    try:
        ServiceRequest.ensure_legal_act_applicable()
    except ValidationError as exc:
        _add(errors, "non_field_errors", exc)
    if provider is None or provider.kind != OrganisationKind.SERVICE_PROVIDER:
        _add(errors, "non_field_errors", _error(
            _("Only a public-service provider's account may record service requests."), "not_provider"))
        raise ValidationError(errors)


def _previous_phone(errors, data, kind, phone) -> str:
    """The number linked before: given for a number change (p. 8) and only then."""
    if kind != RequestKind.NUMBER_CHANGE:
        if data.get("previous_phone"):
            _add(errors, "previous_phone", _error(
                _("The number linked before is given only for a number change (p. 8)."), "not_number_change"))
        return ""
    previous = _checked(errors, "previous_phone", normalise_kz_mobile, data.get("previous_phone") or "")
    if previous and previous == phone:
        _add(errors, "previous_phone", _error(_("The new number is the same as the one already linked."), "same_number"))
    return previous


def _bounded(errors, field, value: str, limit: int) -> str:
    """``value``, or "" with a field-level error when it is longer than the column holds."""
    if len(value) > limit:
        _add(errors, field, _error(_("At most %(max)s characters.") % {"max": limit}, "max_length"))
        return ""
    return value


def _applicant_values(errors, data) -> dict:
    request_number = _bounded(errors, "request_number", (data.get("request_number") or "").strip(), 64)
    if not request_number and "request_number" not in errors:
        _add(errors, "request_number", _error(_("Give the request's number."), "required"))
    kind = data.get("kind") or RequestKind.LINK
    phone = _checked(errors, "phone", normalise_kz_mobile, data.get("phone") or "")
    return {
        "request_number": request_number,
        "kind": kind,
        "applicant_iin": _checked(errors, "applicant_iin", validate_iin, (data.get("applicant_iin") or "").strip()),
        "applicant_name": _bounded(errors, "applicant_name", (data.get("applicant_name") or "").strip(), 300),
        "phone": phone,
        "previous_phone": _previous_phone(errors, data, kind, phone),
    }


def _step_values(errors, data, kind) -> dict:
    try:
        return validate_steps(channel=data.get("channel"), kind=kind, steps=data.get("steps") or [],
                              result=data.get("result"), completed_at=data.get("completed_at"))
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            _add(errors, field, ValidationError(field_errors))
        return {}


def _refusal_values(errors, data, applicant_name) -> dict:
    """A reasoned refusal names a ground of the standard (row 9), states its reasons (row 5) and is
    addressed to the applicant by name; no other result carries them."""
    ground = data.get("refusal_ground") or ""
    reasons = _bounded(errors, "refusal_reasons", (data.get("refusal_reasons") or "").strip(), TEXT_MAX_LENGTH)
    if data.get("result") != Result.REFUSED:
        if ground or reasons:
            _add(errors, "refusal_ground", _error(_("Refusal grounds belong only to a reasoned refusal."),
                                                  "ground_without_refusal"))
        return {"refusal_ground": ground, "refusal_reasons": reasons}
    if ground not in RefusalGround.values:
        _add(errors, "refusal_ground", _error(
            _("A reasoned refusal names one of the two grounds of the standard, row 9."), "ground_required"))
    if not reasons:
        _add(errors, "refusal_reasons", _error(_("A reasoned refusal states its reasons (standard, row 5)."),
                                               "reasons_required"))
    if not applicant_name:
        _add(errors, "applicant_name", _error(_("The refusal letter is addressed to the applicant by name."), "required"))
    return {"refusal_ground": ground, "refusal_reasons": reasons}


def _store_request(*, user, provider, values) -> ServiceRequest:
    try:
        with transaction.atomic():
            request = ServiceRequest.objects.create(provider=provider, created_by=user, **values)
            if request.result == Result.REFUSED:
                issue_refusal_letter(request, by=user)
    except IntegrityError as exc:
        if ServiceRequest.objects.filter(provider=provider, request_number=values["request_number"]).exists():
            raise ValidationError({"request_number": [_error(_("A request with this number is already recorded."),
                                                             "duplicate")]}) from exc
        raise
    return request


def record_service_request(*, user, provider, data: dict) -> ServiceRequest:
    """Check and store one request from an integration (all or nothing).

    ``data``: request_number, channel, kind, applicant_iin, applicant_name, phone, previous_phone,
    steps (list of {step, at, passed}), result, completed_at, refusal_ground, refusal_reasons.
    A reasoned refusal (standard rows 5 and 9) is answered with the letter ``s002-refusal``.
    Raises ValidationError({field: [...]}) and saves nothing when anything is wrong.
    """
    errors: dict[str, list] = {}
    _check_recorder(errors, provider)
    values = _applicant_values(errors, data)
    steps = _step_values(errors, data, values["kind"])
    refusal = _refusal_values(errors, data, values["applicant_name"])
    if errors:
        raise ValidationError(errors)
    values.update(steps, **refusal, channel=data["channel"], result=data["result"], completed_at=data["completed_at"])
    return _store_request(user=user, provider=provider, values=values)


# -- complaints (p. 10) ------------------------------------------------------------------------


def register_complaint(complaint: Complaint, by) -> Complaint:
    """Register a complaint filed with the provider (p. 10) and open the 3-working-day term to
    forward it, counted from its real arrival. A complaint already registered on paper keeps its
    real registration time (the review term runs from it) and is marked entered afterwards; without
    one it is registered now. ``full_clean`` refuses a time in the future, an arrival before the
    act applies and a registration before the arrival."""
    complaint.created_by = by
    complaint.registered_afterwards = complaint.registered_at is not None
    if complaint.registered_at is None:
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


@step_service(Complaint.satisfy)
def complaint_satisfy(*, case, actor, resolution="", comment="", occurred_at=None):
    """p. 10 para 4: the provider fully satisfies the complaint within 3 working days of its
    arrival and keeps it; the forwarding term is met by this step."""
    with legal_step(case):
        resolution = required_text(resolution, "resolution",
                                   _("Describe the decision or action that fully satisfies the complaint."))
        at = occurred_at or timezone.now()
        run_transition(case, "satisfy", actor, occurred_at=occurred_at, comment=comment, resolution=resolution, satisfied_at=at)
        meet_deadlines(case, rules.COMPLAINT_FORWARD, at=at)
    return case


@step_service(Complaint.forward)
def complaint_forward(*, case, actor, administrative_case="", comment="", occurred_at=None):
    """p. 10 para 3: the complaint and the administrative case go to the reviewing body (the
    forwarding term is met, late if late). At the higher body the 5 working days (para 5, Law on
    Public Services Art. 25 p. 2) open from the provider's registration; the service-quality
    authority's 15 (para 6) open only when it registers the complaint itself
    (``complaint_register_at_authority``): until then their start is unknown."""
    with legal_step(case):
        administrative_case = required_text(administrative_case, "administrative_case",
                                            _("List the documents of the administrative case sent with the complaint."))
        at = occurred_at or timezone.now()
        run_transition(case, "forward", actor, occurred_at=occurred_at, comment=comment,
                       administrative_case=administrative_case, forwarded_at=at)
        meet_deadlines(case, rules.COMPLAINT_FORWARD, at=at)
        if case.review_start is not None:
            open_deadline(case, case.review_rule, start=case.review_start, awaiting=case.reviewing_body)
    return case


@step_service(Complaint.register_at_authority)
def complaint_register_at_authority(*, case, actor, registration_number="", comment="", occurred_at=None):
    """p. 10 para 6: "уәкілетті органның атына келіп түскен … шағымы оны тіркелген күннен бастап
    15 (он бес) жұмыс күні ішінде қаралуға жатады": the authority records its own registration
    (its real time when registered on paper) and its 15 working days open from it."""
    with legal_step(case):
        registration_number = required_text(
            registration_number, "registration_number",
            _("Give the complaint's registration number at the service-quality authority."),
        )
        at = occurred_at or timezone.now()
        run_transition(case, "register_at_authority", actor, occurred_at=occurred_at, comment=comment,
                       registration_number=registration_number, registered_at=at)
        open_deadline(case, rules.COMPLAINT_REVIEW_QUALITY_BODY, start=case.authority_registered_at,
                      awaiting=case.reviewing_body)
    return case


def _decide(case, actor, name, *, reasons, comment, decision, **fields):
    """p. 10 para 5–6: the reviewing body's decision, with its reasons, meets the review term and
    is issued as the letter s002-complaint-decision in the same transaction."""
    with legal_step(case):
        reasons = required_text(reasons, "reasons", _("The decision must state its reasons."))
        now = timezone.now()
        run_transition(case, name, actor, comment=comment, reasons=reasons, decided_at=now, **fields)
        meet_deadlines(case, rules.COMPLAINT_REVIEW_PROVIDER_SIDE, rules.COMPLAINT_REVIEW_QUALITY_BODY, at=now)
        issue_complaint_decision_letter(case, by=actor, decision=decision)
    return case


@step_service(Complaint.uphold)
def complaint_uphold(*, case, actor, reasons="", measures="", partially=False, comment=""):
    decision = Decision.PARTIALLY_SATISFIED if partially else Decision.SATISFIED
    return _decide(case, actor, "uphold", reasons=reasons, comment=comment, decision=decision,
                   measures=(measures or "").strip(), partially=bool(partially))


@step_service(Complaint.dismiss)
def complaint_dismiss(*, case, actor, reasons="", comment=""):
    return _decide(case, actor, "dismiss", reasons=reasons, comment=comment, decision=Decision.REJECTED)


@step_service(Complaint.withdraw)
def complaint_withdraw(*, case, actor, reason="", comment=""):
    """A complaint registered in error is withdrawn by the provider with its reason (p. 10 para 2:
    it is no complaint filed with this provider); its open terms close as not applicable."""
    with legal_step(case):
        reason = required_text(reason, "reason", _("State why the complaint is withdrawn."))
        now = timezone.now()
        run_transition(case, "withdraw", actor, comment=comment or reason, reason=reason, withdrawn_at=now)
        close_deadlines_not_applicable(case, at=now)
    return case
