"""The conditions of a complaint's steps (seed 002 p. 10): pure predicates of the complaint, each
with the message shown when it is not met and its clause (see ``cases.steps``)."""

from django.utils.translation import gettext_lazy as _

from cases.conditions import signatory_condition
from cases.steps import precondition, step_time

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


#: The decision letter s002-complaint-decision is signed by the reviewing body's head.
decision_can_be_signed = signatory_condition(
    _("The reviewing body's head (position and full name) is not in the organisations registry: the decision "
      "letter cannot be signed."),
    rules.DECISION_CITATION,
)
