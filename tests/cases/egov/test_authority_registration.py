"""Seed 002 p. 10 para 6: "Мемлекеттік қызметтер көрсету сапасын бағалау және бақылау жөніндегі
уәкілетті органның атына келіп түскен көрсетілетін қызметті алушының шағымы оны тіркелген күннен
бастап 15 (он бес) жұмыс күні ішінде қаралуға жатады." The 15 working days run from the
authority's OWN registration (recorded when the forwarded complaint is registered there), and the
decision letter prints the registration and the last day the computed term has."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from cases.egov import rules
from cases.egov.models import ComplaintState
from cases.egov.services import complaint_dismiss, complaint_forward, complaint_register_at_authority
from cases.models import Deadline
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves
from forms_kz.forms import render
from forms_kz.models import OutgoingLetter

from .factories import make_complaint

ALMATY = ZoneInfo("Asia/Almaty")
URL = "/api/v1/complaints/"
ARRIVED = datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY)  # Monday
FORWARDED = datetime(2026, 11, 17, 15, 0, tzinfo=ALMATY)
REGISTERED_THERE = datetime(2026, 11, 20, 9, 30, tzinfo=ALMATY)  # Friday, three days after forwarding

pytestmark = pytest.mark.django_db


def at(moment):
    return time_machine.travel(moment, tick=False)


def forwarded(demo, body="quality_body"):
    with at(datetime(2026, 11, 17, 16, 0, tzinfo=ALMATY)):
        complaint = make_complaint(demo, body=body, received_at=ARRIVED)
        complaint_forward(case=complaint, actor=demo["users"]["provider"], administrative_case="Әкімшілік іс.",
                          occurred_at=FORWARDED)
    return complaint


def review(complaint, rule=rules.COMPLAINT_REVIEW_QUALITY_BODY):
    return Deadline.objects.for_case(complaint).get(rule_code=rule.code)


def pdf_text(letter) -> str:
    ctx = {"register_number": letter.register_number, "issued_at": letter.issued_at,
           "issuer_name": letter.organisation.name_kk, "addressee": letter.addressee,
           "signatory_position": letter.signatory_position, "signatory_name": letter.signatory_name}
    reader = PdfReader(io.BytesIO(render(letter.form_code, letter.data, ctx)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_fifteen_days_run_from_the_authoritys_own_registration(demo, as_user):
    complaint = forwarded(demo)
    with at(datetime(2026, 11, 23, 11, 0, tzinfo=ALMATY)):
        response = as_user("quality").post(f"{URL}{complaint.pk}/register-at-authority/", {
            "registration_number": "СБ-2026/118", "occurred_at": REGISTERED_THERE.isoformat(),
        }, format="json")
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED_BY_AUTHORITY
    assert complaint.authority_registered_at == REGISTERED_THERE
    assert complaint.authority_registration_number == "СБ-2026/118"
    term = review(complaint)
    assert term.start == REGISTERED_THERE  # not the provider's registration on 16 November
    assert term.due == rules.COMPLAINT_REVIEW_QUALITY_BODY.due(REGISTERED_THERE)
    assert term.due.astimezone(ALMATY).date().isoformat() == "2026-12-11"  # 15 working days from Fri 20 Nov
    assert term.due > rules.COMPLAINT_REVIEW_QUALITY_BODY.due(complaint.registered_at)
    assert term.awaiting_organisation == demo["organisations"]["quality_body"]
    assert "10-тармағының 6-абзацы" in term.citation


def test_the_decision_letter_prints_the_same_registration_and_last_day(demo):
    complaint = forwarded(demo)
    with at(datetime(2026, 11, 20, 12, 0, tzinfo=ALMATY)):
        complaint_register_at_authority(case=complaint, actor=demo["users"]["quality"], registration_number="СБ-2026/118",
                                        occurred_at=REGISTERED_THERE)
    with at(datetime(2026, 12, 2, 12, 0, tzinfo=ALMATY)):
        complaint_dismiss(case=complaint, actor=demo["users"]["quality"], reasons="Қызмет мерзімінде көрсетілген.")
    letter = OutgoingLetter.objects.for_case(complaint).get()
    term = review(complaint)
    assert term.met_at is not None
    assert letter.data["complaint_registered"] == "2026-11-20"
    assert letter.data["complaint_number"] == "СБ-2026/118"
    assert letter.data["review_due"] == term.due.astimezone(ALMATY).date().isoformat() == "2026-12-11"
    text = pdf_text(letter)
    assert ("2026 жылғы 16 қарашада келіп түскен, мемлекеттік қызметтер көрсету сапасын бағалау және бақылау "
            "жөніндегі уәкілетті органда 2026 жылғы 20 қарашада № СБ-2026/118 болып тіркелген шағым қаралды.") in text
    assert ("уәкілетті органның атына келіп түскен шағым оны тіркелген күннен бастап 15 (он бес) жұмыс күні ішінде "
            "қаралуға жатады (мерзімнің соңғы күні – 11.12.2026).") in text


def test_the_higher_bodys_letter_prints_the_providers_registration_and_its_term(demo):
    """p. 10 para 5: "… оны тіркеген күннен бастап 5 (бес) жұмыс күні ішінде қаралуға жатады"."""
    complaint = forwarded(demo, body="complaint_body")
    with at(datetime(2026, 11, 19, 12, 0, tzinfo=ALMATY)):
        complaint_dismiss(case=complaint, actor=demo["users"]["complaints"], reasons="Негіз жоқ.")
    letter = OutgoingLetter.objects.for_case(complaint).get()
    term = review(complaint, rules.COMPLAINT_REVIEW_PROVIDER_SIDE)
    assert term.start == complaint.registered_at
    assert letter.data["complaint_registered"] == "2026-11-16"
    assert letter.data["complaint_number"] == complaint.registration_number
    assert letter.data["review_due"] == term.due.astimezone(ALMATY).date().isoformat() == "2026-11-23"
    text = pdf_text(letter)
    assert f"2026 жылғы 16 қарашада № {complaint.registration_number} болып тіркелген шағым қаралды." in text
    assert "оны тіркеген күннен бастап 5 (бес) жұмыс күні ішінде қаралуға жатады (мерзімнің соңғы күні – 23.11.2026)." in text


def test_no_decision_before_the_authority_registers_the_complaint(demo, as_user):
    complaint = forwarded(demo)
    reviewer = demo["users"]["quality"]
    judged = {move.name: move for move in moves(complaint, reviewer)}
    assert judged["register_at_authority"].status == MoveStatus.AVAILABLE
    for name in ("uphold", "dismiss"):
        assert judged[name].status == MoveStatus.BLOCKED
        assert "10-тармағының 6-абзацы" in str(judged[name].unmet[0])
    response = as_user("quality").post(f"{URL}{complaint.pk}/dismiss/", {"reasons": "Негіз жоқ."}, format="json")
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED
    assert not OutgoingLetter.objects.for_case(complaint).exists()


def test_only_the_quality_authority_registers_it_and_only_with_a_number(demo, as_user):
    higher = forwarded(demo, body="complaint_body")
    judged = {move.name: move for move in moves(higher, demo["users"]["complaints"])}
    assert judged["register_at_authority"].status == MoveStatus.BLOCKED
    with pytest.raises(TransitionRefused):
        complaint_register_at_authority(case=higher, actor=demo["users"]["complaints"], registration_number="X-1")
    complaint = forwarded(demo)
    response = as_user("quality").post(f"{URL}{complaint.pk}/register-at-authority/", {"registration_number": ""},
                                       format="json")
    assert response.status_code == 400 and "registration_number" in response.json()
    response = as_user("provider").post(f"{URL}{complaint.pk}/register-at-authority/", {"registration_number": "X-1"},
                                        format="json")
    assert response.status_code in (403, 404)
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED and complaint.authority_registered_at is None


def test_a_registration_before_the_forwarding_is_refused(demo, as_user):
    complaint = forwarded(demo)
    with at(datetime(2026, 11, 20, 12, 0, tzinfo=ALMATY)):
        response = as_user("quality").post(f"{URL}{complaint.pk}/register-at-authority/", {
            "registration_number": "СБ-2026/118", "occurred_at": datetime(2026, 11, 17, 9, 0, tzinfo=ALMATY).isoformat(),
        }, format="json")
    assert response.status_code == 400 and "occurred_at" in response.json()["fields"]
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.FORWARDED
    assert not Deadline.objects.for_case(complaint).filter(rule_code=rules.COMPLAINT_REVIEW_QUALITY_BODY.code).exists()
