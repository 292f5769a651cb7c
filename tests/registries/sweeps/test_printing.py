import pytest

from registries.sweeps.printing import period_label, print_sweep_list, sweep_letter_data
from registries.sweeps.services import form_sweep, set_exclusion

from .factories import member

forms_services = pytest.importorskip("forms_kz.services")


@pytest.fixture
def sweep(demo):
    member(demo["organisations"]["police"], username="a.tursynov", first_name="Асқар", last_name="Тұрсынов")
    member(demo["organisations"]["prosecutor"], username="d.abdirakhmanov")
    return form_sweep("2026-H1")[0]


def signer(demo):
    supervisor = demo["users"]["supervisor"]
    supervisor.profile.position = "Ақпарат комитеті төрағасының орынбасары"
    supervisor.profile.save()
    return supervisor


def test_letter_data_lists_the_not_excluded_accounts(demo, sweep):
    set_exclusion(sweep.entries.get(user__username="d.abdirakhmanov"), demo["users"]["officer"], True, "Іссапарда")
    data = sweep_letter_data(sweep, signer(demo))
    assert period_label(sweep) == "2026 жылғы I жартыжылдық"
    assert data["period_start"] == "2026-01-01" and data["period_end"] == "2026-06-30"
    assert [row["username"] for row in data["accounts"]] == ["a.tursynov"]
    assert data["accounts"][0]["full_name"] == "Асқар Тұрсынов" and data["accounts"][0]["last_activity"] is None
    assert data["signatory_name"] and data["note"] == sweep.rule_text


def test_print_issues_form_s001_sweep_once(demo, sweep, settings, tmp_path):
    from forms_kz.models import OutgoingLetter

    settings.MEDIA_ROOT = tmp_path
    supervisor = signer(demo)
    letter = print_sweep_list(sweep, supervisor)
    assert letter.form_code == "s001-sweep" and letter.register_number
    assert letter.pdf.read(4) == b"%PDF"
    assert print_sweep_list(sweep, supervisor).pk == letter.pk  # same content: no duplicate
    assert OutgoingLetter.objects.for_case(sweep).count() == 1


def test_print_refused_for_an_unnamed_signatory_leaves_nothing(demo, sweep):
    from django.core.exceptions import ValidationError

    from forms_kz.models import OutgoingLetter

    nameless = demo["users"]["supervisor"]
    nameless.first_name = nameless.last_name = ""
    nameless.is_superuser = True
    nameless.save()
    with pytest.raises(ValidationError):
        print_sweep_list(sweep, nameless)
    assert not OutgoingLetter.objects.exists()


def test_admin_print_action_returns_the_pdf(client, demo, sweep, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    supervisor = signer(demo)
    client.force_login(supervisor)
    response = client.post("/admin/sweeps/accountsweep/", {"action": "print_list", "_selected_action": [sweep.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_state_body_user_cannot_print(client, demo, sweep):
    from forms_kz.models import OutgoingLetter

    client.force_login(demo["users"]["prosecutor_manager"])
    response = client.post("/admin/sweeps/accountsweep/", {"action": "print_list", "_selected_action": [sweep.pk]})
    assert response.status_code == 403
    assert not OutgoingLetter.objects.exists()
