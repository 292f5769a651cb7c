"""The Appendix 2 letter (s001-app2) for the letter channel (seed 001 p. 9)."""

import pytest

from cases.steps import take_step
from cases.violations.services import appendix_2_data
from forms_kz.models import OutgoingLetter

from .factories import complete_report

LETTER = {"channel": "letter", "signatory_position": "Бас прокурордың орынбасары", "signatory_name": "Тұрсынов Марат Қайратұлы"}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["prosecutor_manager", "prosecutor_reporter"])
def test_letter_channel_issues_appendix_2_linked_to_the_case(demo, username):
    report = complete_report(
        demo, reporter=username,
        facts=(("url", "https://мысал.қаз/жол"), ("protocol", "https"), ("imei", "356938035643809")), **LETTER,
    )
    take_step(report, "submit", demo["users"][username])
    letter = OutgoingLetter.objects.for_case(report).get()
    assert letter.form_code == "s001-app2"
    assert letter.register_number and letter.issued_at and letter.pdf
    assert letter.organisation == demo["organisations"]["prosecutor"]
    assert letter.signatory_name == "Тұрсынов Марат Қайратұлы"
    rows = letter.data["facts"]
    assert rows[0] == {"resource": "https://мысал.қаз/жол (https://xn--80awbu3c.xn--80ao21a/%D0%B6%D0%BE%D0%BB)", "protocol": "HTTPS"}
    assert rows[1] == {"resource": "Деректерді беру желісі хаттамасының типі: HTTPS"}  # its own line, not on others
    assert rows[2]["imei"] == "356938035643809"
    assert letter.data["lawfulness_confirmed"] is True


@pytest.mark.django_db
def test_system_channel_issues_no_letter(demo):
    report = complete_report(demo)
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    assert not OutgoingLetter.objects.for_case(report).exists()


@pytest.mark.django_db
def test_appendix_2_data_names_the_authorised_body_and_norm(demo):
    report = complete_report(demo, **LETTER)
    data = appendix_2_data(report)
    assert data["authorised_body_name"] == demo["organisations"]["info_committee"].name_kk
    assert data["legal_norm"].endswith("15-бап")
    assert data["violation_type"] == report.violation_type.name_kk
