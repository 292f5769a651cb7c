"""Accepting a staff list changes exactly the accounts the officer was shown (seed 001 p. 5:
the list names each person by "Жұмыс электрондық поштасы" — the work e-mail — so a person is
matched to an account by that e-mail, never by the login)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cases.services import TransitionRefused
from registries.models import UserProfile
from registries.roles import Role
from registries.stafflists.services import staff_list_accept
from registries.stafflists.services.accounts import account_plan
from registries.sweeps.models import AccountDeactivation
from registries.sweeps.services import reactivate_account

from .factories import make_list

pytestmark = pytest.mark.django_db
User = get_user_model()


def reporter(organisation, username, email, active=True):
    user = User.objects.create(username=username, email=email, is_active=active, is_staff=True)
    UserProfile.objects.create(user=user, organisation=organisation, role=Role.STATE_BODY_REPORTER)
    return user


@pytest.fixture
def world(demo):
    org = demo["organisations"]["prosecutor"]
    make_list(org, state="accepted", half_year="2026-H1", emails=["kept@prokuror.kz", "gone@prokuror.kz"])
    kept = reporter(org, "a.kept", "Kept@Prokuror.KZ")  # login differs from the listed e-mail
    gone = reporter(org, "b.gone", "gone@prokuror.kz")
    new_list = make_list(org, state="submitted", emails=["kept@prokuror.kz", "fresh@prokuror.kz"])
    return {"org": org, "kept": kept, "gone": gone, "list": new_list}


def test_a_listed_person_keeps_the_account_whatever_the_login(demo, world):
    """A person is matched by the work e-mail on the list, case-insensitively."""
    staff_list_accept(case=world["list"], actor=demo["users"]["officer"])
    world["kept"].refresh_from_db()
    world["gone"].refresh_from_db()
    assert world["kept"].is_active and not world["gone"].is_active
    assert not User.objects.filter(username="kept@prokuror.kz").exists()  # no second account for him
    assert User.objects.filter(username="fresh@prokuror.kz", is_active=True).exists()
    assert demo["users"]["prosecutor_reporter"].is_active


def test_acceptance_deactivates_exactly_the_accounts_the_plan_named(demo, world):
    plan = account_plan(world["list"])
    named = {user.pk for user in plan.deactivate}
    before = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    staff_list_accept(case=world["list"], actor=demo["users"]["officer"], expected_changes=plan.digest())
    after = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    assert before - after == named
    assert plan.create == ["fresh@prokuror.kz"]


def test_the_accept_page_shows_the_people_and_their_accounts(demo, world, client, settings):
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False
    client.force_login(demo["users"]["officer"])
    page = client.get(reverse("admin:stafflists_stafflist_transition", args=[world["list"].pk, "accept"]))
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("fresh@prokuror.kz", "gone@prokuror.kz", "b.gone", "expected_changes"):
        assert shown in text
    assert text.count("b.gone") >= 1


def test_accounts_changed_since_the_page_was_shown_refuse_the_acceptance(demo, world):
    digest = account_plan(world["list"]).digest()
    reporter(world["org"], "c.later", "later@prokuror.kz")  # would now be deactivated too
    with pytest.raises(TransitionRefused):
        staff_list_accept(case=world["list"], actor=demo["users"]["officer"], expected_changes=digest)
    world["list"].refresh_from_db()
    world["gone"].refresh_from_db()
    assert world["list"].state == "submitted" and world["gone"].is_active


def test_deactivations_are_in_the_account_log_told_and_reversible(demo, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_list_accept(case=world["list"], actor=demo["users"]["officer"])
    record = AccountDeactivation.objects.get(user=world["gone"])
    assert record.staff_list == world["list"] and record.action == "deactivated"
    told = [m for m in mail.outbox if m.to == ["gone@prokuror.kz"]]
    assert told and world["org"].name_kk in told[0].body
    with django_capture_on_commit_callbacks(execute=True):
        reactivate_account(world["gone"], demo["users"]["supervisor"], "Қате шығарылды")
    world["gone"].refresh_from_db()
    assert world["gone"].is_active
    back = AccountDeactivation.objects.filter(user=world["gone"], action="reactivated").get()
    assert back.staff_list == world["list"]
    assert any("Қате шығарылды" in m.body for m in mail.outbox if m.to == ["gone@prokuror.kz"])


def test_the_account_log_reverses_a_staff_list_deactivation(demo, world, client, settings):
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False
    staff_list_accept(case=world["list"], actor=demo["users"]["officer"])
    record = AccountDeactivation.objects.get(user=world["gone"])
    client.force_login(demo["users"]["supervisor"])
    url = reverse("admin:sweeps_accountdeactivation_changelist")
    response = client.post(url, {"action": "reactivate_accounts", "_selected_action": [record.pk], "confirm": "1",
                                 "reason": "Тізімге қайта енгізіледі"})
    assert response.status_code == 302
    world["gone"].refresh_from_db()
    assert world["gone"].is_active
