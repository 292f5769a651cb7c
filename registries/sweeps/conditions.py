"""Preconditions of the sweep steps (seed 001 p. 6): pure predicates of a sweep with their
message and clause; the buttons, the refusals and the legal-path panel all use these."""

from django.utils.translation import gettext_lazy as _

from cases.steps import precondition

from . import rules


@precondition(_("Every excluded entry needs the reason for its exclusion."), rules.EXCLUSION_REASON)
def exclusions_are_reasoned(sweep) -> bool:
    return not sweep.entries.filter(excluded=True, exclusion_reason="").exists()
