import pytest
from django.contrib.auth import get_user_model

from cases.services import run_transition
from registries.sweeps.models import AccountDeactivation, AccountSweep
from registries.sweeps.services import apply_sweep, form_sweep

from .factories import member

User = get_user_model()


@pytest.fixture
def sweep(demo):
    member(demo["organisations"]["police"], username="a.tursynov")
    member(demo["organisations"]["prosecutor"])
    return form_sweep("2026-H1")[0]


def test_officer_sees_sweeps_and_entries(client, demo, sweep):
    client.force_login(demo["users"]["officer"])
    assert client.get("/admin/sweeps/accountsweep/").status_code == 200
    page = client.get(f"/admin/sweeps/accountsweep/{sweep.pk}/change/")
    assert page.status_code == 200 and "Қағидалардың 6-тармағы" in page.content.decode()
    entries = client.get(f"/admin/sweeps/accountsweepentry/?sweep__id__exact={sweep.pk}")
    assert entries.status_code == 200 and "a.tursynov" in entries.content.decode()


@pytest.mark.parametrize("username", ["prosecutor_manager", "police_reporter", "sts"])
def test_others_are_refused(client, demo, sweep, username):
    client.force_login(demo["users"][username])
    assert client.get("/admin/sweeps/accountsweep/").status_code == 403
    assert client.get(f"/admin/sweeps/accountsweep/{sweep.pk}/change/").status_code in (403, 404)
    entry = sweep.entries.first()
    response = client.post(f"/admin/sweeps/accountsweepentry/{entry.pk}/change/", {"excluded": "on", "exclusion_reason": "x"})
    assert response.status_code in (403, 404)
    assert client.post("/admin/sweeps/accountsweep/add/", {"half_year": "2025-H2"}).status_code == 403
    entry.refresh_from_db()
    assert not entry.excluded and AccountSweep.objects.count() == 1


def test_add_form_refuses_a_future_half_year_and_forms_a_valid_one(client, demo):
    client.force_login(demo["users"]["officer"])
    bad = client.post("/admin/sweeps/accountsweep/add/", {"half_year": "2027-H1"})
    assert bad.status_code == 200 and bad.context["adminform"].form.errors["half_year"]
    assert not AccountSweep.objects.exists()
    good = client.post("/admin/sweeps/accountsweep/add/", {"half_year": "2026-H1"})
    assert good.status_code == 302
    again = client.post("/admin/sweeps/accountsweep/add/", {"half_year": "2026-H1"}, follow=True)
    assert again.status_code == 200
    assert AccountSweep.objects.count() == 1


def test_exclusion_in_admin_needs_a_reason(client, demo, sweep):
    client.force_login(demo["users"]["officer"])
    entry = sweep.entries.first()
    url = f"/admin/sweeps/accountsweepentry/{entry.pk}/change/"
    refused = client.post(url, {"excluded": "on", "exclusion_reason": ""})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["exclusion_reason"]
    assert client.post(url, {"excluded": "on", "exclusion_reason": "Декреттік демалыста"}).status_code == 302
    entry.refresh_from_db()
    assert entry.excluded and entry.excluded_by == demo["users"]["officer"]
    assert entry.history.count() >= 1


def test_apply_button_and_reactivation_action(client, demo, sweep):
    supervisor = demo["users"]["supervisor"]
    client.force_login(supervisor)
    url = f"/admin/sweeps/accountsweep/{sweep.pk}/change/"
    client.post(url, {"_fsm_transition_to": "start_review"})
    # applying is irreversible: the button opens the step's page, which asks once more
    assert client.post(url, {"_fsm_transition_to": "apply"})["Location"] == f"/admin/sweeps/accountsweep/{sweep.pk}/transition/apply/"
    client.post(f"/admin/sweeps/accountsweep/{sweep.pk}/transition/apply/", {"comment": ""})
    sweep.refresh_from_db()
    assert sweep.state == "applied" and sweep.deactivated_count == 2
    entry = sweep.entries.first()
    changelist = "/admin/sweeps/accountsweepentry/"
    form = client.post(changelist, {"action": "reactivate_accounts", "_selected_action": [entry.pk]})
    assert form.status_code == 200 and "reason" in form.context["form"].fields
    no_reason = client.post(changelist, {"action": "reactivate_accounts", "_selected_action": [entry.pk], "confirm": "1", "reason": ""})
    assert no_reason.status_code == 200 and no_reason.context["form"].errors
    assert not User.objects.get(pk=entry.user_id).is_active
    done = client.post(changelist, {"action": "reactivate_accounts", "_selected_action": [entry.pk], "confirm": "1", "reason": "Қызметке оралды"})
    assert done.status_code == 302
    assert User.objects.get(pk=entry.user_id).is_active
    assert AccountDeactivation.objects.filter(user_id=entry.user_id, action="reactivated", by=supervisor).exists()


def test_officer_cannot_reactivate(client, demo, sweep):
    supervisor = demo["users"]["supervisor"]
    run_transition(sweep, "start_review", supervisor)
    apply_sweep(sweep, supervisor)
    client.force_login(demo["users"]["officer"])
    entry = sweep.entries.first()
    client.post("/admin/sweeps/accountsweepentry/", {"action": "reactivate_accounts", "_selected_action": [entry.pk], "confirm": "1", "reason": "x"})
    assert not User.objects.get(pk=entry.user_id).is_active
