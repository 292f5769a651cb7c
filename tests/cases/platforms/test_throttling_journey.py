"""seed 004 p. 6–10 over 18 months: notice → statistics → 10 % → 50 % → 90 % → lifting."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
import time_machine

from cases.models import Deadline
from cases.platforms import rules
from cases.platforms.models import PlatformCase, PlatformCaseState, ThrottleInstruction, ThrottleLimit, TrafficStatistic
from cases.platforms.services import StatisticRow, StatisticsRejected, record_statistics
from cases.services import TransitionRefused
from cases.steps import take_step
from cases.timeline import case_events
from forms_kz.models import OutgoingLetter

from .conftest import local, regions, sample_statistics
from .factories import PlatformCaseFactory

pytestmark = pytest.mark.django_db
EIGHT_MONTHS_END = local(2026, 9, 14, 23, 59, 59, 999999)


def refresh(case):
    case.refresh_from_db()
    return case


def noticed_case(world, traveller=None):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"])
    take_step(refresh(case), "send_notice", world["officer"])
    return refresh(case)


def test_eighteen_months_of_throttling(world):
    officer, sts = world["officer"], world["sts"]
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = noticed_case(world)
        notice = OutgoingLetter.objects.for_case(case).get(form_code="s004-app2")
        assert notice.register_number and notice.pdf
        assert case.notice_register_number == notice.register_number
        assert case.state == PlatformCaseState.NOTICE_SENT
        window = Deadline.objects.for_case(case).open().get(rule_code=rules.STATISTICS_REQUEST.code)
        # eight months end on Saturday 12 September 2026: to the end of Monday 14 September (Civil Code)
        assert window.due == EIGHT_MONTHS_END and window.citation == "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы"

        traveller.shift(timedelta(hours=2))
        take_step(case, "record_notice_receipt", officer, occurred_at=local(2026, 1, 12, 11, 0))
        case = refresh(case)
        # no identified violations named: no six-hour term (Appendix 2 concerns non-removal of violations)
        assert not Deadline.objects.for_case(case).filter(rule_code=rules.RESTRICTION_AFTER_NOTICE.code).exists()

        traveller.move_to(local(2026, 3, 2, 9, 0))
        take_step(case, "request_statistics", officer)
        case = refresh(case)
        assert case.state == PlatformCaseState.STATISTICS_REQUESTED and case.sts == world["sts_org"]
        answer = Deadline.objects.for_case(case).open().get()
        assert answer.rule_code == rules.STATISTICS_ANSWER.code
        assert answer.awaiting_organisation == world["sts_org"]
        assert answer.due == local(2026, 3, 17, 23, 59, 59, 999999)  # 15 calendar days

        with pytest.raises(TransitionRefused):  # nothing entered yet (p. 8)
            take_step(case, "submit_statistics", sts)
        traveller.shift(timedelta(days=10))
        sample_statistics(case, sts)
        take_step(case, "submit_statistics", sts)
        case = refresh(case)
        assert case.state == PlatformCaseState.STATISTICS_RECEIVED
        assert Deadline.objects.for_case(case).get(rule_code=rules.STATISTICS_ANSWER.code).met_at is not None

        with pytest.raises(TransitionRefused) as refusal:  # the elapsed time allows 10 %, not 50 %
            take_step(case, "issue_throttle_instruction", officer, level=50)
        assert "9-тармағы" in str(refusal.value) and "10" in str(refusal.value)
        assert not ThrottleInstruction.objects.filter(case=case).exists()
        assert refresh(case).state == PlatformCaseState.STATISTICS_RECEIVED

        take_step(case, "issue_throttle_instruction", officer)
        case = refresh(case)
        first = case.current_instruction
        assert case.state == PlatformCaseState.THROTTLED and first.level == 10
        assert first.rows.count() == TrafficStatistic.objects.filter(case=case).count() == 12
        for row in first.rows.all():
            assert row.limit_kbps == int(row.peak_kbps * Decimal("0.9"))
        letter = OutgoingLetter.objects.get(pk=first.letter_id)
        assert letter.form_code == "s004-app3" and letter.addressee_organisation == world["sts_org"]
        assert letter.data["notice_register_number"] == notice.register_number
        assert letter.data["notice_date"] == "2026-01-12"
        assert [r["limit_kbps"] for r in letter.data["limits"]] == [r.limit_kbps for r in first.rows.all()]
        report = Deadline.objects.for_case(case).open().get(rule_code=rules.THROTTLE_REPORT.code)
        assert report.due == first.issued_at + timedelta(days=10)
        window = Deadline.objects.for_case(case).open().get(rule_code=rules.THROTTLE_WINDOWS[10].code)
        assert window.due == EIGHT_MONTHS_END and window.awaiting_organisation == world["committee"]
        assert report.awaiting_organisation == world["sts_org"]

        with pytest.raises(TransitionRefused):  # the 8-month window has not passed
            take_step(case, "escalate_throttling", officer)

        traveller.shift(timedelta(days=2))
        with pytest.raises(TransitionRefused) as refusal:  # only the STS reports
            take_step(case, "report_execution", officer, report="x")
        assert refusal.value.status == 403
        take_step(case, "report_execution", sts, report="Шектеулер 20 өңірлік объектіде енгізілді")
        first.refresh_from_db()
        assert first.executed_at and first.reported_by == sts
        assert Deadline.objects.for_case(case).get(rule_code=rules.THROTTLE_REPORT.code).met_at is not None
        with pytest.raises(TransitionRefused):  # already reported
            take_step(refresh(case), "report_execution", sts, report="again")

        # the last moment of the eight months (moved off the weekend): still the 10 % window
        traveller.move_to(EIGHT_MONTHS_END)
        assert refresh(case).allowed_throttle_level() == 10
        with pytest.raises(TransitionRefused):
            take_step(case, "escalate_throttling", officer)

        traveller.move_to(local(2026, 9, 15, 0, 0) + timedelta(hours=1))
        case = refresh(case)
        assert case.next_level_available
        with pytest.raises(TransitionRefused) as refusal:
            take_step(case, "escalate_throttling", officer, level=90)
        assert "50" in str(refusal.value)
        take_step(case, "escalate_throttling", officer)
        case = refresh(case)
        assert case.current_instruction.level == 50
        deadlines = Deadline.objects.for_case(case)
        assert deadlines.get(rule_code=rules.THROTTLE_WINDOWS[10].code).met_at is not None
        assert deadlines.open().get(rule_code=rules.THROTTLE_WINDOWS[50].code).due == local(2027, 1, 12, 23, 59, 59, 999999)
        assert [r.limit_kbps for r in case.current_instruction.rows.all()] == [
            int(r.peak_kbps / 2) for r in case.current_instruction.rows.all()
        ]

        traveller.move_to(local(2027, 1, 13, 0, 0) + timedelta(seconds=1))
        # the next level needs the STS's report on the instruction in force (Appendix 3 p. 2)
        take_step(refresh(case), "report_execution", sts, report="50 % шектеулер енгізілді")
        take_step(refresh(case), "escalate_throttling", officer, level=90)
        case = refresh(case)
        assert case.current_instruction.level == 90
        assert not case.next_level_available
        assert not Deadline.objects.for_case(case).open().filter(rule_code__startswith="s004.throttle_window").exists()

        traveller.move_to(local(2027, 7, 13, 0, 0) + timedelta(minutes=1))  # beyond 1 year 6 months (to the end of Monday 12 July 2027)
        case = refresh(case)
        assert case.allowed_throttle_level() is None
        with pytest.raises(TransitionRefused) as refusal:
            take_step(case, "escalate_throttling", officer)
        assert "9-тармағы" in str(refusal.value)

        take_step(case, "lift_limits", officer, representative="«Example Video KZ» ЖШС, Алматы қ.")
        case = refresh(case)
        assert case.state == PlatformCaseState.LIMITS_LIFTED and case.closed_at
        assert case.platform.legal_representative.startswith("«Example Video KZ»")
        lift = ThrottleInstruction.objects.get(case=case, kind=ThrottleInstruction.Kind.LIFT)
        assert lift.level == 0
        assert not Deadline.objects.for_case(case).open().exists()
        levels = list(
            ThrottleInstruction.objects.filter(case=case, kind="throttle").order_by("issued_at").values_list("level", flat=True)
        )
        assert levels == [10, 50, 90]
        assert OutgoingLetter.objects.for_case(case).filter(form_code="s004-app3").count() == 3

        events = case_events(case, officer)  # the one timeline builder (cases.timeline)
        assert [e.at for e in events] == sorted(e.at for e in events)
        kinds = {e.kind for e in events}
        assert {"letter", "transition", "deadline"} <= kinds
        assert any(e.kind == "transition" and e.title == str(PlatformCase.report_execution._django_fsm.transitions[
            PlatformCaseState.THROTTLED].custom["label"]) for e in events)  # the STS's execution reports
        citations = " ".join(e.detail for e in events)
        for citation in ("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы", "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы", "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы"):
            assert citation in citations


def test_request_outside_the_eight_month_window_is_refused(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = noticed_case(world)
        traveller.move_to(EIGHT_MONTHS_END + timedelta(microseconds=1))
        with pytest.raises(TransitionRefused) as refusal:
            take_step(case, "request_statistics", world["officer"])
        assert "7-тармағы" in str(refusal.value)
        case = refresh(case)
        assert case.state == PlatformCaseState.NOTICE_SENT and case.sts is None


def test_six_hour_term_runs_from_receipt_of_the_notice_for_identified_violations(world):
    with time_machine.travel(local(2026, 2, 3, 15, 0), tick=False) as traveller:
        case = PlatformCaseFactory(organisation=world["committee"], content_to_remove="«qazaq_truth_2026» аккаунтындағы бейнежазба")
        take_step(case, "detect", world["officer"])
        take_step(refresh(case), "send_notice", world["officer"])
        case = refresh(case)
        with pytest.raises(TransitionRefused):  # receipt not recorded yet
            take_step(case, "order_restriction_after_notice", world["officer"], basis="x")
        traveller.shift(timedelta(hours=5))
        take_step(case, "record_notice_receipt", world["officer"], occurred_at=local(2026, 2, 3, 18, 30))
        case = refresh(case)
        term = Deadline.objects.for_case(case).open().get(rule_code=rules.RESTRICTION_AFTER_NOTICE.code)
        assert term.start == local(2026, 2, 3, 18, 30)
        assert term.due == local(2026, 2, 4, 0, 30)  # six clock hours
        assert "2-қосымша" in term.citation
        traveller.shift(timedelta(hours=3))
        take_step(case, "order_restriction_after_notice", world["officer"], basis="Бұзушылықтар жойылмады")
        case = refresh(case)
        assert case.state == PlatformCaseState.NOTICE_SENT and case.restriction_ordered_at
        term.refresh_from_db()
        assert term.met_at == local(2026, 2, 3, 23, 0) and not term.is_overdue()
        with pytest.raises(TransitionRefused):
            take_step(case, "order_restriction_after_notice", world["officer"], basis="again")


def test_representative_appointed_closes_the_case(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False):
        case = noticed_case(world)
        take_step(case, "confirm_representative", world["officer"], representative="Иванов И.И., Астана қ.")
        case = refresh(case)
        assert case.state == PlatformCaseState.REPRESENTATIVE_APPOINTED
        assert not Deadline.objects.for_case(case).open().exists()
        assert not case.platform.breaches_legal_representative_requirement


def test_statistics_rows_are_all_or_nothing(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False):
        case = noticed_case(world)
        take_step(case, "request_statistics", world["officer"])
        case = refresh(case)
        region, other = regions(2)
        with pytest.raises(StatisticsRejected) as rejected:
            record_statistics(
                case,
                [
                    StatisticRow(region, time(0), time(6), Decimal(100)),
                    StatisticRow(other, time(0), time(6), Decimal(100)),
                    StatisticRow(region, time(5), time(7), Decimal(100)),  # overlaps row 0
                    StatisticRow(other, time(6), time(12), Decimal(-1)),
                ],
            )
        errors = rejected.value.row_errors
        assert errors[0] == {} and errors[1] == {}
        assert "7-тармағы" in errors[2]["period_start"][0]
        assert "8-тармағы" in errors[3]["peak_kbps"][0]
        assert not TrafficStatistic.objects.filter(case=case).exists()
        record_statistics(case, [StatisticRow(region, time(22), time(6), Decimal(5))])
        with pytest.raises(StatisticsRejected):  # overlaps the saved 22:00–06:00 past midnight
            record_statistics(case, [StatisticRow(region, time(1), time(2), Decimal(5))])
        assert TrafficStatistic.objects.filter(case=case).count() == 1
        assert ThrottleLimit.objects.count() == 0
