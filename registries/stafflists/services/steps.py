"""One service per staff-list step (seed 001 p. 5, Appendix 1): the admin, the commands, the
demo and the tests take a step only through these. Each runs in one transaction
(``legal_step``): the step (``run_transition``: state 409, role 403, conditions 400), then what
the step brings — the superseded list, the accounts, closed terms."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import check_step, close_deadlines_not_applicable, legal_step, required_text, run_transition
from cases.steps import step_service

from ..models import StaffList, StaffListState
from .accounts import account_plan, accounts_note, grant_accounts


@step_service(StaffList.submit)
def staff_list_submit(*, case, actor, comment=""):
    """p. 5: the state body (or its parent body) sends the list to the authorised body."""
    with legal_step(case):
        run_transition(case, "submit", actor, comment=comment)
    return case


@step_service(StaffList.receive_by_letter)
def staff_list_receive_by_letter(*, case, actor, letter_reference="", comment="", occurred_at=None):
    """p. 5, Appendix 1: the authorised body records a list the state body sent as a signed
    letter, with the letter's number and the real time it was received (``occurred_at``)."""
    with legal_step(case):
        reference = required_text(letter_reference, "letter_reference", _("Give the number and date of the letter."))
        run_transition(
            case, "receive_by_letter", actor, comment=comment, occurred_at=occurred_at,
            received_at=occurred_at or timezone.now(), letter_reference=reference,
        )
    return case


@step_service(StaffList.accept)
def staff_list_accept(*, case, actor, comment="", expected_changes=""):
    """p. 5: the authorised body accepts the list: the state body's previously accepted list is
    superseded (the system's step), then the listed staff get accounts and those dropped lose them
    — exactly the accounts the accept page showed (``expected_changes``, the plan's fingerprint:
    refused when the accounts changed since)."""
    with legal_step(case):
        check_step(case, "accept", actor)  # refused before an older list is superseded
        plan = account_plan(case)
        if expected_changes and expected_changes != plan.digest():
            raise ValidationError({"__all__": [ValidationError(
                _("The accounts this list changes are no longer those shown; look at the changes again before accepting."),
                code="plan_changed",
            )]})
        previous = StaffList.objects.select_for_update().filter(
            organisation_id=case.organisation_id, state=StaffListState.ACCEPTED
        ).exclude(pk=case.pk)
        for accepted in previous:
            staff_list_supersede(case=accepted, actor=actor, newer=case)
        run_transition(case, "accept", actor, comment=comment)
        case.accounts_note = accounts_note(grant_accounts(case, by=actor, plan=plan))
        case.save(update_fields=["accounts_note", "updated_at"])
    return case


@step_service(StaffList.return_list)
def staff_list_return_list(*, case, actor, reason="", comment=""):
    """The authorised body returns a list that does not meet Appendix 1, with the reason."""
    with legal_step(case):
        reason = required_text(reason, "reason", _("Give the reason for returning the list."))
        run_transition(case, "return_list", actor, comment=comment, reason=reason)
    return case


@step_service(StaffList.supersede)
def staff_list_supersede(*, case, actor, newer=None, comment=""):
    """The system's step (never a button): taken by ``staff_list_accept`` of ``newer``, the same
    state body's newer list (p. 5 second part: the refreshed list replaces the previous one)."""
    with legal_step(case):
        if newer is None or newer.pk == case.pk or newer.organisation_id != case.organisation_id:
            raise ValidationError(
                _("A list is superseded only when a newer list of the same state body is accepted."), code="no_newer_list"
            )
        reason = _("Superseded: staff list #%(pk)s (%(half)s) accepted") % {"pk": newer.pk, "half": newer.half_year}
        run_transition(case, "supersede", actor, comment=comment or reason)
    return case


@step_service(StaffList.withdraw)
def staff_list_withdraw(*, case, actor, reason="", comment=""):
    """The state body withdraws a list prepared or sent in error, before the authorised body
    decides on it; its open terms close as not applicable."""
    with legal_step(case):
        reason = required_text(reason, "reason", _("Give the reason for withdrawing the list."))
        run_transition(case, "withdraw", actor, comment=comment, reason=reason)
        close_deadlines_not_applicable(case)
    return case
