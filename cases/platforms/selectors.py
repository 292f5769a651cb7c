"""Reads of seed 004 used by the admin, the API and the services."""

from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.scoping import sees_everything

from .choices import FINAL_STATES

#: What the STS never sees of a case, in the admin and the API alike: p. 7–10 concern traffic
#: only, not the posting user's or the complainant's data, nor the monitoring record or evidence.
STS_HIDDEN_FIELDS = (
    "offending_user_data",
    "complaint_received_at",
    "complaint_from",
    "complaint_text",
    "complaint_reports_repeated",
    "detection_summary",
    "evidence",
)


def hides_personal_data(user) -> bool:
    """Everyone but the authorised body (and superusers) sees a case without ``STS_HIDDEN_FIELDS``."""
    return not sees_everything(user)


def visible_fields(fields, user):
    """``fields`` without the hidden ones for a user who may not see them (order kept)."""
    if not hides_personal_data(user):
        return list(fields)
    return [name for name in fields if name not in STS_HIDDEN_FIELDS]


def active_sts():
    return Organisation.objects.filter(kind=OrganisationKind.STS, is_active=True).order_by("pk")


def default_sts():
    """The State Technical Service requests and instructions go to by default (p. 7, p. 10)."""
    return active_sts().first()


def open_cases(queryset):
    """Cases not in a final state (``choices.FINAL_STATES``)."""
    return queryset.exclude(state__in=FINAL_STATES)


def case_list(queryset):
    """The case list with what its rows show."""
    return queryset.select_related("platform", "organisation", "sts")


def may_enter_statistics(case, user) -> bool:
    """Who enters a case's traffic statistics (p. 8): the staff of the State Technical Service the
    request went to, with the permission to add them (and superusers); nobody else."""
    if not user.has_perm("platforms.add_trafficstatistic"):
        return False
    if user.is_superuser:
        return True
    from registries.scoping import organisation_of

    organisation = organisation_of(user)
    return organisation is not None and case.sts_id == organisation.pk
