"""The letters of seed 002: the provider's reasoned refusal (standard rows 5 and 9, form
``s002-refusal``) and the reviewing body's decision on a complaint (p. 10, form
``s002-complaint-decision``). Each is drafted and issued inside the step that gives it."""

from django.utils import timezone

from forms_kz.codes import FormCode
from registries.roles import OrganisationKind

from .choices import Decision


def provider_signatory(organisation, user) -> dict:
    """Who signs the provider's refusal: its head from the organisations registry, else the
    official (or integration account) that recorded the request."""
    position = organisation.head_position
    name = organisation.head_name
    if not (position and name):
        profile = getattr(user, "profile", None)
        position = position or (profile.position if profile else "")
        name = name or user.get_full_name()
    return {"signatory_position": position, "signatory_name": name}


def _issue(*, form_code, data, organisation, addressee, case, by):
    from forms_kz.services import draft_letter, issue_letter

    letter = draft_letter(form_code=form_code, data=data, organisation=organisation, addressee=addressee, case=case,
                          created_by=by)
    issue_letter(letter, by=by)
    return letter


def refusal_data(request, by) -> dict:
    return {
        "applicant_name": request.applicant_name,
        "applicant_iin": request.applicant_iin,
        "phone": request.phone,
        "request_number": request.request_number,
        "request_at": timezone.localtime(request.submitted_at).isoformat(timespec="seconds"),
        "ground": request.refusal_ground,
        "reasoning": request.refusal_reasons,
        "channel": request.channel,
        **provider_signatory(request.provider, by),
    }


def issue_refusal_letter(request, by):
    """The reasoned refusal (standard rows 5 and 9): letter ``s002-refusal``, issued by the provider."""
    return _issue(form_code=FormCode.S002_REFUSAL, data=refusal_data(request, by), organisation=request.provider,
                  addressee=request.applicant_name, case=request, by=by)


def contested_decision(complaint) -> str:
    """The contested decision as the complaint names it, else the linked request's number and date."""
    if complaint.contested_decision or not complaint.service_request_id:
        return complaint.contested_decision
    request = complaint.service_request
    return f"№ {request.request_number}, {timezone.localtime(request.completed_at):%d.%m.%Y}"


def review_term(complaint):
    """The complaint's review term as the system computed it (the Deadline row the step opened),
    or None: the letter prints the same start and the same last day."""
    from cases.models import Deadline

    return Deadline.objects.for_case(complaint).filter(rule_code=complaint.review_rule.code).order_by("-pk").first()


def complaint_decision_data(complaint, decision: str) -> dict:
    """The keys of ``s002-complaint-decision``; the signatory is the reviewing body's head (the
    step's condition ``decision_can_be_signed``). The registration printed is the one the review
    term runs from (p. 10 para 5–6): the provider's for the 5 working days, the service-quality
    authority's own (its date and number) for the 15; ``review_due`` is that term's last day."""
    body = complaint.reviewing_body
    at_authority = body.kind == OrganisationKind.QUALITY_BODY
    start = complaint.review_start or complaint.registered_at
    number = complaint.registration_number
    if at_authority:
        number = complaint.authority_registration_number
    data = {
        "complainant_name": complaint.complainant_name,
        "complainant_iin": complaint.complainant_iin,
        "complaint_number": number,
        "complaint_received": timezone.localdate(complaint.received_at).isoformat(),
        "complaint_registered": timezone.localdate(start).isoformat(),
        "reviewing_body": "quality_body" if at_authority else "provider",
        "complaint_summary": complaint.subject,
        "decision": str(decision),
        "reasoning": complaint.decision_reasons,
        "signatory_position": complaint.signatory_position,
        "signatory_name": complaint.signatory_name,
    }
    if complaint.measures:
        data["measures"] = complaint.measures
    contested = contested_decision(complaint)
    if contested:
        data["contested_decision"] = contested
    term = review_term(complaint)
    if term is not None:
        data["review_due"] = timezone.localdate(term.due).isoformat()
    return data


def issue_complaint_decision_letter(complaint, by, decision: str = Decision.SATISFIED):
    """The reviewing body's decision (p. 10): letter ``s002-complaint-decision``; ``decision`` is
    a ``Decision`` ('satisfied', 'partially_satisfied' or 'rejected')."""
    return _issue(form_code=FormCode.S002_COMPLAINT_DECISION, data=complaint_decision_data(complaint, decision),
                  organisation=complaint.reviewing_body, addressee=complaint.complainant_name, case=complaint, by=by)
