"""The header search's hook for prohibited-content notifications (seed 001): a notification by
its number, or by a detected fact — URL, domain, IP address, IMEI, MAC (Appendix 2 item 3) —
through the facts' index (``violations.selectors.search_reports``: exact, host, URL prefix)."""

from cases.search.query import QueryKind
from cases.search.registry import Hit, change_url, group_of, search_hook

from .models import ViolationReport
from .selectors import search_reports


def _hit(report) -> Hit:
    return Hit(
        label=str(report),
        state=report.get_state_display(),
        url=change_url(report),
        detail=str(report.organisation),
    )


@search_hook("violations")
def search(query, user):
    if not ({QueryKind.CASE_NUMBER, QueryKind.NETWORK, QueryKind.IMEI} & query.kinds):
        return []
    reports = search_reports(ViolationReport.objects.visible_to(user), query.term)
    reports = reports.select_related("organisation").order_by("-pk")
    return [group_of(reports, user, hit=_hit, list_params={"q": query.term})]
