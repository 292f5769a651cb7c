"""Who runs sweeps: only the authorised body's officials (seed 001 p. 6: "Уәкілетті орган …
қалыптастырады"); applying (deactivation) and reactivation need its supervisor."""

from registries.roles import AUTHORISED_OFFICIALS, OrganisationKind
from registries.scoping import has_role, organisation_of


def is_authorised_body_user(user, *roles) -> bool:
    """The user holds one of ``roles`` (default: any authorised official) in an authorised body,
    or is a superuser."""
    roles = roles or AUTHORISED_OFFICIALS
    if not has_role(user, *roles):
        return False
    if user.is_superuser:
        return True
    organisation = organisation_of(user)
    return organisation is not None and organisation.kind == OrganisationKind.AUTHORISED_BODY


def authorised_body_role(*roles):
    """A django-fsm ``permission`` callable: one of ``roles``, in an authorised body."""

    def check(instance, user) -> bool:
        return is_authorised_body_user(user, *roles)

    check.roles = tuple(str(r) for r in roles)
    return check
