"""Reads the admin, the import and the dashboard share (seed 001 p. 5)."""

from django.db.models import Q

from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.scoping import organisation_of, sees_everything

from .choices import StaffListState


def importable_organisations(user):
    """State bodies a user may import a list for: any for the authorised body, else the user's
    own organisation and its subordinate organisations (p. 5: "оның ішінде ведомстволық
    бағынысты ұйымдардың")."""
    queryset = Organisation.objects.filter(kind=OrganisationKind.STATE_BODY)
    if sees_everything(user):
        return queryset
    organisation = organisation_of(user)
    if organisation is None:
        return queryset.none()
    return queryset.filter(Q(pk=organisation.pk) | Q(parent=organisation))


def accepted_list_of(organisation):
    """The state body's accepted list (at most one), or None."""
    return organisation.staff_lists.filter(state=StaffListState.ACCEPTED).first()
