"""The register: drafting, issuing (number, PDF, SHA-256, lock), refusals, cancelling, scoping."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forms_kz.models import LetterCounter, LetterState, OutgoingLetter
from forms_kz.services import LetterIncomplete, cancel_letter, draft_letter, issue_letter, render_letter

from .factories import issuer, make_draft

pytestmark = pytest.mark.django_db


def test_issue_numbers_renders_hashes_and_locks(demo):
    letter = make_draft(demo, "s004-app1")
    assert letter.state == LetterState.DRAFT and not letter.register_number
    issue_letter(letter, by=demo["users"]["officer"])
    letter.refresh_from_db()
    org = demo["organisations"]["info_committee"]
    assert letter.state == LetterState.ISSUED
    assert letter.register_number == f"{org.pk:03d}-ШХ/{letter.issued_at.astimezone().year}/000001"
    assert letter.issued_by == demo["users"]["officer"]
    content = letter.pdf.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == letter.sha256
    assert letter.verification_url == f"https://compliance.example.kz/verify/{letter.verification_token}/"
    assert letter.history.filter(state=LetterState.ISSUED).exists()


def test_sequence_continues_per_organisation_and_year(demo):
    officer = demo["users"]["officer"]
    numbers = []
    for _ in range(3):
        letter = make_draft(demo, "s004-app2")
        issue_letter(letter, by=officer)
        numbers.append(letter.sequence)
    other = make_draft(demo, "s000-demand")
    issue_letter(other, by=demo["users"]["penitentiary"])
    assert numbers == [1, 2, 3]
    assert other.sequence == 1  # its own organisation's counter
    assert LetterCounter.objects.get(organisation=demo["organisations"]["info_committee"]).last == 3


def test_rerendering_an_issued_letter_is_byte_identical(demo):
    letter = make_draft(demo, "s004-app3")
    issue_letter(letter, by=demo["users"]["officer"])
    letter = OutgoingLetter.objects.get(pk=letter.pk)
    first = render_letter(letter)
    second = render_letter(letter)
    assert first == second
    assert hashlib.sha256(first).hexdigest() == letter.sha256
    assert letter.pdf.read() == first


def test_missing_required_fields_refuse_issue_and_store_nothing(demo):
    letter = make_draft(demo, "s000-demand", kind="", devices=[{"imei": "356938035643809", "phone": ""}])
    with pytest.raises(LetterIncomplete) as refusal:
        issue_letter(letter, by=demo["users"]["penitentiary"])
    assert refusal.value.missing == ["kind", "devices[0].phone"]
    assert set(refusal.value.message_dict) == {"kind", "devices[0].phone"}
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT
    assert not letter.register_number and not letter.pdf and not letter.sha256
    assert not LetterCounter.objects.exists()


def test_missing_signatory_refused(demo):
    letter = make_draft(demo, "s004-app2", signatory_name="")
    with pytest.raises(LetterIncomplete) as refusal:
        issue_letter(letter, by=demo["users"]["officer"])
    assert "signatory_name" in refusal.value.missing


def test_malformed_values_refused_at_draft(demo):
    with pytest.raises(ValidationError) as refusal:
        make_draft(demo, "s004-app3", notice_date="2 наурыз", limits=[{"regional_object": "Астана",
                                                                      "limit_kbps": "жүз", "period": "00-06"}])
    assert {"notice_date", "limits[0].limit_kbps"} <= set(refusal.value.message_dict)
    assert not OutgoingLetter.objects.exists()


def test_unknown_form_and_wrong_issuer_kind_refused(demo):
    with pytest.raises(ValidationError) as refusal:
        draft_letter(form_code="s999", data={}, organisation=demo["organisations"]["info_committee"],
                     addressee="x")
    assert "form_code" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        make_draft(demo, "s000-demand", organisation=demo["organisations"]["info_committee"])
    assert "organisation" in refusal.value.message_dict


def test_other_organisation_or_role_cannot_issue(demo):
    letter = make_draft(demo, "s004-app1")
    for username in ("prosecutor_manager", "sts", "kcell"):
        with pytest.raises(PermissionDenied):
            issue_letter(letter, by=demo["users"][username])
    reporter_letter = make_draft(demo, "s001-app1")
    with pytest.raises(PermissionDenied):  # data entry may draft but not sign
        issue_letter(reporter_letter, by=demo["users"]["prosecutor_reporter"])
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT and not LetterCounter.objects.exists()


def test_issued_letter_cannot_change_or_be_deleted_or_reissued(demo):
    letter = make_draft(demo, "s004-app1")
    issue_letter(letter, by=demo["users"]["officer"])
    letter.data = {**letter.data, "violation_type": "өзгертілген"}
    with pytest.raises(ValidationError):
        letter.save()
    letter = OutgoingLetter.objects.get(pk=letter.pk)
    letter.addressee = "басқа"
    with pytest.raises(ValidationError):
        letter.save()
    letter = OutgoingLetter.objects.get(pk=letter.pk)
    with pytest.raises(ValidationError):
        letter.delete()
    with pytest.raises(ValidationError):
        issue_letter(letter, by=demo["users"]["officer"])
    assert OutgoingLetter.objects.get(pk=letter.pk).data["violation_type"] != "өзгертілген"


def test_cancel_needs_reason_and_right(demo):
    letter = make_draft(demo, "s004-app1")
    issue_letter(letter, by=demo["users"]["officer"])
    sha = letter.sha256
    with pytest.raises(PermissionDenied):
        cancel_letter(letter, by=demo["users"]["officer"], reason="қате")  # officer has no cancel right
    with pytest.raises(PermissionDenied):
        cancel_letter(letter, by=demo["users"]["prosecutor_manager"], reason="қате")
    with pytest.raises(ValidationError):
        cancel_letter(letter, by=demo["users"]["supervisor"], reason="  ")
    letter = OutgoingLetter.objects.get(pk=letter.pk)
    assert letter.state == LetterState.ISSUED
    cancel_letter(letter, by=demo["users"]["supervisor"], reason="Мекенжай қате көрсетілген")
    letter.refresh_from_db()
    assert letter.state == LetterState.CANCELLED and letter.cancel_reason and letter.sha256 == sha
    with pytest.raises(ValidationError):
        cancel_letter(letter, by=demo["users"]["supervisor"], reason="тағы")


def test_scoping_issuer_and_addressee_only(demo):
    sts = demo["organisations"]["sts"]
    draft = make_draft(demo, "s004-app3", addressee_organisation=sts)
    assert not OutgoingLetter.objects.visible_to(demo["users"]["sts"]).exists()  # drafts stay internal
    issue_letter(draft, by=demo["users"]["officer"])
    assert list(OutgoingLetter.objects.visible_to(demo["users"]["sts"])) == [draft]
    assert not OutgoingLetter.objects.visible_to(demo["users"]["kcell"]).exists()
    assert not OutgoingLetter.objects.visible_to(demo["users"]["prosecutor_manager"]).exists()
    assert OutgoingLetter.objects.visible_to(demo["users"]["officer"]).count() == 1


def test_for_case_links_letters_to_a_case(demo):
    platform_case = demo["organisations"]["kcell"]  # any model instance works as the generic target
    letter = make_draft(demo, "s004-app1", case=platform_case)
    make_draft(demo, "s004-app1")
    assert list(OutgoingLetter.objects.for_case(platform_case)) == [letter]
    assert letter.case == platform_case


def test_draft_preview_is_watermarked_and_unnumbered(demo):
    from io import BytesIO

    from pypdf import PdfReader

    letter = make_draft(demo, "s004-app2")
    text = PdfReader(BytesIO(render_letter(letter))).pages[0].extract_text()
    assert "ЖОБА" in text
    assert "ШХ/" not in text
    issue_letter(letter, by=issuer(demo, "s004-app2"))
    text = PdfReader(BytesIO(letter.pdf.read())).pages[0].extract_text()
    assert "ЖОБА" not in text and letter.register_number in text


def test_device_codes_and_phone_validated_per_row(demo):
    with pytest.raises(ValidationError) as refusal:
        make_draft(demo, "s000-demand", devices=[{"imei": "356938035643800", "phone": "+77172123456"}])
    assert set(refusal.value.message_dict) == {"devices[0].imei", "devices[0].phone"}
    assert not OutgoingLetter.objects.exists()
