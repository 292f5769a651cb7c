"""Reads of the notification procedure the admin, the API and the dashboard share: the
reviewer's queue (seed 001 p. 10–11), the search by a detected fact, the restriction orders."""

from django.db.models import Exists, OuterRef, Q, Subquery

from registries.scoping import scoped

from .choices import CONFIRMED_STATES
from .facts import search_keys
from .models import RestrictionOrder, ViolationFact, ViolationReport


def with_queue_columns(queryset, user):
    """The queue's columns in the same query: the first fact and whether any fact was already
    confirmed in another report the ``user`` may see (a constant number of queries per page).
    A state body learns nothing about other bodies' reports: for it only its own organisation's
    confirmed reports count; the authorised body sees duplicates across bodies."""
    facts = ViolationFact.objects.filter(report=OuterRef("pk")).order_by("pk")
    confirmed_elsewhere = scoped(
        ViolationFact.objects.filter(
            kind=OuterRef("kind"), value_ascii=OuterRef("value_ascii"), report__state__in=CONFIRMED_STATES
        ).exclude(report_id=OuterRef("report_id")),
        user,
    )
    return queryset.annotate(
        first_fact_value=Subquery(facts.values("value")[:1]),
        has_duplicate=Exists(ViolationFact.objects.filter(report=OuterRef("pk")).filter(Exists(confirmed_elsewhere))),
    )


def duplicates_visible_to(report, user):
    """The facts of other confirmed reports matching ``report``'s (``duplicate_facts``) that
    ``user`` may see: every body's for the authorised body, only its own organisation's for a
    state body (never another body's number, organisation or outcome), nothing for no one."""
    if report.pk is None:
        return ViolationFact.objects.none()
    return scoped(report.duplicate_facts(), user)


def reference_visible_to(report, user):
    """The earlier report ``report`` was confirmed by reference to, if ``user`` may see it, else None."""
    if not report.reference_report_id:
        return None
    return ViolationReport.objects.visible_to(user).filter(pk=report.reference_report_id).first()


def search_reports(queryset, term: str):
    """Reports with a fact matching ``term`` (URL, domain, IP, IMEI or MAC; exact, a host, or a
    URL prefix — index-friendly, never a leading-% LIKE), or the report of that number."""
    term = (term or "").strip()
    if not term:
        return queryset
    keys = search_keys(term)
    fact_q = Q(pk__in=[])
    if keys["exact"]:
        fact_q |= Q(value_ascii__in=sorted(keys["exact"]))
    if keys["host"]:
        fact_q |= Q(host__in=sorted(keys["host"]))
    for prefix in sorted(keys["prefix"]):
        fact_q |= Q(value_ascii__startswith=prefix)
    matching = Q(pk__in=ViolationFact.objects.filter(fact_q).values("report_id"))
    if term.isdigit() and len(term) < 15:
        matching |= Q(pk=int(term))
    return queryset.filter(matching)


def restriction_order_of(report):
    """The report's restriction order (p. 10), or None."""
    if report.pk is None:
        return None
    return RestrictionOrder.objects.filter(report=report).select_related("ordered_by").first()
