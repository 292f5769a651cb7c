"""The header search's hook for the subscriber-number linking service (seed 002): a request by
its number, the applicant's IIN or the subscriber number (p. 5–8); a complaint by its
registration number, the complainant's IIN or phone (p. 10). IIN and phone are shown masked
exactly where the lists mask them (``cases.egov.privacy``): only the provider's own staff see
them in full."""

from django.db.models import Q

from cases.search.query import QueryKind
from cases.search.registry import Hit, change_url, group_of, search_hook

from .models import Complaint, ServiceRequest
from .privacy import mask_iin, mask_phone, sees_full_in_lists

NOTHING = Q(pk__in=[])


def _numbers(query) -> list[str]:
    """A typed number as entered and upper-cased (numbers are stored in capitals: ``СБ-00001``)."""
    return sorted({query.term, query.term.upper()})


def _person(user, provider_id, iin: str, phone: str) -> str:
    if not sees_full_in_lists(user, provider_id):
        iin, phone = mask_iin(iin), mask_phone(phone)
    return " · ".join(part for part in (iin, phone) if part)


def _requests(query, user):
    condition = NOTHING
    if QueryKind.REFERENCE in query:
        condition |= Q(request_number__in=_numbers(query))
    if query.id_number:
        condition |= Q(applicant_iin=query.id_number)
    if query.phone:
        condition |= Q(phone=query.phone) | Q(previous_phone=query.phone)
    if condition == NOTHING:
        return None
    requests = ServiceRequest.objects.visible_to(user).filter(condition).order_by("-submitted_at", "-pk")

    def hit(request) -> Hit:
        return Hit(
            label=f"№ {request.request_number}",
            state=request.get_result_display(),
            url=change_url(request),
            detail=_person(user, request.provider_id, request.applicant_iin, request.phone),
        )

    key = query.id_number or query.phone or query.term
    return group_of(requests, user, hit=hit, list_params={"q": key})


def _complaints(query, user):
    condition = NOTHING
    if QueryKind.REFERENCE in query:
        condition |= Q(registration_number__in=_numbers(query))
    if query.id_number:
        condition |= Q(complainant_iin=query.id_number)
    if query.phone:
        condition |= Q(complainant_phone=query.phone)
    if condition == NOTHING:
        return None
    complaints = Complaint.objects.visible_to(user).filter(condition).order_by("-registered_at", "-pk")

    def hit(complaint) -> Hit:
        return Hit(
            label=str(complaint),
            state=complaint.get_state_display(),
            url=change_url(complaint),
            detail=_person(user, complaint.provider_id, complaint.complainant_iin, complaint.complainant_phone),
        )

    key = query.id_number or query.term
    list_params = None if query.phone and not query.id_number else {"q": key}  # the list finds no phone
    return group_of(complaints, user, hit=hit, list_params=list_params)


@search_hook("egov")
def search(query, user):
    return [_requests(query, user), _complaints(query, user)]
