import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from registries.sweeps.models import AccountSweep, SweepState
from registries.sweeps.services import form_sweep

from .factories import member

User = get_user_model()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def sweep(demo):
    member(demo["organisations"]["police"])
    member(demo["organisations"]["police"])
    return form_sweep("2026-H1")[0]


def test_officer_forms_once_then_gets_the_existing(api, demo):
    api.force_authenticate(demo["users"]["officer"])
    first = api.post("/api/v1/account-sweeps/", {"half_year": "2026-H1"}, format="json")
    assert first.status_code == 201, first.content
    again = api.post("/api/v1/account-sweeps/", {"half_year": "2026-h1"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert "6-тармағы" in first.json()["citation"] and first.json()["rule_text"]
    assert AccountSweep.objects.count() == 1


@pytest.mark.parametrize(("half", "code"), [("2027-H1", "future_half_year"), ("2026-H9", "malformed_half_year")])
def test_bad_half_year_is_a_field_error(api, demo, half, code):
    api.force_authenticate(demo["users"]["officer"])
    response = api.post("/api/v1/account-sweeps/", {"half_year": half}, format="json")
    assert response.status_code == 400
    assert "half_year" in response.json()
    assert not AccountSweep.objects.exists()


@pytest.mark.parametrize("username", ["prosecutor_manager", "sts", "kcell"])
def test_others_are_refused_everything(api, demo, sweep, username):
    api.force_authenticate(demo["users"][username])
    assert api.get("/api/v1/account-sweeps/").status_code == 403
    assert api.get(f"/api/v1/account-sweeps/{sweep.pk}/").status_code == 403
    assert api.get("/api/v1/account-sweep-entries/").status_code == 403
    assert api.post("/api/v1/account-sweeps/", {"half_year": "2025-H2"}, format="json").status_code == 403
    assert api.post(f"/api/v1/account-sweeps/{sweep.pk}/start-review/", {}, format="json").status_code == 403
    entry = sweep.entries.first()
    assert api.post(f"/api/v1/account-sweep-entries/{entry.pk}/exclusion/", {"excluded": True, "exclusion_reason": "x"}, format="json").status_code == 403
    sweep.refresh_from_db()
    assert sweep.state == SweepState.FORMED and AccountSweep.objects.count() == 1
    assert not sweep.entries.filter(excluded=True).exists()


def test_apply_before_review_is_refused_with_a_message(api, demo, sweep):
    api.force_authenticate(demo["users"]["supervisor"])
    response = api.post(f"/api/v1/account-sweeps/{sweep.pk}/apply/", {}, format="json")
    assert response.status_code == 400
    assert "тек қаралып жатқан тізім қолданылады" in str(response.json())
    assert User.objects.filter(is_active=False).count() == 0


def test_full_flow_over_the_api(api, demo, sweep):
    officer, supervisor = demo["users"]["officer"], demo["users"]["supervisor"]
    api.force_authenticate(officer)
    assert api.post(f"/api/v1/account-sweeps/{sweep.pk}/start-review/", {}, format="json").status_code == 200
    entries = api.get(f"/api/v1/account-sweep-entries/?sweep={sweep.pk}").json()["results"]
    assert len(entries) == 2
    keep, drop = entries
    missing_reason = api.post(f"/api/v1/account-sweep-entries/{keep['id']}/exclusion/", {"excluded": True}, format="json")
    assert missing_reason.status_code == 400 and "exclusion_reason" in missing_reason.json()
    ok = api.post(f"/api/v1/account-sweep-entries/{keep['id']}/exclusion/", {"excluded": True, "exclusion_reason": "Демалыста"}, format="json")
    assert ok.status_code == 200 and ok.json()["excluded"]
    assert api.post(f"/api/v1/account-sweeps/{sweep.pk}/apply/", {}, format="json").status_code == 403
    api.force_authenticate(supervisor)
    applied = api.post(f"/api/v1/account-sweeps/{sweep.pk}/apply/", {"comment": "ok"}, format="json")
    assert applied.status_code == 200 and applied.json()["state"] == "applied"
    assert not User.objects.get(pk=drop["user"]).is_active and User.objects.get(pk=keep["user"]).is_active
    no_reason = api.post(f"/api/v1/account-sweep-entries/{drop['id']}/reactivate/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    back = api.post(f"/api/v1/account-sweep-entries/{drop['id']}/reactivate/", {"reason": "Қате тізімге енген"}, format="json")
    assert back.status_code == 200
    assert User.objects.get(pk=drop["user"]).is_active
    log = api.get("/api/v1/account-deactivations/").json()["results"]
    assert {row["action"] for row in log} == {"deactivated", "reactivated"}
