"""Irreversible decisions ask once more (cases/steps.py ``step(confirm=...)``, the admin's step
page): confirm / reject of every procedure, apply a sweep, accept a staff list, issue a letter.
Never one click: the case page links to the step's page, which says what will happen and asks
"yes, I confirm" / cancel; a posted button of such a step only opens that page. The API is
unaffected (confirmation is an interface matter). Step labels never collide with the page's own
controls (the case-closing step is not the page's "close")."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from rest_framework.test import APIClient

from cases.steps import confirmation_of, state_field, take_step, transition_named
from forms_kz.admin import ISSUE_CONSEQUENCE
from forms_kz.models import LetterState, OutgoingLetter
from tests.cases.test_steps import case_models
from tests.cases.violations.factories import complete_report, list_demo_reporters
from tests.forms_kz.factories import make_draft
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db

#: (model, step) — every irreversible decision the issue names, and the steps that end a case.
MUST_CONFIRM = [
    ("violations.ViolationReport", "confirm"),
    ("violations.ViolationReport", "confirm_by_reference"),
    ("violations.ViolationReport", "reject"),
    ("violations.ViolationReport", "order_restriction"),
    ("violations.ViolationReport", "close"),
    ("violations.ViolationReport", "withdraw"),
    ("egov.Complaint", "satisfy"),
    ("egov.Complaint", "uphold"),
    ("egov.Complaint", "dismiss"),
    ("egov.Complaint", "withdraw"),
    ("platforms.PlatformCase", "send_warning"),
    ("platforms.PlatformCase", "send_notice"),
    ("platforms.PlatformCase", "confirm_removal"),
    ("platforms.PlatformCase", "order_restriction"),
    ("platforms.PlatformCase", "order_restriction_after_notice"),
    ("platforms.PlatformCase", "confirm_representative"),
    ("platforms.PlatformCase", "issue_throttle_instruction"),
    ("platforms.PlatformCase", "escalate_throttling"),
    ("platforms.PlatformCase", "lift_limits"),
    ("platforms.PlatformCase", "withdraw"),
    ("devices.DeviceDemand", "send"),
    ("devices.DeviceDemand", "inform_requester"),
    ("devices.DeviceDemand", "withdraw"),
    ("sweeps.AccountSweep", "apply"),
    ("stafflists.StaffList", "accept"),
    ("stafflists.StaffList", "withdraw"),
]
MODELS = {model._meta.label: model for model in case_models()}
STEP_BUTTON = re.compile(r'name="_fsm_transition_to"\s+value="([^"]+)"')


@pytest.mark.parametrize(("label", "name"), MUST_CONFIRM)
def test_every_irreversible_decision_says_what_will_happen(label, name):
    transition = transition_named(MODELS[label], name)
    assert transition is not None, f"{label}.{name}"
    assert transition.custom.get("admin"), f"{label}.{name} is a button"
    with translation.override("kk"):
        assert len(confirmation_of(transition)) > 20, f"{label}.{name} has no consequence"


def test_steps_the_system_takes_never_ask():
    for model in case_models():
        for transition in state_field(model).get_all_transitions(model):
            if not transition.custom.get("admin"):
                assert not confirmation_of(transition), f"{model._meta.label}.{transition.name}"


# --- a notification's confirmation (seed 001 p. 10) ---------------------------------------


def change_url(case):
    return reverse(f"admin:{case._meta.app_label}_{case._meta.model_name}_change", args=[case.pk])


def step_url(case, name):
    return reverse(f"admin:{case._meta.app_label}_{case._meta.model_name}_transition", args=[case.pk, name])


@pytest.fixture
def in_review(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    list_demo_reporters(demo)
    report = complete_report(demo)
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    take_step(report, "take_into_review", demo["users"]["officer"])
    return report


def test_confirming_a_notification_is_never_one_click(client, demo, in_review):
    client.force_login(demo["users"]["officer"])
    with translation.override("kk"):
        page = client.get(change_url(in_review)).content.decode()
        assert "confirm" not in STEP_BUTTON.findall(page)  # no button posting the decision
        assert f'href="{step_url(in_review, "confirm")}"' in page  # a link to its page
        # a forged (or stale) post of the button only opens the confirmation page
        data = form_data(page, form_id="violationreport_form") | {"_fsm_transition_to": "confirm"}
        response = client.post(change_url(in_review), data)
        assert response.status_code == 302 and response["Location"] == step_url(in_review, "confirm")
        in_review.refresh_from_db()
        assert in_review.state == "in_review"

        confirmation = client.get(step_url(in_review, "confirm"))
        html = confirmation.content.decode()
        consequence = confirmation_of(transition_named(type(in_review), "confirm"))
        assert escape(consequence) in html
        assert gettext("Yes, I confirm") in html
        assert gettext("This decision cannot be undone.") in html
        assert f'href="{change_url(in_review)}" class="cancel-link"' in html
        cancel = html.split('class="cancel-link">', 1)[1].split("</a>", 1)[0]
        assert cancel == translation.pgettext("leave the step page", "Cancel")
        in_review.refresh_from_db()
        assert in_review.state == "in_review"  # showing the page decides nothing

        done = client.post(step_url(in_review, "confirm"), {"comment": ""})
        assert done.status_code == 302 and done["Location"] == change_url(in_review)
    in_review.refresh_from_db()
    assert in_review.state == "confirmed" and in_review.reviewer == demo["users"]["officer"]


def test_a_decision_with_a_form_asks_on_its_page(client, demo, in_review):
    client.force_login(demo["users"]["officer"])
    with translation.override("kk"):
        html = client.get(step_url(in_review, "reject")).content.decode()
        assert escape(confirmation_of(transition_named(type(in_review), "reject"))) in html
        assert gettext("Yes, I confirm") in html and 'name="grounds"' in html
        refused = client.post(step_url(in_review, "reject"), {"grounds": ""})
        assert refused.status_code == 200 and refused.context["transition_form"].errors
    in_review.refresh_from_db()
    assert in_review.state == "in_review"


def test_someone_else_cannot_reach_the_confirmation(client, demo, in_review):
    client.force_login(demo["users"]["prosecutor_reporter"])  # the reporter: not the reviewer's step
    response = client.get(step_url(in_review, "confirm"))
    assert response.status_code == 302 and response["Location"] == change_url(in_review)
    client.post(step_url(in_review, "confirm"), {"comment": ""})
    client.force_login(demo["users"]["police_reporter"])  # another organisation: not even the case
    assert client.get(step_url(in_review, "confirm")).status_code in (302, 404)
    in_review.refresh_from_db()
    assert in_review.state == "in_review"


def test_the_api_takes_the_decision_in_one_call(demo, in_review):
    api = APIClient()
    api.force_authenticate(demo["users"]["officer"])
    response = api.post(f"/api/v1/violation-reports/{in_review.pk}/confirm/", {}, format="json")
    assert response.status_code == 200, response.content
    in_review.refresh_from_db()
    assert in_review.state == "confirmed"


# --- apply a sweep (seed 001 p. 6) --------------------------------------------------------


@pytest.fixture
def sweep_under_review(demo):
    from registries.sweeps.services import form_sweep
    from tests.registries.sweeps.factories import member

    member(demo["organisations"]["police"], username="a.tursynov")
    sweep = form_sweep("2026-H1")[0]
    take_step(sweep, "start_review", demo["users"]["officer"])
    return sweep


def test_applying_a_sweep_asks_once_more(client, demo, sweep_under_review):
    sweep = sweep_under_review
    client.force_login(demo["users"]["supervisor"])
    with translation.override("kk"):
        page = client.get(change_url(sweep)).content.decode()
        assert "apply" not in STEP_BUTTON.findall(page)
        html = client.get(step_url(sweep, "apply")).content.decode()
        assert escape(confirmation_of(transition_named(type(sweep), "apply"))) in html
        assert gettext("Yes, I confirm") in html
    sweep.refresh_from_db()
    assert sweep.state == "under_review"
    assert get_user_model().objects.get(username="a.tursynov").is_active
    client.post(step_url(sweep, "apply"), {"comment": ""})
    sweep.refresh_from_db()
    assert sweep.state == "applied" and not get_user_model().objects.get(username="a.tursynov").is_active


# --- accept a staff list (seed 001 p. 5) ---------------------------------------------------


def test_accepting_a_staff_list_shows_the_plan_and_the_consequence(client, demo):
    from tests.registries.stafflists.factories import make_list

    staff_list = make_list(demo["organisations"]["prosecutor"], state="submitted", half_year="2026-H2",
                           emails=["a@prokuror.kz"])
    client.force_login(demo["users"]["officer"])
    with translation.override("kk"):
        html = client.get(step_url(staff_list, "accept")).content.decode()
        assert "stafflist-accept-plan" in html  # the form's own plan is drawn as it is
        assert escape(confirmation_of(transition_named(type(staff_list), "accept"))) in html
        assert gettext("Yes, I confirm") in html
    staff_list.refresh_from_db()
    assert staff_list.state == "submitted"


# --- issue a letter (forms_kz) -------------------------------------------------------------


def letter_url(name, letter):
    return reverse(f"admin:forms_kz_outgoingletter_{name}", args=[letter.pk])


def test_issuing_a_letter_asks_once_more(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    letter = make_draft(demo, "s004-app1")
    client.force_login(demo["users"]["officer"])
    with translation.override("kk"):
        confirmation = client.post(letter_url("issue", letter))
        assert confirmation.status_code == 200
        html = confirmation.content.decode()
        assert escape(str(ISSUE_CONSEQUENCE)) in html and escape(gettext("Yes, I confirm")) in html
        assert 'name="confirmed"' in html and f'href="{letter_url("change", letter)}" class="cancel-link"' in html
        assert "s004-app1" not in html.split('class="breadcrumbs"', 1)[1].split("</div>", 1)[0]  # no raw code
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT and not letter.register_number
    client.post(letter_url("issue", letter), {"confirmed": "1"})
    letter.refresh_from_db()
    assert letter.state == LetterState.ISSUED and letter.register_number


def test_an_incomplete_letter_is_refused_at_once_not_confirmed(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    letter = make_draft(demo, "s004-app3", notice_register_number="", limits=[])
    client.force_login(demo["users"]["officer"])
    response = client.post(letter_url("issue", letter))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT


def test_another_organisation_gets_no_confirmation(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    letter = make_draft(demo, "s004-app1")
    client.force_login(demo["users"]["prosecutor_manager"])
    assert client.post(letter_url("issue", letter)).status_code in (403, 404)
    assert client.post(letter_url("issue", letter), {"confirmed": "1"}).status_code in (403, 404)
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT


def test_issuing_the_selected_drafts_asks_once_more(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    letter = make_draft(demo, "s004-app1")
    changelist = reverse("admin:forms_kz_outgoingletter_changelist")
    client.force_login(demo["users"]["officer"])
    with translation.override("kk"):
        confirmation = client.post(changelist, {"action": "issue_selected", "_selected_action": [letter.pk], "index": 0})
        assert confirmation.status_code == 200
        html = confirmation.content.decode()
        assert escape(str(ISSUE_CONSEQUENCE)) in html and f'value="{letter.pk}"' in html
    assert OutgoingLetter.objects.get(pk=letter.pk).state == LetterState.DRAFT
    client.post(changelist, {"action": "issue_selected", "_selected_action": [letter.pk], "confirmed": "1"})
    assert OutgoingLetter.objects.get(pk=letter.pk).state == LetterState.ISSUED


# --- labels that cannot be mistaken ---------------------------------------------------------


def test_the_case_closing_step_is_not_the_pages_close(client, demo):
    from django.contrib.admin.templatetags import admin_modify  # noqa: F401  (Django's "Close" msgid)

    with translation.override("kk"):
        page_close = gettext("Close")
        for model in case_models():
            for transition in state_field(model).get_all_transitions(model):
                label = str(transition.custom.get("label") or "")
                assert label != page_close, f"{model._meta.label}.{transition.name} is labelled as the page's close"


def test_a_read_only_case_page_goes_back_to_the_list_not_close(client, demo, in_review):
    client.force_login(demo["users"]["prosecutor_reporter"])  # may read the case, not change it
    with translation.override("kk"):
        html = client.get(change_url(in_review)).content.decode()
        assert f">{gettext('Close')}</a>" not in html
        assert gettext("Back to the list") in html


def test_step_labels_on_a_case_page_are_all_different_from_its_controls(client, demo, in_review):
    client.force_login(demo["users"]["officer"])
    with translation.override("kk"):
        html = client.get(change_url(in_review)).content.decode()
    steps = re.findall(r'data-step="[^"]+"[^>]*>([^<]+)<', html)
    controls = re.findall(r'<input type="submit" value="([^"]+)"', html) + re.findall(r'class="(?:closelink|deletelink)">([^<]+)<', html)
    assert steps and len(set(steps)) == len(steps)
    assert not set(steps) & set(controls)
