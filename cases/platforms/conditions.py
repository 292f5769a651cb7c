"""Preconditions of the seed 004 steps: pure predicates of a case, each with the message shown
when it is not met and the clause it comes from (``cases.steps.precondition``). The same
predicates decide the buttons, the refusals and the legal-path panel.

A step recorded afterwards (``occurred_at``) is judged at its real time: the conditions that
compare with the clock read ``step_moment(case)``.
"""

from django.utils.translation import gettext_lazy as _

from cases.deadlines import within_term
from cases.steps import precondition, step_time

from .choices import InstructionKind, PlatformCaseGround
from .rules import STATISTICS_REQUEST

# The clauses, quoted verbatim inside each message (in every language, so a refusal names it once).
P4 = _("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 4-тармағы")
P5 = _("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы")
P6 = _("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы")
P7 = _("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы")
P8 = _("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы")
P9 = _("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағы")
APP1 = _("№ 267-НҚ бұйрықпен бекітілген Қағидаларға 1-қосымша")
APP2 = _("№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша")
APP3 = _("№ 267-НҚ бұйрықпен бекітілген Қағидаларға 3-қосымша")
APP3_P2 = _("№ 267-НҚ бұйрықпен бекітілген Қағидаларға 3-қосымшаның 2-тармағы")
ART_9 = _("«Онлайн-платформалар және онлайн-жарнама туралы» ҚР Заңының 9-бабы 1-т.")
ART_41_1 = _("«Байланыс туралы» ҚР Заңының 41-1-бабы")


#: The moment a step is judged at: its real time when recorded afterwards, else now.
step_moment = step_time


@precondition(_("A messenger is monitored only on a recorded user complaint about repeated violations (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 4-тармағы)."), P4)
def messenger_complaint_recorded(case) -> bool:
    return case.has_required_complaint


@precondition(_("The warning letter is for prohibited information (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы)."), P5)
def ground_is_information(case) -> bool:
    return case.ground == PlatformCaseGround.PROHIBITED_INFORMATION


@precondition(_("The notice is for a platform without a legal representative (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы)."), P6)
def ground_is_representative(case) -> bool:
    return case.ground == PlatformCaseGround.NO_LEGAL_REPRESENTATIVE


@precondition(_("Appendix 1 needs the user's data, the legal norms, the violation type and what is to be removed (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 1-қосымша)."), APP1)
def warning_facts_complete(case) -> bool:
    return all(
        str(value).strip()
        for value in (case.offending_user_data, case.legal_norms, case.violation_type, case.content_to_remove)
    )


@precondition(_("Appendix 1 is sent with links and screenshots of the violations attached: add at least one screenshot (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 1-қосымша)."), APP1)
def has_evidence(case) -> bool:
    """Appendix 1: "Қосымша (сілтемелер және бұзылушылықтар бар экран түсірілімдер)"."""
    return case.evidence.exclude(screenshot="").exists()


@precondition(_("The warning letter goes to the administration of a foreign online platform or of a messenger (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы)."), P5)
def warning_addressee_is_foreign_or_messenger(case) -> bool:
    """p. 5: "…шетелдік онлайн-платформа және (немесе) лездік хабар алмасу сервисі әкімшілігінің
    мекенжайына хабарлама хат жібереді"."""
    return case.platform.is_foreign or case.platform.kind == case.platform.Kind.MESSENGER


@precondition(_("Appendix 2 applies only to a foreign online platform (Law on Online Platforms, Art. 9 p. 1; № 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы)."), P6)
def platform_is_foreign(case) -> bool:
    return case.platform.is_foreign


@precondition(_("Appendix 2 applies only above 100,000 average daily users in Kazakhstan over a month («Онлайн-платформалар және онлайн-жарнама туралы» ҚР Заңының 9-бабы 1-т.)."), ART_9)
def platform_over_threshold(case) -> bool:
    return case.platform.average_daily_users_kz > case.platform.LEGAL_REPRESENTATIVE_THRESHOLD


@precondition(_("The platform already has a legal representative in Kazakhstan («Онлайн-платформалар және онлайн-жарнама туралы» ҚР Заңының 9-бабы 1-т.)."), ART_9)
def platform_has_no_representative(case) -> bool:
    return not case.platform.legal_representative.strip()


@precondition(_("The platform's receipt of the notice is already recorded (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша)."), APP2)
def notice_receipt_not_recorded(case) -> bool:
    return case.notice_received_at is None


@precondition(_("The six-hour term runs from the platform's receipt of the notice: record the receipt first (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша)."), APP2)
def notice_receipt_recorded(case) -> bool:
    return case.notice_received_at is not None


@precondition(_("No identified violations to restrict: the case names no information to be removed (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша)."), APP2)
def has_identified_violations(case) -> bool:
    return bool(case.content_to_remove.strip())


@precondition(_("The platform has already removed the identified violations: nothing is left to restrict (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша)."), APP2)
def content_not_removed(case) -> bool:
    return case.content_removed_at is None


@precondition(_("A restriction instruction has already been ordered on this case («Байланыс туралы» ҚР Заңының 41-1-бабы)."), ART_41_1)
def restriction_not_ordered(case) -> bool:
    return case.restriction_ordered_at is None


@precondition(_("The request to the STS is allowed only within eight months of the notice (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы)."), P7)
def within_statistics_window(case) -> bool:
    """p. 7 "хабарлама жіберілгеннен кейін сегіз ай ішінде": the term in months of the deadline
    engine (to the end of the corresponding day, moved off a non-working day)."""
    return case.notice_sent_at is not None and within_term(
        case.notice_sent_at, STATISTICS_REQUEST.amount, STATISTICS_REQUEST.unit, step_moment(case)
    )


@precondition(_("The STS has entered no traffic statistics yet (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы)."), P8)
def has_statistics(case) -> bool:
    return case.traffic_statistics.exists()


@precondition(_("Appendix 3 cites the notice by its register number and date: the case has no notice on record (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 3-қосымша)."), APP3)
def notice_on_record(case) -> bool:
    return bool(case.notice_register_number.strip()) and case.notice_sent_at is not None


@precondition(_("More than one year and six months have passed since the notice: the Rules set no throttling level (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағы)."), P9)
def throttling_window_open(case) -> bool:
    return case.allowed_throttle_level(step_moment(case)) is not None


@precondition(_("The throttling window of the current level has not passed yet (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағы)."), P9)
def next_level_due(case) -> bool:
    current = case.current_instruction
    allowed = case.allowed_throttle_level(step_moment(case))
    return current is not None and allowed is not None and allowed > current.level


@precondition(_("The STS has not yet reported the execution of the instruction in force; the next level follows its report (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 3-қосымшаның 2-тармағы)."), APP3_P2)
def current_instruction_reported(case) -> bool:
    current = case.current_instruction
    return current is not None and current.executed_at is not None


@precondition(_("The STS has already reported the execution of the current instruction (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 3-қосымшаның 2-тармағы)."), APP3_P2)
def current_instruction_unreported(case) -> bool:
    current = case.current_instruction
    return current is not None and current.executed_at is None


@precondition(_("An access-restriction instruction is in force on this case: it is not withdrawn silently («Байланыс туралы» ҚР Заңының 41-1-бабы)."), ART_41_1)
def no_restriction_in_force(case) -> bool:
    return case.restriction_ordered_at is None and not case.throttle_instructions.filter(kind=InstructionKind.RESTRICT).exists()
