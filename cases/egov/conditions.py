"""The conditions of a complaint's steps (seed 002 p. 10): pure predicates of the complaint, each
with the message shown when it is not met and its clause (see ``cases.steps``)."""

from django.utils.translation import gettext_lazy as _

from cases.conditions import signatory_condition
from cases.steps import precondition, step_time
from registries.roles import OrganisationKind

from . import rules

#: When the step being judged happens: its real time when recorded afterwards, else now.
step_moment = step_time


@precondition(
    _("More than 3 working days have passed since the complaint arrived: the provider may no longer keep it by "
      "satisfying it and must forward it to the reviewing body."),
    rules.SATISFY_CITATION,
)
def within_forward_term(complaint) -> bool:
    return step_moment(complaint) <= complaint.forward_due


def _at_quality_authority(complaint) -> bool:
    return complaint.reviewing_body.kind == OrganisationKind.QUALITY_BODY


@precondition(
    _("Only the service-quality authority registers a forwarded complaint as its own: the 15 working days run from "
      "its registration there; the higher body's 5 working days run from the provider's registration."),
    rules.AUTHORITY_REGISTRATION_CITATION,
)
def forwarded_to_quality_authority(complaint) -> bool:
    return _at_quality_authority(complaint)


@precondition(
    _("The service-quality authority first registers the complaint: its 15 working days run from that registration."),
    rules.AUTHORITY_REGISTRATION_CITATION,
)
def registered_where_the_term_requires(complaint) -> bool:
    return not _at_quality_authority(complaint) or complaint.authority_registered_at is not None


#: The decision letter s002-complaint-decision is signed by the reviewing body's head.
decision_can_be_signed = signatory_condition(
    _("The reviewing body's head (position and full name) is not in the organisations registry: the decision "
      "letter cannot be signed."),
    rules.DECISION_CITATION,
)
