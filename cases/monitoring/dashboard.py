"""The admin index dashboard: what is due and overdue, per procedure and per organisation,
and the logged-in user's queue. A constant number of queries whatever the data volume:

1. per procedure: one grouped query on ``cases_deadline`` (COUNT DISTINCT object_id with
   FILTER per status, GROUP BY content type), restricted for a scoped user to the cases
   ``visible_to`` them (one IN-subquery per procedure, inside the same query);
2. (only for procedures declaring ``FINAL_STATES``) one count of non-final cases each;
3. per organisation: one grouped query by awaiting organisation (a scoped user: only their own);
4. my queue: one grouped count and one query for the nearest ten deadlines awaiting the
   user's organisation.

Per-procedure numbers count *cases* and link to the case changelist filtered by
``?deadline=<status>`` (``DeadlineStatusFilter``); per-organisation and queue numbers count
*deadlines* and link to the deadline changelist filtered by field lookups.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language

from cases.deadlines import ALMATY
from cases.models import Deadline
from registries.models import Organisation
from registries.scoping import organisation_of, role_of, sees_everything

from .badges import badge_colour
from .status import STATUS_LABELS, STATUSES, Windows, final_states, procedure_models, windows

QUEUE_LENGTH = 10


@dataclass
class Cell:
    count: int
    url: str


@dataclass
class Row:
    label: str
    cells: dict = field(default_factory=dict)  # status -> Cell

    def __getitem__(self, status):
        return self.cells[status]


def _changelist(model_or_label: str) -> str:
    try:
        return reverse(f"admin:{model_or_label}_changelist")
    except NoReverseMatch:
        return ""


def _deadline_counts(win: Windows) -> dict:
    """Conditional counts of deadline rows (each row counted once: no DISTINCT needed)."""
    return {status: Count("pk", filter=win.deadline_q(status)) for status in STATUSES}


def procedure_rows(user, win: Windows) -> list[Row]:
    models = procedure_models()
    if not models:
        return []
    content_types = ContentType.objects.get_for_models(*models)
    everything = sees_everything(user)
    condition = Q()
    for model in models:
        part = Q(content_type=content_types[model])
        if not everything:
            part &= Q(object_id__in=model.objects.visible_to(user).values("pk"))
        condition |= part
    scoped = Deadline.objects.filter(met_at__isnull=True).filter(condition)
    grouped: dict[int, dict] = defaultdict(dict)
    # The time-bounded statuses read only the deadlines due before the end of the "soon"
    # window (partial index deadline_open_due); "open" counts distinct cases over all.
    timed = (
        scoped.filter(due__lte=max(win.soon_until, win.end_of_today))
        .values("content_type")
        .annotate(**{s: Count("object_id", distinct=True, filter=win.deadline_q(s)) for s in STATUSES if s != "open"})
        .order_by()
    )
    for item in timed:
        grouped[item["content_type"]].update(item)
    # "open" by deadlines only for procedures that do not declare their final states; the others
    # count cases not in a final state (an indexed state column, no scan of every open deadline).
    by_deadlines = [content_types[m] for m in models if not final_states(m)]
    if by_deadlines:
        open_counts = scoped.filter(content_type__in=by_deadlines).values("content_type")
        for item in open_counts.annotate(open=Count("object_id", distinct=True)).order_by():
            grouped[item["content_type"]]["open"] = item["open"]
    rows = []
    for model in models:
        ct = content_types[model]
        counts = grouped.get(ct.pk, {})
        url = _changelist(f"{model._meta.app_label}_{model._meta.model_name}")
        row = Row(label=str(model._meta.verbose_name_plural))
        for status in STATUSES:
            count = counts.get(status, 0)
            if status == "open" and final_states(model):
                count = model.objects.visible_to(user).exclude(state__in=final_states(model)).count()
            row.cells[status] = Cell(count, f"{url}?{urlencode({'deadline': status})}" if url else "")
        rows.append(row)
    return rows


def _deadline_lookups(status: str, win: Windows) -> dict:
    iso = lambda moment: moment.astimezone(ALMATY).isoformat()  # noqa: E731
    lookups = {"met_at__isnull": "True"}
    if status == "overdue":
        lookups["due__lt"] = iso(win.now)
    elif status == "due_today":
        lookups.update(due__gte=iso(win.now), due__lt=iso(win.end_of_today))
    elif status == "due_soon":
        lookups.update(due__gte=iso(win.now), due__lte=iso(win.soon_until))
    return lookups


def deadline_url(status: str, win: Windows, organisation_id=None) -> str:
    base = _changelist("cases_deadline")
    if not base:
        return ""
    lookups = _deadline_lookups(status, win)
    if organisation_id is not None:
        lookups["awaiting_organisation__id__exact"] = organisation_id
    return f"{base}?{urlencode(lookups)}"


def organisation_rows(user, win: Windows) -> list[Row]:
    queryset = Deadline.objects.filter(met_at__isnull=True, awaiting_organisation__isnull=False)
    if not sees_everything(user):
        organisation = organisation_of(user)
        if organisation is None:
            return []
        queryset = queryset.filter(awaiting_organisation=organisation)
    grouped = list(queryset.values("awaiting_organisation").annotate(**_deadline_counts(win)).order_by())
    names = {
        org.pk: str(org) for org in Organisation.objects.filter(pk__in=[item["awaiting_organisation"] for item in grouped])
    }
    grouped.sort(key=lambda item: (-item["overdue"], -item["open"], names.get(item["awaiting_organisation"], "")))
    rows = []
    for item in grouped:
        row = Row(label=names.get(item["awaiting_organisation"], "—"))
        for status in STATUSES:
            row.cells[status] = Cell(item[status], deadline_url(status, win, item["awaiting_organisation"]))
        rows.append(row)
    return rows


def my_queue(user, win: Windows) -> dict | None:
    organisation = organisation_of(user)
    if organisation is None:
        return None
    queryset = Deadline.objects.filter(met_at__isnull=True, awaiting_organisation=organisation)
    counts = queryset.aggregate(**_deadline_counts(win))
    cells = {status: Cell(counts[status], deadline_url(status, win, organisation.pk)) for status in STATUSES}
    items = []
    for deadline in queryset.select_related("content_type").order_by("due", "pk")[:QUEUE_LENGTH]:
        model = deadline.content_type.model_class()
        try:
            url = reverse(
                f"admin:{deadline.content_type.app_label}_{deadline.content_type.model}_change", args=[deadline.object_id]
            )
        except NoReverseMatch:
            url = ""
        items.append(
            {
                "deadline": deadline,
                "procedure": model._meta.verbose_name if model else deadline.content_type.model,
                "url": url,
                "due_local": deadline.due.astimezone(ALMATY),
                "colour": badge_colour(deadline.start, deadline.due, now=win.now, soon_until=win.soon_until),
            }
        )
    return {"organisation": organisation, "cells": cells, "items": items}


CHART_WIDTH = 360
BAR_HEIGHT = 14


def chart(rows: list[Row]) -> dict:
    """Geometry of a server-side SVG bar chart: overdue and open cases per procedure."""
    peak = max([row["open"].count for row in rows] + [row["overdue"].count for row in rows] + [1])
    label_width = 170
    bars = []
    y = 4
    for row in rows:
        for status, colour in (("open", "#417690"), ("overdue", "#ba2121")):
            cell = row[status]
            width = round((CHART_WIDTH - label_width - 50) * cell.count / peak)
            bars.append(
                {"y": y, "width": width, "colour": colour, "cell": cell, "status": status, "label": row.label,
                 "text_x": label_width + width + 4, "text_y": y + BAR_HEIGHT - 3}
            )
            y += BAR_HEIGHT + 2
        y += 6
    return {"bars": bars, "width": CHART_WIDTH, "height": y + 4, "label_width": label_width, "bar_height": BAR_HEIGHT}


def cache_key(user) -> str:
    """The cache key of ``user``'s dashboard: everything that shapes the page — whether the user
    sees everything (a superuser or the authorised body), their organisation (each scoped number,
    the per-organisation rows and "my queue", which is the organisation's queue: there are two
    authorised bodies, each with its own), their role and the language. No part of the page is
    per person beyond these."""
    organisation = organisation_of(user)
    scope = "all" if sees_everything(user) else "scoped"
    who = "su" if getattr(user, "is_superuser", False) else (role_of(user) or "none")
    return f"monitoring:dashboard:{scope}:org{organisation.pk if organisation else 'none'}:{who}:{get_language()}"


def build(user, now=None) -> dict:
    """The dashboard's data; cached per ``cache_key`` (organisation, scope, role, language) for
    ``DEADLINE_DASHBOARD_CACHE_SECONDS`` (default 60; 0 = always live) -- the changelists the
    numbers link to are always live."""
    seconds = int(getattr(settings, "DEADLINE_DASHBOARD_CACHE_SECONDS", 60))
    if not seconds or now is not None:
        return _build(user, now)
    key = cache_key(user)
    data = cache.get(key)
    if data is None:
        data = _build(user, None)
        cache.set(key, data, seconds)
    return data


def service_term_block(user, win: Windows) -> dict | None:
    """Seed 002, standard: today's share of "link a number" requests served within 10 minutes
    (seed 002 p. 5: 10 minutes), for those who may see the requests (the provider, the authorised body)."""
    from django.apps import apps as django_apps

    if not django_apps.is_installed("cases.egov"):
        return None
    from cases.egov.models import ServiceRequest
    from cases.egov.selectors import daily_share_within_term
    from registries.scoping import scoped

    requests = scoped(ServiceRequest.objects.all(), user)
    if not sees_everything(user) and not requests.exists():
        return None
    share = daily_share_within_term(win.now.astimezone(ALMATY).date(), requests)
    url = _changelist("egov_servicerequest")
    return {
        "total": share.total,
        "within": share.within_term,
        "over": share.over_term,
        "percent": None if share.share is None else round(share.share * 100, 1),
        "over_url": f"{url}?{urlencode({'term': 'over'})}" if url else "",
    }


def staff_list_block(user, win: Windows) -> list[dict] | None:
    """Seed 001 p. 5: the half-yearly refresh of the state bodies' staff lists (at least once every half-year), counted
    by status, with the overdue ones; a state body sees its own line only."""
    from django.apps import apps as django_apps

    if not django_apps.is_installed("registries.stafflists"):
        return None
    from registries.stafflists.services.compliance import RefreshStatus, refresh_status

    organisations = Organisation.objects.visible_to(user)
    rows = refresh_status(win.now, organisations)
    if not rows:
        return None
    url = _changelist("stafflists_stafflistcompliance")
    counts = [
        {
            "label": label,
            "count": sum(1 for row in rows if row.status == status),
            "url": f"{url}?{urlencode({'refresh_status': status})}" if url else "",
        }
        for status, label in RefreshStatus.choices
    ]
    counts.append(
        {
            "label": STATUS_LABELS["overdue"],
            "count": sum(1 for row in rows if row.overdue),
            "url": f"{url}?{urlencode({'overdue': 'yes'})}" if url else "",
        }
    )
    return counts


def _build(user, now=None) -> dict:
    win = windows(now or timezone.now())
    rows = procedure_rows(user, win)
    return {
        "statuses": STATUSES,
        "procedures": rows,
        "organisations": organisation_rows(user, win),
        "queue": my_queue(user, win),
        "chart": chart(rows),
        "now_local": win.now.astimezone(ALMATY),
        "soon_until_local": win.soon_until.astimezone(ALMATY),
        "sees_everything": sees_everything(user),
        "service_term": service_term_block(user, win),
        "staff_lists": staff_list_block(user, win),
    }
