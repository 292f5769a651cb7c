"""A legal step's page (cases/admin_mixins.py ``fsm_transition_view``, cases/templates/cases/
transition_form.html): drawn like the admin, with the case it acts on, the step's clause, the
admin's date and time pickers with the format to type, a mistyped date answered next to its field
in Kazakh with nothing typed lost, and a cancel link back to the case — for every step of every
procedure."""

import datetime

import pytest
from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.admin_mixins import (
    DATE_FORMAT_HINT,
    DATETIME_FORMAT_HINT,
    INVALID_DATE,
    INVALID_TIME,
    TIME_FORMAT_HINT,
    draws_itself,
    with_admin_date_widgets,
)
from cases.steps import MoveStatus, moves, state_field, take_step
from cases.violations.models import ViolationReport
from tests.cases.test_steps import _demo_users, case_models
from tests.cases.violations.factories import complete_report, list_demo_reporters


class DatesForm(forms.Form):
    day = forms.DateField(label="day", help_text="The day of the letter.")
    moment = forms.DateTimeField(label="moment", required=False)
    split = forms.SplitDateTimeField(label="split", required=False)
    hour = forms.TimeField(label="hour", required=False)
    text = forms.CharField(required=False)
    secret = forms.DateField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize(
    ("name", "field_class", "widget_class", "hint"),
    [
        ("day", forms.DateField, admin_widgets.AdminDateWidget, DATE_FORMAT_HINT),
        ("moment", forms.SplitDateTimeField, admin_widgets.AdminSplitDateTime, DATETIME_FORMAT_HINT),
        ("split", forms.SplitDateTimeField, admin_widgets.AdminSplitDateTime, DATETIME_FORMAT_HINT),
        ("hour", forms.TimeField, admin_widgets.AdminTimeWidget, TIME_FORMAT_HINT),
    ],
)
def test_every_date_and_time_field_gets_the_admin_picker_and_the_format(name, field_class, widget_class, hint):
    form = with_admin_date_widgets(DatesForm())
    field = form.fields[name]
    assert isinstance(field, field_class) and isinstance(field.widget, widget_class)
    assert str(hint) in str(field.help_text)


def test_other_and_hidden_fields_are_left_alone():
    form = with_admin_date_widgets(DatesForm())
    assert type(form.fields["text"].widget) is forms.TextInput
    assert type(form.fields["secret"].widget) is forms.HiddenInput and not form.fields["secret"].help_text
    assert str(form.fields["day"].help_text).startswith("The day of the letter.")  # the form's own help stays first


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"day": "31.02.2026"}, "day", INVALID_DATE),
        ({"day": "24.11.2026", "moment_0": "2026/11/24", "moment_1": "10:00"}, "moment", INVALID_DATE),
        ({"day": "24.11.2026", "split_0": "24.11.2026", "split_1": "25:99"}, "split", INVALID_TIME),
        ({"day": "24.11.2026", "hour": "9 сағат"}, "hour", INVALID_TIME),
    ],
)
def test_a_mistyped_date_or_time_says_the_format_in_kazakh(data, field, message):
    with translation.override("kk"):
        form = with_admin_date_widgets(DatesForm(data))
        assert not form.is_valid()
        assert form.errors[field] == [str(message)]


def test_the_kazakh_input_formats_are_accepted():
    with translation.override("kk"):
        form = with_admin_date_widgets(DatesForm({"day": "24.11.2026", "moment_0": "24.11.2026", "moment_1": "14:30"}))
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 11, 24)
    assert form.cleaned_data["moment"].strftime("%d.%m.%Y %H:%M") == "24.11.2026 14:30"


def test_a_form_with_its_own_template_draws_itself():
    from registries.stafflists.forms import AcceptForm, ReturnForm

    assert draws_itself(AcceptForm()) and not draws_itself(ReturnForm()) and not draws_itself(DatesForm())


# --- the page -------------------------------------------------------------------------------


def step_url(case, name):
    opts = case._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_transition", args=[case.pk, name])


