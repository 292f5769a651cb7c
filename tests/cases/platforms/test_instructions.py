"""The restriction instruction (Art. 41-1 of the Law on Communications) and the instruction lifting
the limits are documents: register-numbered letters linked to the case, addressed as seed 004 and
the Law say; the STS's execution-report term closes as met only by its report (Appendix 3 p. 2)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import Deadline, DeadlineOutcome
from cases.platforms import rules
from cases.platforms.models import PlatformCaseState, ThrottleInstruction
from cases.steps import take_step
from forms_kz.codes import FormCode
from forms_kz.models import LetterState, OutgoingLetter
from forms_kz.schemas import S004_APP3_DEFAULT_ADDRESSEES
from registries.security import issue_api_token

from .conftest import local, sample_statistics
from .factories import ContentCaseFactory, EvidenceFactory, PlatformCaseFactory

pytestmark = pytest.mark.django_db


def refresh(case):
    case.refresh_from_db()
    return case


def warned_case(world):
    case = ContentCaseFactory(organisation=world["committee"])
    EvidenceFactory(case=case, url="https://video.example.com/watch?v=Qx81kLz")
    take_step(case, "detect", world["officer"])
    take_step(refresh(case), "send_warning", world["officer"])
    return refresh(case)


@time_machine.travel(local(2026, 2, 2, 9, 30), tick=False)
def test_order_restriction_issues_a_numbered_instruction_to_the_sts_and_the_operators(world, client):
    case = warned_case(world)
    warning = OutgoingLetter.objects.for_case(case).get(form_code=FormCode.S004_APP1)
    take_step(case, "order_restriction", world["officer"], basis="Хат елеусіз қалды; ақпарат жойылмады")
    case = refresh(case)
    assert case.state == PlatformCaseState.RESTRICTION_ORDERED and case.is_final
    assert case.sts == world["sts_org"]

    letter = OutgoingLetter.objects.for_case(case).get(form_code=FormCode.S004_RESTRICTION)
    assert letter.state == LetterState.ISSUED and letter.register_number and letter.pdf
    assert letter.addressee_organisation == world["sts_org"]
    assert "Мемлекеттік техникалық қызмет" in letter.addressee and "байланыс операторлары" in letter.addressee.lower()
    assert letter.data["earlier_letter_number"] == warning.register_number
    assert letter.data["basis"].startswith("Хат елеусіз")
    assert [m["url"] for m in letter.data["materials"]] == ["https://video.example.com/watch?v=Qx81kLz"]

    instruction = ThrottleInstruction.objects.get(case=case)
    assert instruction.kind == ThrottleInstruction.Kind.RESTRICT
    assert instruction.letter_id == letter.pk and instruction.register_number == letter.register_number

    client.force_login(world["officer"])
    page = client.get(reverse("admin:platforms_platformcase_change", args=[case.pk])).content.decode()
    assert letter.register_number in page

    # the STS reads the instruction addressed to it, with its PDF
    api = APIClient()
    _record, token = issue_api_token(world["sts"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get("/api/v1/throttle-instructions/").json()["results"]
    assert [(i["kind"], i["register_number"]) for i in listing] == [("restrict", letter.register_number)]
    assert "/api/v1/letters/" in listing[0]["letter_pdf"]


@time_machine.travel(local(2026, 2, 2, 9, 30), tick=False)
def test_a_restriction_without_grounds_is_refused_and_issues_nothing(world):
    from cases.services import TransitionRefused

    case = warned_case(world)
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "order_restriction", world["officer"], basis="  ")
    assert refusal.value.status == 400 and "basis" in refusal.value.errors
    assert refresh(case).state == PlatformCaseState.WARNING_SENT
    assert not OutgoingLetter.objects.for_case(case).filter(form_code=FormCode.S004_RESTRICTION).exists()
    assert not ThrottleInstruction.objects.filter(case=case).exists()


def test_restriction_after_the_notice_cites_the_notice_and_its_receipt(world):
    with time_machine.travel(local(2026, 2, 3, 15, 0), tick=False) as traveller:
        case = PlatformCaseFactory(organisation=world["committee"], content_to_remove="«qazaq_truth_2026» аккаунтындағы бейнежазба")
        take_step(case, "detect", world["officer"])
        take_step(refresh(case), "send_notice", world["officer"])
        traveller.shift(timedelta(hours=4))
        take_step(refresh(case), "record_notice_receipt", world["officer"])
        traveller.shift(timedelta(hours=3))
        take_step(refresh(case), "order_restriction_after_notice", world["officer"], basis="Бұзушылықтар жойылмады")
        case = refresh(case)
        letter = OutgoingLetter.objects.for_case(case).get(form_code=FormCode.S004_RESTRICTION)
        assert letter.data["road"] == "notice"
        assert letter.data["earlier_letter_number"] == case.notice_register_number
        assert letter.data["notice_received_date"] == "2026-02-03"
        term = Deadline.objects.for_case(case).get(rule_code=rules.RESTRICTION_AFTER_NOTICE.code)
        assert term.outcome == DeadlineOutcome.MET


def throttled(world, traveller):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"])
    take_step(refresh(case), "send_notice", world["officer"])
    take_step(refresh(case), "request_statistics", world["officer"])
    sample_statistics(refresh(case), world["sts"], n_regions=1)
    traveller.shift(timedelta(days=1))
    take_step(refresh(case), "submit_statistics", world["sts"])
    traveller.shift(timedelta(hours=1))
    take_step(refresh(case), "issue_throttle_instruction", world["officer"])
    return refresh(case)


def test_lifting_is_a_numbered_letter_to_the_sts_and_the_analysis_centre(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = throttled(world, traveller)
        throttle = case.current_instruction
        traveller.shift(timedelta(days=3))
        take_step(case, "lift_limits", world["officer"], representative="«Example Video KZ» ЖШС, Алматы қ.")
        case = refresh(case)
        assert case.state == PlatformCaseState.LIMITS_LIFTED
        lift = ThrottleInstruction.objects.get(case=case, kind=ThrottleInstruction.Kind.LIFT)
        letter = OutgoingLetter.objects.get(pk=lift.letter_id)
        assert letter.form_code == FormCode.S004_LIFTING and letter.state == LetterState.ISSUED
        assert lift.register_number == letter.register_number and letter.register_number
        assert letter.addressee == "; ".join(S004_APP3_DEFAULT_ADDRESSEES)
        assert letter.addressee_organisation == world["sts_org"]
        assert letter.data["representative"].startswith("«Example Video KZ»")
        assert letter.data["notice_register_number"] == case.notice_register_number
        assert [i["register_number"] for i in letter.data["instructions"]] == [throttle.register_number]


def test_lifting_closes_the_unreported_execution_term_as_not_applicable_not_met(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = throttled(world, traveller)
        report = Deadline.objects.for_case(case).open().get(rule_code=rules.THROTTLE_REPORT.code)
        take_step(case, "lift_limits", world["officer"], representative="Иванов И.И., Астана қ.")
        report.refresh_from_db()
        assert report.outcome == DeadlineOutcome.NOT_APPLICABLE
        assert not Deadline.objects.for_case(case).filter(outcome=DeadlineOutcome.MET, rule_code__startswith="s004.throttle").exists()
        assert not Deadline.objects.for_case(case).open().exists()


def test_only_the_report_meets_the_execution_term(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = throttled(world, traveller)
        traveller.shift(timedelta(days=2))
        take_step(case, "report_execution", world["sts"], report="Шектеулер енгізілді")
        report = Deadline.objects.for_case(case).get(rule_code=rules.THROTTLE_REPORT.code)
        assert report.outcome == DeadlineOutcome.MET and report.met_at == local(2026, 1, 15, 11, 0)


def test_a_representative_appointed_closes_the_open_terms_as_not_applicable(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False):
        case = PlatformCaseFactory(organisation=world["committee"])
        take_step(case, "detect", world["officer"])
        take_step(refresh(case), "send_notice", world["officer"])
        take_step(refresh(case), "request_statistics", world["officer"])
        take_step(refresh(case), "confirm_representative", world["officer"], representative="Иванов И.И.")
        answer = Deadline.objects.for_case(case).get(rule_code=rules.STATISTICS_ANSWER.code)
        assert answer.outcome == DeadlineOutcome.NOT_APPLICABLE
        notice = Deadline.objects.for_case(case).get(rule_code=rules.NOTICE.code)
        assert notice.outcome == DeadlineOutcome.MET
