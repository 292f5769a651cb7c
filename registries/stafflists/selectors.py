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


def listing_organisation_ids(organisation) -> list[int]:
    """The organisations whose accepted list may name a person of ``organisation``: its own and
    its parent's (seed 001 p. 5: the list covers "ведомстволық бағынысты ұйымдарды қоса алғанда")."""
    if organisation is None:
        return []
    return [pk for pk in (organisation.pk, organisation.parent_id) if pk]


def is_listed(user) -> bool:
    """Seed 001 p. 5 with p. 8: the user is on the accepted staff list of their organisation or of
    its parent body, matched by the work e-mail on the list (case-insensitive), never by login."""
    from .models import StaffListEntry

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    email = (getattr(user, "email", "") or "").strip()
    organisations = listing_organisation_ids(organisation_of(user))
    if not email or not organisations:
        return False
    return StaffListEntry.objects.filter(
        staff_list__organisation_id__in=organisations,
        staff_list__state=StaffListState.ACCEPTED,
        email__iexact=email,
    ).exists()
