"""The header search's hook for online platforms and messengers (seed 004): a case by its
number, by its platform (the start of the platform's name or its website's domain) or by the
register number of its Appendix 2 notice (p. 6)."""

from django.db.models import Q

from cases.search.query import QueryKind
from cases.search.registry import Hit, change_url, group_of, search_hook
from registries.models import OnlinePlatform

from .models import PlatformCase


def _hit(case) -> Hit:
    return Hit(
        label=f"№ {case.pk}: {case.platform}",
        state=case.get_state_display(),
        url=change_url(case),
        detail=case.get_ground_display(),
    )


def matching_platforms(query) -> list[int]:
    """The platforms whose name starts with the term or whose website is on the searched host.
    The platforms' register is small reference data: a case-insensitive prefix is cheap there,
    and only the ids serve to filter the cases the user may see."""
    condition = Q(pk__in=[])
    if QueryKind.NAME in query:
        condition |= Q(name__istartswith=query.term)
    for host in sorted(query.hosts):
        condition |= Q(website__icontains=f"//{host}") | Q(website__icontains=f".{host}")
    return list(OnlinePlatform.objects.filter(condition).values_list("pk", flat=True)[:200])


@search_hook("platforms")
def search(query, user):
    condition = Q(pk__in=[])
    if QueryKind.CASE_NUMBER in query:
        condition |= Q(pk=query.case_number)
    if {QueryKind.NAME, QueryKind.NETWORK} & query.kinds:
        platforms = matching_platforms(query)
        if platforms:
            condition |= Q(platform_id__in=platforms)
    if query.register_number or QueryKind.REFERENCE in query:
        condition |= Q(notice_register_number=query.register_number or query.term)
    cases = PlatformCase.objects.visible_to(user).filter(condition).select_related("platform").order_by("-pk")
    return [group_of(cases, user, hit=_hit, list_params={"q": query.term})]
