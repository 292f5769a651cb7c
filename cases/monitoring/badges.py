"""Deadline badges for changelists and change forms: the case's nearest open deadline, due
time in local time with the zone, its rule and citation, coloured

* red    -- overdue;
* amber  -- less than a quarter of the term left, or due within one working day
  (by the close of the next working day, as the dashboard's "due soon");
* green  -- otherwise.

``with_next_deadline(queryset)`` annotates ``next_due``, ``next_start``, ``next_rule`` and
``next_citation`` with correlated subqueries, so a changelist page costs no extra query per
row; ``deadline_badge(obj)`` uses those annotations when present (one query otherwise).
"""

from datetime import datetime
from functools import lru_cache

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.deadlines import ALMATY
from cases.models import Deadline
from cases.rules import rule_label

from .status import windows

#: white text on each reaches 4.5:1 (WCAG 2.1 AA, axe-core color-contrast); amber #b86e00 did not
COLOURS = {"red": "#ba2121", "amber": "#8a5300", "green": "#2e7d32"}
STATE_WORDS = {"red": _("overdue"), "amber": _("due soon"), "green": _("on time")}


def with_next_deadline(queryset):
    """Annotate each case with its nearest open deadline (four correlated subqueries)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    nearest = Deadline.objects.filter(content_type=content_type, object_id=OuterRef("pk"), met_at__isnull=True).order_by(
        "due", "pk"
    )
    return queryset.annotate(
        next_due=Subquery(nearest.values("due")[:1]),
        next_start=Subquery(nearest.values("start")[:1]),
        next_rule=Subquery(nearest.values("rule_code")[:1]),
        next_citation=Subquery(nearest.values("citation")[:1]),
    )


def badge_colour(start: datetime, due: datetime, now: datetime | None = None, soon_until: datetime | None = None) -> str:
    now = now or timezone.now()
    if due < now:
        return "red"
    soon_until = soon_until or _soon_until(now)
    total = (due - start).total_seconds()
    left = (due - now).total_seconds()
    if due <= soon_until or (total > 0 and left < total / 4):
        return "amber"
    return "green"


@lru_cache(maxsize=4)
def _soon_until_for_minute(minute: datetime) -> datetime:
    return windows(minute).soon_until


def _soon_until(now: datetime) -> datetime:
    """The close of the next working day; computed once per minute, not once per row."""
    return _soon_until_for_minute(now.replace(second=0, microsecond=0))


def _nearest(obj):
    if hasattr(obj, "next_due"):
        if obj.next_due is None:
            return None
        return obj.next_due, obj.next_start, obj.next_rule, obj.next_citation
    deadline = Deadline.objects.for_case(obj).open().order_by("due", "pk").first()
    if deadline is None:
        return None
    return deadline.due, deadline.start, deadline.rule_code, deadline.citation


def render_badge(due, start, rule, citation, now=None, soon_until=None) -> str:
    """The badge of a term: ``rule`` is its code, shown by the rule's label (never the code)."""
    colour = badge_colour(start, due, now=now, soon_until=soon_until)
    rule = rule_label(rule)
    local = due.astimezone(ALMATY)
    return format_html(
        '<span class="deadline-badge deadline-{}" title="{} — {}" '
        'style="display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;background:{};white-space:nowrap">'
        "{} (Asia/Almaty, UTC{}) · {}</span><br><small>{} · {}</small>",
        colour,
        rule,
        citation,
        COLOURS[colour],
        local.strftime("%d.%m.%Y %H:%M"),
        local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:],
        gettext(str(STATE_WORDS[colour])),
        rule,
        citation,
    )


@admin.display(description=_("nearest deadline"), ordering="next_due")
def deadline_badge(obj) -> str:
    nearest = _nearest(obj)
    if nearest is None:
        return "—"
    due, start, rule, citation = nearest
    return render_badge(due, start, rule, citation)
