"""The header search's hook for the registries: an organisation by its BIN or the start of its
name, an online platform (seed 004) by the start of its name or its website's domain. Both are
small reference tables: a case-insensitive prefix is cheap there."""

from django.db.models import Q

from cases.search.query import QueryKind
from cases.search.registry import REFERENCE_DATA, Hit, change_url, group_of, search_hook

from .models import OnlinePlatform, Organisation
from .scoping import scoped

NOTHING = Q(pk__in=[])


def _organisations(query, user):
    condition = NOTHING
    if query.id_number:
        condition |= Q(bin=query.id_number)
    if QueryKind.NAME in query:
        condition |= Q(name_kk__istartswith=query.term) | Q(name_ru__istartswith=query.term)
    if condition == NOTHING:
        return None
    organisations = Organisation.objects.visible_to(user).filter(condition).order_by("name_kk")

    def hit(organisation) -> Hit:
        return Hit(
            label=str(organisation),
            state="",
            url=change_url(organisation),
            detail=f"{organisation.get_kind_display()} · {organisation.bin}",
        )

    return group_of(organisations, user, hit=hit, list_params={"q": query.id_number or query.term})


def _platforms(query, user):
    condition = NOTHING
    if QueryKind.NAME in query:
        condition |= Q(name__istartswith=query.term)
    for host in sorted(query.hosts):
        condition |= Q(website__icontains=f"//{host}") | Q(website__icontains=f".{host}")
    if condition == NOTHING:
        return None
    platforms = scoped(OnlinePlatform.objects.filter(condition), user).order_by("name")

    def hit(platform) -> Hit:
        detail = " · ".join(part for part in (platform.get_kind_display(), platform.website) if part)
        return Hit(label=platform.name, state="", url=change_url(platform), detail=detail)

    return group_of(platforms, user, hit=hit, list_params={"q": query.term})


@search_hook("registries", order=REFERENCE_DATA)
def search(query, user):
    return [_organisations(query, user), _platforms(query, user)]
