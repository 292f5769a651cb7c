"""What "overdue", "due today", "due soon" and "open" mean, once, for the dashboard, the
changelist filter and the badges.

All four are computed at query time from ``Deadline.due`` / ``met_at`` (DESIGN, "Overdue is
computed from due and met-at at query time, so it is right even if no background job ran"):

* ``overdue``   -- open, ``due < now``;
* ``due_today`` -- open, not overdue, due before the end of today's local day (Asia/Almaty);
* ``due_soon``  -- open, not overdue, due within one working day: by the close of the next
  working day, ``cases.deadlines.due_at(now, 1, "working_days")`` (includes ``due_today``);
* ``open``      -- not met.

A case is *open* when it has an open deadline, or -- when its model declares the optional
class attribute ``FINAL_STATES`` (a tuple of state values) -- when its ``state`` is not final.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.deadlines import ALMATY, due_at

STATUSES = ("overdue", "due_today", "due_soon", "open")

STATUS_LABELS = {
    "overdue": _("Overdue"),
    "due_today": _("Due today"),
    "due_soon": _("Due within one working day"),
    "open": _("Open"),
}


@dataclass(frozen=True)
class Windows:
    now: datetime
    end_of_today: datetime
    soon_until: datetime

    def deadline_q(self, status: str, prefix: str = "") -> Q:
        """Q on Deadline (or, with ``prefix="deadlines__"``, through a relation) for ``status``."""
        p = prefix
        if status == "overdue":
            return Q(**{f"{p}met_at__isnull": True, f"{p}due__lt": self.now})
        if status == "due_today":
            return Q(**{f"{p}met_at__isnull": True, f"{p}due__gte": self.now, f"{p}due__lt": self.end_of_today})
        if status == "due_soon":
            return Q(**{f"{p}met_at__isnull": True, f"{p}due__gte": self.now, f"{p}due__lte": self.soon_until})
        if status == "open":
            return Q(**{f"{p}met_at__isnull": True})
        raise ValueError(f"Unknown deadline status {status!r}; expected one of {', '.join(STATUSES)}.")


def windows(now: datetime | None = None) -> Windows:
    now = now or timezone.now()
    local = now.astimezone(ALMATY)
    end_of_today = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return Windows(now=now, end_of_today=end_of_today, soon_until=due_at(now, 1, "working_days"))


def final_states(model) -> tuple:
    return tuple(getattr(model, "FINAL_STATES", None) or ())


def case_status_q(model, status: str, win: Windows) -> Q:
    """Q on ``model`` (a ProcedureCase subclass): cases having a deadline in ``status``
    (one correlated EXISTS on the deadline table; no per-row work in Python)."""
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Deadline

    content_type = ContentType.objects.get_for_model(model)
    has = Exists(
        Deadline.objects.filter(content_type=content_type, object_id=OuterRef("pk")).filter(win.deadline_q(status))
    )
    finals = final_states(model)
    if status == "open" and finals:
        # the same rule as the dashboard's count: a case is open until it reaches a final state
        return ~Q(state__in=finals)
    return Q(has)


def procedure_models():
    """Every concrete ProcedureCase subclass, in a stable order (app label, model name)."""
    from django.apps import apps

    from cases.base import ProcedureCase

    found = [m for m in apps.get_models() if issubclass(m, ProcedureCase) and not m._meta.abstract]
    return sorted(found, key=lambda m: (m._meta.app_label, m._meta.model_name))
