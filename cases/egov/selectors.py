"""Read-only figures for the dashboard: how many requests were answered within the 10-minute
service term (seed 002, standard row 3)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import ServiceRequest


@dataclass(frozen=True)
class DailyShare:
    day: date
    total: int
    within_term: int

    @property
    def over_term(self) -> int:
        return self.total - self.within_term

    @property
    def share(self) -> float | None:
        """Share of the day's requests answered within 10 minutes (0…1), None on a day with none."""
        return self.within_term / self.total if self.total else None


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """Start and end of ``day`` in the local time zone (Asia/Almaty), as aware datetimes."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def daily_share_within_term(day: date, queryset=None) -> DailyShare:
    """Requests made on ``day`` (local time) and how many got their result within the term.

    ``queryset`` lets the caller pass an already scoped set (``ServiceRequest.objects.visible_to(user)``);
    one aggregate query on the (submitted_at, within_term) index.
    """
    queryset = ServiceRequest.objects.all() if queryset is None else queryset
    start, end = local_day_bounds(day)
    figures = queryset.filter(submitted_at__gte=start, submitted_at__lt=end).aggregate(
        total=Count("pk"), within=Count("pk", filter=Q(within_term=True))
    )
    return DailyShare(day=day, total=figures["total"], within_term=figures["within"])
