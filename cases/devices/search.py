"""The header search's hook for device suspension in prisons (seed 000, ch. 3-1): a demand by
its number or its outgoing number; a device line by its IMEI or its phone number (p. 20-2); an
IMEI's present state of service (suspended / restored since, p. 20-4 / 20-8)."""

from django.db.models import Q
from django.utils import timezone

from cases.search.query import QueryKind
from cases.search.registry import Hit, change_url, group_of, search_hook

from .models import DemandDevice, DeviceDemand, DeviceServiceState


def _demand_hit(demand) -> Hit:
    return Hit(
        label=f"№ {demand.pk} {demand.get_kind_display()}",
        state=demand.get_state_display(),
        url=change_url(demand),
        detail=" · ".join(part for part in (demand.reference, demand.institution) if part),
    )


def _line_hit(line) -> Hit:
    demand = line.demand
    return Hit(
        label=f"IMEI {line.imei} · {line.phone}",
        state=line.get_status_display(),
        url=change_url(demand),
        detail=f"№ {demand.pk} {demand.get_kind_display()} — {demand.institution}",
    )


def _demands(query, user):
    condition = Q(pk__in=[])
    if QueryKind.CASE_NUMBER in query:
        condition |= Q(pk=query.case_number)
    if QueryKind.REFERENCE in query:
        condition |= Q(reference=query.term)
    if condition == Q(pk__in=[]):
        return None
    demands = DeviceDemand.objects.visible_to(user).filter(condition).order_by("-pk")
    return group_of(demands, user, hit=_demand_hit, list_params={"q": query.term})


def _lines(query, user):
    if query.imei:
        condition, key = Q(imei=query.imei), query.imei
    elif query.phone:
        condition, key = Q(phone=query.phone), query.phone
    else:
        return None
    lines = DemandDevice.objects.visible_to(user).filter(condition).select_related("demand").order_by("-demand_id", "row")
    return group_of(lines, user, hit=_line_hit, list_params={"q": key})


def _service_state(query, user):
    if not query.imei:
        return None
    states = DeviceServiceState.objects.visible_to(user).filter(imei=query.imei)

    def hit(state) -> Hit:
        return Hit(
            label=f"IMEI {state.imei}",
            state=state.get_status_display(),
            url=change_url(state),
            detail=f"{timezone.localtime(state.since):%d.%m.%Y %H:%M}",
        )

    return group_of(states, user, hit=hit, list_params={"q": query.imei})


@search_hook("devices")
def search(query, user):
    return [_demands(query, user), _lines(query, user), _service_state(query, user)]
