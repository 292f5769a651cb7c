"""The home page of the back office (the admin index), per viewer, built live at every request:

1. **What waits for me** -- the open deadlines awaiting the viewer's organisation, most urgent
   first, each with its due time (Asia/Almaty), its rule's human label and a link to the case;
   with the overdue / due today / due soon / open counts of that queue (deadline changelist);
2. **Open cases by procedure and state** -- the cases the viewer may see (``visible_to``) not in
   a final state (``FINAL_STATES``), by state, each state linking to the filtered changelist;
3. **Overdue and due soon** -- per procedure, the viewer's cases with an overdue / due today /
   due within one working day deadline (case changelist ``?deadline=<status>``); for who sees
   everything, the open deadlines in each status (deadline changelist), read from the index.

No cache: nothing one user sees can be served to another. Every query reads only the viewer's
slice through the partial indexes on open deadlines (``deadline_open_org_due`` for the queue,
``deadline_open_ct_due`` for the time-bounded counts: only deadlines due before the close of
the next working day are read, never every open deadline), and a constant number of queries
whatever the volume (``benchmarks/home.py``: under 150 ms at 1,000,000 open deadlines).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Q, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.deadlines import ALMATY
from cases.models import Deadline
from cases.rules import rule_label
from registries.models import Organisation
from registries.scoping import organisation_of, sees_everything

from .badges import STATE_WORDS, badge_colour
from .status import STATUS_LABELS, STATUSES, Windows, final_states, procedure_models, windows

#: the statuses bounded in time (the "overdue and due soon" section); "open" is by state
TIMED = ("overdue", "due_today", "due_soon")
QUEUE_LENGTH = 10


@dataclass
class Cell:
    count: int
    url: str


@dataclass
class StateCount:
    value: str
    label: str
    count: int
    url: str


@dataclass
class Procedure:
    """One procedure on the home page: its open cases by state and its time-bounded counts."""

    label: str
    url: str
    open: Cell
    states: list = field(default_factory=list)  # StateCount, in the order of the state's choices
    cells: dict = field(default_factory=dict)  # status -> Cell (TIMED and "open")

    def __getitem__(self, status):
        return self.cells[status]

    @property
    def urgent(self) -> int:
        return sum(self.cells[s].count for s in TIMED if s in self.cells)


def _changelist(model_or_label: str) -> str:
    try:
        return reverse(f"admin:{model_or_label}_changelist")
    except NoReverseMatch:
        return ""


def _with_query(url: str, **params) -> str:
    return f"{url}?{urlencode(params)}" if url else ""


def _due_q(status: str, win: Windows) -> Q:
    """``Windows.deadline_q`` without its ``met_at`` condition, for querysets already restricted
    to open deadlines: the FILTER clauses then read only ``due``, so PostgreSQL counts from the
    partial indexes on open deadlines alone (no heap access)."""
    if status == "overdue":
        return Q(due__lt=win.now)
    if status == "due_today":
        return Q(due__gte=win.now, due__lt=win.end_of_today)
    if status == "due_soon":
        return Q(due__gte=win.now, due__lte=win.soon_until)
    return Q()


def _deadline_counts(win: Windows, statuses=STATUSES) -> dict:
    """Conditional counts of open deadline rows (each row once: no DISTINCT needed)."""
    return {
        status: Count("due", filter=_due_q(status, win)) if status != "open" else Count("due") for status in statuses
    }


def _timed_counts(user, win: Windows, models, content_types) -> dict:
    """{content type id: {status: cases}} for the time-bounded statuses, in one query that reads
    only the viewer's slice of the open deadlines due before the end of the "soon" window:

    * who sees everything: one grouped range scan of ``deadline_open_ct_due`` (index only);
    * anyone else: driven by the cases they may see (``visible_to``), joined to their deadlines
      by (content type, object id) -- a UNION ALL of one count per procedure, so an
      organisation with few cases reads few deadlines, whatever the volume of the others'."""
    if not models:
        return {}
    until = max(win.soon_until, win.end_of_today)
    grouped: dict[int, dict] = defaultdict(dict)
    if sees_everything(user):
        return _timed_counts_everything(win, until, list(content_types.values()))
    parts = []
    for model in models:
        counts = {s: Count("pk", distinct=True, filter=win.deadline_q(s, prefix="deadlines__")) for s in TIMED}
        parts.append(
            model.objects.visible_to(user)
            .filter(deadlines__met_at__isnull=True, deadlines__due__lte=until)
            .order_by()
            .annotate(procedure=Value(content_types[model].pk, output_field=IntegerField()))
            .values("procedure")
            .annotate(**counts)
            .values_list("procedure", *TIMED)
        )
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for procedure, *numbers in query:
        grouped[procedure].update(zip(TIMED, numbers, strict=True))
    return grouped


def _timed_counts_everything(win: Windows, until, content_types) -> dict:
    """For who sees everything: the open *deadlines* per procedure and status -- one range scan
    of ``deadline_open_ct_due`` answered from the index alone (counting distinct cases over every
    case would hash every urgent deadline at each request). The numbers link to the deadline
    changelist, which for them lists exactly these rows."""
    queryset = Deadline.objects.filter(met_at__isnull=True, due__lte=until, content_type__in=content_types)
    counts = {status: Count("due", filter=_due_q(status, win)) for status in TIMED}
    return {item["content_type"]: item for item in queryset.values("content_type").annotate(**counts).order_by()}


