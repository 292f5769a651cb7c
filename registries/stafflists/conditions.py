"""Preconditions of the staff-list steps (seed 001 p. 5, Appendix 1): pure predicates of a list,
each with the message shown when it is not met and the clause it comes from. The buttons, the
refusals and the legal-path panel all use these (``cases.steps``)."""

from django.utils.translation import gettext_lazy as _

from cases.conditions import signatory_condition
from cases.steps import precondition
from registries.roles import OrganisationKind

from . import rules
from .choices import StaffListState


@precondition(_("The list has no entries: import the spreadsheet first."), rules.CITATION_LIST)
def has_entries(instance) -> bool:
    return instance.pk is not None and instance.entries.exists()


has_signatory = signatory_condition(
    _("The list needs the authorised official's position and full name (Appendix 1)."), rules.CITATION_SIGNATORY
)


@precondition(
    _("Only a list the authorised body entered from the state body's letter is recorded as received by letter; "
      "a list the state body prepared here is sent by the state body itself."),
    rules.CITATION_LIST,
)
def entered_by_authorised_body(instance) -> bool:
    user = instance.created_by
    if user is None or user.is_superuser:
        return True  # entered by the system's operators (the import command) or the administrator
    profile = getattr(user, "profile", None)
    return profile is not None and profile.organisation.kind == OrganisationKind.AUTHORISED_BODY


@precondition(
    _("A list is superseded only when a newer list of the same state body is accepted."), rules.NEWER_THAN_ACCEPTED
)
def newer_list_awaits_acceptance(instance) -> bool:
    return instance.organisation.staff_lists.filter(state=StaffListState.SUBMITTED).exclude(pk=instance.pk).exists()


@precondition(
    _("The state body's accepted list is of a later half-year: a list of an earlier half-year cannot replace it."),
    rules.NEWER_THAN_ACCEPTED,
)
def not_older_than_accepted(instance) -> bool:
    accepted = instance.organisation.staff_lists.filter(state=StaffListState.ACCEPTED).exclude(pk=instance.pk)
    return not accepted.filter(half_year__gt=instance.half_year).exists()
