"""Who takes the staff-list steps (seed 001 p. 5).

The state body forms and sends the list of its staff "оның ішінде ведомстволық бағынысты
ұйымдардың" (including its subordinate organisations'): its staff act on its own lists and on
those of its subordinate organisations (which it also sees and may import). The authorised body
receives the lists: only the authorised body a list is addressed to (its ``addressee``) decides
on it; the other authorised body's officials are refused and the legal-path panel names it.
"""

from registries.roles import AUTHORISED_OFFICIALS, STATE_BODY_STAFF
from registries.scoping import has_role, organisation_of, role_permission


def state_body_or_parent(*roles):
    """A django-fsm ``permission``: one of ``roles`` in the list's organisation or in its parent."""

    def check(instance, user) -> bool:
        if not has_role(user, *roles):
            return False
        if user.is_superuser:
            return True
        organisation = organisation_of(user)
        if organisation is None:
            return False
        return organisation.pk in (instance.organisation_id, instance.organisation.parent_id)

    check.roles = tuple(str(role) for role in roles)
    check.organisation_field = "organisation"
    return check


STATE_BODY_STEP = state_body_or_parent(*STATE_BODY_STAFF)
AUTHORISED_BODY_STEP = role_permission(*AUTHORISED_OFFICIALS, organisation_field="addressee")