def _state_counts(user, models) -> dict:
    """{model: {state: cases}} of the cases ``user`` may see that are not final: one query
    (UNION ALL of one grouped count per procedure, each on its indexed ``state``)."""
    parts = []
    for position, model in enumerate(models):
        parts.append(
            model.objects.visible_to(user)
            .exclude(state__in=final_states(model))
            .order_by()
            .values("state")
            .annotate(n=Count("pk"), procedure=Value(position, output_field=IntegerField()))
            .values_list("procedure", "state", "n")
        )
    if not parts:
        return {}
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    found: dict = defaultdict(dict)
    for position, state, count in query:
        found[models[position]][state] = count
    return found


def procedures(user, win: Windows) -> list[Procedure]:
    """Each procedure the viewer has open cases in (or urgent ones): open cases by state and the
    cases with an overdue / due today / due soon deadline. Two queries whatever the volume."""
    models = procedure_models()
    if not models:
        return []
    content_types = ContentType.objects.get_for_models(*models)
    everything = sees_everything(user)
    timed = _timed_counts(user, win, models, content_types)
    by_state = _state_counts(user, models)
    rows = []
    for model in models:
        url = _changelist(f"{model._meta.app_label}_{model._meta.model_name}")
        states = by_state.get(model, {})
        labels = dict(model._meta.get_field("state").flatchoices)
        ordered = [value for value in labels if value in states] + sorted(v for v in states if v not in labels)
        counts = timed.get(content_types[model].pk, {})
        total = sum(states.values())
        row = Procedure(
            label=str(model._meta.verbose_name_plural),
            url=url,
            open=Cell(total, _with_query(url, deadline="open")),
            states=[
                StateCount(value, str(labels.get(value, value)), states[value], _with_query(url, state__exact=value))
                for value in ordered
            ],
        )
        for status in TIMED:
            if everything:
                link = deadline_url(status, win, content_type_id=content_types[model].pk)
            else:
                link = _with_query(url, deadline=status)
            row.cells[status] = Cell(counts.get(status, 0), link)
        row.cells["open"] = row.open
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


def deadline_url(status: str, win: Windows, organisation_id=None, content_type_id=None) -> str:
    base = _changelist("cases_deadline")
    if not base:
        return ""
    lookups = _deadline_lookups(status, win)
    if organisation_id is not None:
        lookups["awaiting_organisation__id__exact"] = organisation_id
    if content_type_id is not None:
        lookups["content_type__id__exact"] = content_type_id
    return f"{base}?{urlencode(lookups)}"


def _case_url(content_type, object_id) -> str:
    try:
        return reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[object_id])
    except NoReverseMatch:
        return ""


def my_queue(user, win: Windows) -> dict | None:
    """What waits for the viewer's organisation: the counts and the ``QUEUE_LENGTH`` most urgent
    open deadlines (two index range scans on ``deadline_open_org_due``)."""
    organisation = organisation_of(user)
    if organisation is None:
        return None
    queryset = Deadline.objects.filter(met_at__isnull=True, awaiting_organisation=organisation)
    counts = queryset.aggregate(**_deadline_counts(win))
    cells = {status: Cell(counts[status], deadline_url(status, win, organisation.pk)) for status in STATUSES}
    items = []
    labels = {}  # rule code -> label, once per code
    for deadline in queryset.order_by("due", "pk")[:QUEUE_LENGTH]:
        content_type = ContentType.objects.get_for_id(deadline.content_type_id)  # cached per process
        model = content_type.model_class()
        if deadline.rule_code not in labels:
            labels[deadline.rule_code] = rule_label(deadline.rule_code)
        colour = badge_colour(deadline.start, deadline.due, now=win.now, soon_until=win.soon_until)
        items.append(
            {
                "deadline": deadline,
                "procedure": str(model._meta.verbose_name) if model else content_type.model,
                "rule": labels[deadline.rule_code],
                "url": _case_url(content_type, deadline.object_id),
                "due_local": deadline.due.astimezone(ALMATY),
                "colour": colour,
                "state_word": STATE_WORDS[colour],
            }
        )
    return {"organisation": organisation, "cells": cells, "items": items, "more": counts["open"] > len(items)}


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
        "over_url": _with_query(url, term="over"),
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
            "url": _with_query(url, refresh_status=status),
        }
        for status, label in RefreshStatus.choices
    ]
    counts.append(
        {
            "label": STATUS_LABELS["overdue"],
            "count": sum(1 for row in rows if row.overdue),
            "url": _with_query(url, overdue="yes"),
        }
    )
    return counts


def build(user, now=None) -> dict:
    """The viewer's home page data, live (no cache entry is shared between users or kept)."""
    win = windows(now or timezone.now())
    rows = procedures(user, win)
    shown = [row for row in rows if row.open.count or row.urgent]
    return {
        "statuses": STATUSES,
        "timed": TIMED,
        "procedures": rows,
        "shown_procedures": shown,
        "urgent_procedures": [row for row in rows if row.urgent],
        "totals": {status: sum(row[status].count for row in rows) for status in STATUSES},
        "queue": my_queue(user, win),
        "now_local": win.now.astimezone(ALMATY),
        "soon_until_local": win.soon_until.astimezone(ALMATY),
        "sees_everything": sees_everything(user),
        "urgent_unit": "deadlines" if sees_everything(user) else "cases",
        "service_term": service_term_block(user, win),
        "staff_lists": staff_list_block(user, win),
    }
