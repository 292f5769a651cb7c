"""History "revert" cannot rewrite decisions (cases.admin_mixins.ScopedHistoryMixin).

The history of a case, a letter, a log, a term and anything a step writes is read-only for
everyone; reference data may be restored by the authorised body's supervisor only, with a
reason kept in the history.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_mixins import ReferenceDataHistoryMixin, ScopedHistoryMixin
from cases.violations.models import ViolationReport
from registries.models import OnlinePlatform
from tests.cases.violations.factories import complete_report
from tests.security.forms import form_data

#: Reference data: an earlier version may be restored (by the supervisor). Every other model
#: whose admin keeps a history is a case, a letter, a log or something a step writes.
REFERENCE_DATA = {
    "registries.LegalAct", "registries.RegionalObject", "registries.CalendarOverride", "registries.OnlinePlatform",
    "registries.Organisation", "violations.ViolationType",
}

READ_ONLY = (
    "The history of this record is read-only: what the procedure's steps wrote is never restored from an earlier version."
)
DECISION = ("state", "submitted_at", "reviewer_id", "decided_at", "rejection_grounds")


def decided_report(demo):
    """A report refused with its p. 11 grounds, with an earlier (draft) version in its history."""
    report = complete_report(demo)
    ViolationReport.objects.filter(pk=report.pk).update(state="rejected")
    report.refresh_from_db()
    now = timezone.now()
    report.submitted_at, report.decided_at = now, now
    report.reviewer = demo["users"]["officer"]
    report.rejection_grounds = "Материалда заң бұзушылық белгілері жоқ (11-т.)"
    report.save()
    return report


def decision(report):
    report.refresh_from_db()
    return {name: getattr(report, name) for name in DECISION}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["prosecutor_reporter", "prosecutor_manager", "officer", "supervisor", "admin"])
def test_a_decided_report_is_never_reverted(demo, client, username):
    """Seed 001 p. 11: "хабарламада ... бұзушылық белгілері болмаған жағдайда, уәкілетті орган
    ... бас тарту туралы шешім қабылдайды" — the decision and its grounds stay as decided: the
    history shows the earlier version without a revert button, and a revert POST answers 403
    with the reason, for every role, a superuser included."""
    report = decided_report(demo)
    before = decision(report)
    first = report.history.order_by("history_id").first()
    url = reverse("admin:violations_violationreport_simple_history", args=[report.pk, first.history_id])
    client.force_login(demo["users"][username] if username != "admin" else get_user_model().objects.get(username="admin"))
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    response = client.post(url, {**form_data(html), "_save": "1"})
    assert response.status_code == 403
    assert escape(gettext(READ_ONLY)) in response.content.decode()  # the reason, in the user's language
    assert decision(report) == before
    assert report.history.count() == 2


def _call(model_admin, method, user, *args, data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = model_admin.history_form_view(request, *args)
    if hasattr(response, "render"):
        response.render()
    return response


@pytest.mark.django_db
def test_every_history_admin_refuses_revert_of_what_steps_write(demo):
    """Every registered admin keeping a history (a new one cannot forget it): a case's, letter's,
    log's or term's history answers a revert POST with 403, even to a superuser; reference data
    use the supervisor-only revert."""
    superuser = get_user_model().objects.get(username="admin")
    checked = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, SimpleHistoryAdmin):
            continue
        label = model._meta.label
        if label in REFERENCE_DATA:
            assert isinstance(model_admin, ReferenceDataHistoryMixin), f"{label}: reference data revert through ReferenceDataHistoryMixin"
            continue
        assert isinstance(model_admin, ScopedHistoryMixin), f"{label}: its history must be read-only (ScopedHistoryMixin)"
        assert model_admin.revert_disabled(_request(superuser), None), f"{label}: a revert button is shown"
        response = _call(model_admin, "post", superuser, "999999999", "1")
        assert response.status_code == 403, f"{label}: revert POST answered {response.status_code}"
        checked.append(label)
    assert "violations.ViolationReport" in checked and "forms_kz.OutgoingLetter" in checked


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


class PlatformAdmin(ReferenceDataHistoryMixin, SimpleHistoryAdmin):
    """The reference-data admin as registries/admin.py declares it (OnlinePlatformAdmin)."""


def _renamed_platform():
    platform = OnlinePlatform.objects.create(name="Qazaq Video", kind=OnlinePlatform._meta.get_field("kind").choices[0][0])
    platform.name = "Қате атау"
    platform.save()
    first = platform.history.order_by("history_id").first()
    return platform, first


@pytest.mark.django_db
def test_reference_data_revert_by_the_supervisor_with_a_reason(demo):
    """Reference data (here an online platform, seed 004 p. 3) may be restored: by the authorised
    body's supervisor only, and the history keeps who restored it and why."""
    platform, first = _renamed_platform()
    model_admin = PlatformAdmin(OnlinePlatform, admin.site)
    supervisor = demo["users"]["supervisor"]

    page = _call(model_admin, "get", supervisor, str(platform.pk), str(first.history_id))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="history_change_reason"' in html
    data = {key: value for key, value in form_data(html).items() if key != "history_change_reason"}
    assert data["name"] == "Qazaq Video"

    # without a reason: refused field by field, nothing written
    response = _call(model_admin, "post", supervisor, str(platform.pk), str(first.history_id), data=data)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()  # the reason field: required
    platform.refresh_from_db()
    assert platform.name == "Қате атау"

    response = _call(model_admin, "post", supervisor, str(platform.pk), str(first.history_id),
                     data={**data, "history_change_reason": "Атауы қате енгізілген"})
    assert response.status_code == 302
    platform.refresh_from_db()
    assert platform.name == "Qazaq Video"
    latest = platform.history.order_by("-history_id").first()
    assert latest.history_user == supervisor
    assert latest.history_change_reason == "Атауы қате енгізілген"


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["officer", "telecom", "prosecutor_manager"])
def test_reference_data_revert_refused_to_others(demo, username):
    """An official holding the change permission (the officer) still may not restore a version."""
    platform, first = _renamed_platform()
    model_admin = PlatformAdmin(OnlinePlatform, admin.site)
    user = demo["users"][username]
    assert model_admin.revert_disabled(_request(user), platform)
    data = {"name": "Qazaq Video", "kind": platform.kind, "history_change_reason": "x"}
    response = _call(model_admin, "post", user, str(platform.pk), str(first.history_id), data=data)
    assert response.status_code == 403
    platform.refresh_from_db()
    assert platform.name == "Қате атау"
