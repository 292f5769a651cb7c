"""Audit coverage (issue 11 item 2): every case and registry model keeps its change history in
django-simple-history, or is listed here with the reason it does not (append-only logs, counters,
rows rebuilt in bulk). A new model fails this test until it has ``history = HistoricalRecords()``
or a reason here."""

import pytest
from django.apps import apps

AUDITED_APPS = {
    "registries", "stafflists", "sweeps", "cases", "violations", "platforms", "devices", "egov", "monitoring", "forms_kz",
}

#: Models without simple-history, and why. "GAP" marks those that should get it (see the report).
WITHOUT_HISTORY = {
    "cases.Deadline": "append-only: opened and met by the procedures' steps, each in the case's TransitionLog",
    "cases.TransitionLog": "is itself the audit log of transitions (who, when, from, to, comment)",
    "monitoring.DeadlineReminder": "append-only delivery log of reminders",
    "forms_kz.LetterCounter": "a register counter (numbers are in the letters' own history)",
    "egov.PersonalDataAccess": "append-only access log",
    "egov.ServiceRequest": "written once by the portal integration, never edited",
    "sweeps.AccountDeactivation": "append-only: each deactivation / reactivation is a row",
    "stafflists.StaffListReminder": "append-only log of reminders sent",
    "stafflists.StaffListEntry": "GAP: rows of a list are replaced as a whole by a (bulk) import; the list has history",
    "platforms.ThrottleLimit": "rows of an issued instruction, never edited",
}


def audited_models():
    return {
        model._meta.label: model
        for model in apps.get_models()
        if model._meta.app_label in AUDITED_APPS and not model._meta.proxy and not model.__name__.startswith("Historical")
    }


def test_every_case_and_registry_model_has_history_or_a_reason():
    without = {label for label, model in audited_models().items() if not hasattr(model, "history")}
    assert without == set(WITHOUT_HISTORY), (
        f"without history and not listed: {sorted(without - set(WITHOUT_HISTORY))}; "
        f"listed but now with history (remove them): {sorted(set(WITHOUT_HISTORY) - without)}"
    )


@pytest.mark.parametrize("label", ["violations.ViolationReport", "stafflists.StaffList", "devices.DeviceDemand"])
def test_history_records_who_changed_a_case_through_the_admin(world_db, client, label):
    """An admin step saves the case; simple-history records the user (HistoryRequestMiddleware)."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from cases.steps import confirmation_of, transition_named
    from registries.demo import DEMO_USERS

    from .forms import form_data

    model = audited_models()[label]
    opts = model._meta
    users = world_db["users"]
    for case in model._base_manager.order_by("pk"):
        for username, *_ in DEMO_USERS:
            user = get_user_model().objects.get(pk=users[username].pk)
            names = [t.name for t in case.get_available_user_state_transitions(user=user)
                     if t.custom.get("admin") and not t.custom.get("form")]
            for name in names:
                client.force_login(user)
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[case.pk])
                data = form_data(client.get(url).content.decode(), form_id=f"{opts.model_name}_form")
                data["_fsm_transition_to"] = name
                if confirmation_of(transition_named(model, name)):  # an irreversible step: its page asks once more
                    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_transition", args=[case.pk, name])
                    data = form_data(client.get(url).content.decode(), form_id="step-form")
                latest = case.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
                before = case.state
                client.post(url, data)
                case.refresh_from_db()
                if case.state == before:
                    continue
                record = case.history.filter(history_id__gt=latest).order_by("history_id").last()
                assert record is not None and record.history_user == user
                assert admin.site._registry[model]  # the model's history page is the admin's
                return
    pytest.fail(f"no admin step could be taken on {label}'s demo cases")
