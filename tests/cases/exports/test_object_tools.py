"""The export buttons and saved filters are drawn on every exportable list (the object tools
template of each list's app, cases/exports/templates/admin/<app_label>/), and only there."""

import pytest
from django.contrib import admin
from django.template.loader import get_template
from django.urls import reverse

from cases.exports.registry import exportable_admins, label_of

EXPORT_LINK = 'id="export-csv"'


def test_every_exportable_lists_app_draws_the_tools():
    labels = {model_admin.model._meta.app_label for model_admin in exportable_admins()}
    assert {"violations", "platforms", "devices", "egov", "cases", "forms_kz"} <= labels
    for app_label in labels:
        template = get_template(f"admin/{app_label}/change_list_object_tools.html")
        assert "cases/exports/templates" in template.origin.name, app_label


def test_every_case_list_is_exportable():
    from cases.base import ProcedureCase

    exportable = {label_of(model_admin.model) for model_admin in exportable_admins()}
    for model, _model_admin in admin.site._registry.items():
        if issubclass(model, ProcedureCase):
            assert label_of(model) in exportable


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "url", "drawn"),
    [
        ("officer", "admin:platforms_platformcase_changelist", True),
        ("officer", "admin:cases_deadline_changelist", True),
        ("officer", "admin:forms_kz_outgoingletter_changelist", True),
        ("admin", "admin:violations_violationreport_changelist", True),
        ("admin", "admin:cases_transitionlog_changelist", False),  # a log, not a case list
        ("admin", "admin:registries_organisation_changelist", False),
    ],
)
def test_tools_on_case_lists_only(demo, client, username, url, drawn):
    client.force_login(demo["users"][username])
    response = client.get(reverse(url))
    assert response.status_code == 200
    assert (EXPORT_LINK in response.content.decode()) is drawn


@pytest.mark.django_db
def test_without_an_organisation_there_is_no_waiting_view(demo, client, with_waiting_filter):
    client.force_login(demo["users"]["admin"])
    page = client.get(reverse("admin:violations_violationreport_changelist")).content.decode()
    assert EXPORT_LINK in page
    assert "?waiting=me" not in page
