""""Waiting for my organisation": the cases whose next step is the viewer's organisation's.

The same definition as the home page's queue (``cases.monitoring.dashboard.my_queue``): an open
deadline (``met_at`` empty) awaiting the viewer's organisation (``awaiting_organisation``) —
each step that opens a term names whose action it awaits (DESIGN, "Deadlines and the working
calendar"). One correlated EXISTS served by the index ``deadline_open_org_due``.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from registries.scoping import organisation_of

WAITING_PARAMETER = "waiting"
WAITING_FOR_ME = "me"
WAITING_LABEL = _("Waiting for my organisation")


def waiting_q(model, organisation) -> Q:
    """Q on ``model`` (a case, or the deadline list itself): an open deadline awaits ``organisation``."""
    from cases.models import Deadline

    awaited = {"met_at__isnull": True, "awaiting_organisation": organisation}
    if model is Deadline:
        return Q(**awaited)
    content_type = ContentType.objects.get_for_model(model)
    return Q(Exists(Deadline.objects.filter(content_type=content_type, object_id=OuterRef("pk"), **awaited)))


def waiting_for(queryset, user):
    """``queryset`` narrowed to what waits for ``user``'s organisation (nothing without one)."""
    organisation = organisation_of(user)
    if organisation is None:
        return queryset.none()
    return queryset.filter(waiting_q(queryset.model, organisation))


class WaitingForMyOrganisationFilter(admin.SimpleListFilter):
    """The changelist filter ``?waiting=me`` (offered to every user with an organisation)."""

    title = _("my queue")
    parameter_name = WAITING_PARAMETER

    def lookups(self, request, model_admin):
        if organisation_of(request.user) is None:
            return []
        return [(WAITING_FOR_ME, WAITING_LABEL)]

    def queryset(self, request, queryset):
        if self.value() != WAITING_FOR_ME:
            return queryset
        return waiting_for(queryset, request.user)


def has_waiting_filter(model_admin, request) -> bool:
    """Does the list offer the filter (and so the built-in view)?"""
    return any(
        isinstance(entry, type) and issubclass(entry, WaitingForMyOrganisationFilter)
        for entry in model_admin.get_list_filter(request)
    )
