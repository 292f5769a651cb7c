"""Reads of seed 002: who is the provider's staff (the one check the admin, the API and the
masking use), and the dashboard's figure of requests answered within the 10-minute service term
(standard row 3)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from registries.roles import OrganisationKind, Role
from registries.scoping import organisation_of, role_of

from .models import ServiceRequest


def provider_staff_organisation(user):
    """The public-service provider whose staff (or integration account) ``user`` is — role
    service_provider in an organisation of that kind — or None. Such users record requests,
    register complaints and see their own rows unmasked."""
    organisation = organisation_of(user)
    if organisation is None or organisation.kind != OrganisationKind.SERVICE_PROVIDER:
        return None
    return organisation if role_of(user) == Role.SERVICE_PROVIDER else None


def is_provider_staff(user) -> bool:
    return provider_staff_organisation(user) is not None


def letters_of(record, user):
    """The letters of a request or complaint that ``user`` may see (``OutgoingLetter.visibility_q``:
    the issuer's own, and issued letters addressed to the user's organisation); none without a
    user. The letters panel and the API's ``letters`` read only this."""
    from forms_kz.models import OutgoingLetter

    if user is None:
        return OutgoingLetter.objects.none()
    return OutgoingLetter.objects.visible_to(user).for_case(record).order_by("pk")


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