@pytest.fixture
def draft(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    list_demo_reporters(demo)  # seed 001 p. 5 with p. 8: only listed staff submit
    return complete_report(demo)


@pytest.mark.django_db
def test_the_step_page_shows_the_case_it_acts_on_like_the_admin(client, demo, draft):
    take_step(draft, "submit", demo["users"]["prosecutor_reporter"])
    take_step(draft, "take_into_review", demo["users"]["officer"])
    client.force_login(demo["users"]["officer"])
    with translation.override("kk"):
        response = client.get(step_url(draft, "reject"), HTTP_ACCEPT_LANGUAGE="kk")
        assert response.status_code == 200
        assert "cases/transition_form.html" in [t.name for t in response.templates]
        html = response.content.decode()
        change = reverse("admin:violations_violationreport_change", args=[draft.pk])
        changelist = reverse("admin:violations_violationreport_changelist")
        breadcrumbs = html.split('class="breadcrumbs"', 1)[1].split("</div>", 1)[0]
        assert f'href="{changelist}"' in breadcrumbs and f'href="{change}"' in breadcrumbs
        assert 'class="case-head"' in html and str(draft) in html
        assert 'data-state="in_review"' in html
        assert "case-steps-bar" not in html  # the page acts on one step: no other step buttons here
        assert 'class="module aligned' in html and 'class="form-row' in html  # the admin's rows
        assert "001" in html or "11" in html  # the step's clause (seed 001 p. 11)
        assert f'href="{change}" class="cancel-link"' in html


@pytest.mark.django_db
def test_a_mistyped_real_time_is_answered_next_to_the_field_and_nothing_typed_is_lost(client, demo, draft):
    reporter = demo["users"]["prosecutor_reporter"]
    client.force_login(reporter)
    url = step_url(draft, "submit")  # "done earlier, outside the system": the step with its real time
    with translation.override("kk"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
        assert 'class="vDateField' in page and 'class="vTimeField' in page  # the admin's pickers
        assert str(DATETIME_FORMAT_HINT) in page
        response = client.post(url, {
            "comment": "Қағаз хатпен жіберілді",
            "occurred_at_0": "31.02.2026", "occurred_at_1": "10:15",
        }, HTTP_ACCEPT_LANGUAGE="kk")
        assert response.status_code == 200
        html = response.content.decode()
        row = html.split("field-occurred_at", 1)[1].split('<div class="form-row', 1)[0]
        assert str(INVALID_DATE) in row  # next to the field, in Kazakh
        assert gettext("Please correct the error below.") in html
        assert 'value="31.02.2026"' in html and 'value="10:15"' in html and "Қағаз хатпен жіберілді" in html
    draft.refresh_from_db()
    assert draft.state == "draft"


@pytest.mark.django_db
def test_the_step_page_of_another_organisations_case_is_not_found(client, demo, draft):
    client.force_login(demo["users"]["police_reporter"])
    response = client.get(step_url(draft, "submit"))
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert step_url(draft, "submit") not in response["Location"]
    draft.refresh_from_db()
    assert draft.state == "draft"


@pytest.mark.django_db
def test_every_step_page_of_every_procedure_is_drawn_like_the_admin(client):
    """In every state of every procedure (the demo has a case in each), every step a demo user may
    take now has its page in the project's template, and every date or time field on it carries
    the admin's picker and the format hint."""
    from registries.demo import load_full_demo

    load_full_demo()
    users = _demo_users()
    seen = set()
    for model in case_models():
        for value, _label in state_field(model).choices:
            case = model._base_manager.filter(state=value).order_by("pk").first()
            if case is None:
                continue
            for user in users:
                if not model.objects.visible_to(user).filter(pk=case.pk).exists():
                    continue
                for move in moves(case, user):
                    if move.status != MoveStatus.AVAILABLE or (model, move.name) in seen:
                        continue
                    client.force_login(user)
                    with translation.override("kk"):
                        response = client.get(step_url(case, move.name), HTTP_ACCEPT_LANGUAGE="kk")
                    where = f"{model._meta.label}.{move.name} as {user.username}"
                    if response.status_code == 302:
                        continue  # no view permission on the admin: the case page says so
                    assert response.status_code == 200, where
                    assert "cases/transition_form.html" in [t.name for t in response.templates], where
                    form = response.context["transition_form"]
                    for name, field in form.fields.items():
                        if isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField, forms.TimeField)):
                            assert isinstance(field.widget, (admin_widgets.AdminDateWidget, admin_widgets.AdminSplitDateTime,
                                                             admin_widgets.AdminTimeWidget)), f"{where}: {name}"
                    seen.add((model, move.name))
    labels = {model._meta.label for model, _name in seen}
    assert labels >= {"violations.ViolationReport", "platforms.PlatformCase", "devices.DeviceDemand", "egov.Complaint",
                      "stafflists.StaffList", "sweeps.AccountSweep"}, labels
    assert ViolationReport in {model for model, _name in seen}
