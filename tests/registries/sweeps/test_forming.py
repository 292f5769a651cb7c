from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registries.sweeps.models import AccountSweep, AccountSweepEntry, ListingReason, SweepState
from registries.sweeps.services import form_sweep

from .factories import UserFactory, member


def at(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def population(demo):
    org = demo["organisations"]["prosecutor"]
    police = demo["organisations"]["police"]
    return {
        "never": member(org),
        "old_login": member(police, last_login=at(2025, 12, 1, 9)),
        "old_action": member(org, profile__last_action_at=at(2025, 11, 2, 9)),
        "boundary_age": member(org, date_joined=at(2026, 5, 31, 12)),
        "orphan": UserFactory(),
        # not listed:
        "recent_login": member(org, last_login=at(2026, 3, 1, 9)),
        "login_after": member(org, last_login=at(2026, 9, 1, 9)),
        "recent_action": member(org, profile__last_action_at=at(2026, 5, 1, 9)),
        "service": member(demo["organisations"]["sts"], role="sts_operator", profile__is_service_account=True),
        "superuser": UserFactory(is_superuser=True),
        "inactive": member(org, is_active=False),
        "new": member(org, date_joined=at(2026, 6, 15, 12)),
    }


LISTED = {"never", "old_login", "old_action", "boundary_age", "orphan"}


def test_forms_the_list_of_inactive_accounts(population, demo):
    sweep, created = form_sweep("2026-H1", by=demo["users"]["officer"])
    assert created and sweep.state == SweepState.FORMED
    listed = {e.user_id: e for e in AccountSweepEntry.objects.filter(sweep=sweep)}
    expected = {population[k].pk for k in LISTED}
    assert set(listed) == expected
    assert sweep.entries_count == len(expected)
    never = listed[population["never"].pk]
    assert never.reason == ListingReason.NEVER_LOGGED_IN
    assert never.organisation == demo["organisations"]["prosecutor"]
    old = listed[population["old_login"].pk]
    assert old.reason == ListingReason.NO_ACTIVITY and old.last_login == at(2025, 12, 1, 9)
    assert old.organisation == demo["organisations"]["police"]
    assert listed[population["old_action"].pk].last_action_at == at(2025, 11, 2, 9)
    assert listed[population["orphan"].pk].organisation is None
    assert not any(e.excluded for e in listed.values())


def test_the_rule_is_stored_and_shown(population):
    sweep, _ = form_sweep("2026-H1")
    assert sweep.min_account_age_days == 30
    assert sweep.period_start == at(2026, 1, 1) and sweep.period_end == at(2026, 7, 1)
    assert "01.01.2026" in sweep.rule_text and "30" in sweep.rule_text
    assert sweep.citation == "№ 409 бұйрықпен бекітілген Қағидалардың 6-тармағы"


def test_current_half_year_cuts_off_at_forming_time(population):
    now = at(2026, 11, 24, 10)
    sweep, _ = form_sweep("2026-H2", now=now)
    assert sweep.period_end == now
    # 2026-H2 began on 1 July: the September login is activity, the March one is not.
    users = set(sweep.entries.values_list("user_id", flat=True))
    assert population["login_after"].pk not in users
    assert population["recent_login"].pk in users and population["new"].pk in users


def test_forming_again_returns_the_existing_sweep(population):
    first, created = form_sweep("2026-H1")
    member_count = AccountSweepEntry.objects.count()
    UserFactory()  # another dormant account appears meanwhile
    again, created_again = form_sweep("2026-h1")
    assert created and not created_again
    assert again.pk == first.pk
    assert AccountSweep.objects.count() == 1
    assert AccountSweepEntry.objects.count() == member_count


def test_forming_is_set_based(demo):
    org = demo["organisations"]["prosecutor"]
    for _ in range(3):
        member(org)
    with CaptureQueriesContext(connection) as few:
        form_sweep("2025-H2")
    for _ in range(40):
        member(org)
    with CaptureQueriesContext(connection) as many:
        sweep, _ = form_sweep("2026-H1")
    assert sweep.entries_count == 43
    assert len(many) == len(few)
    inserts = [q["sql"] for q in many.captured_queries if "INSERT INTO" in q["sql"] and "sweeps_accountsweepentry" in q["sql"]]
    assert len(inserts) == 1 and "SELECT" in inserts[0]


@pytest.mark.parametrize("half", ["2026-H3", "2027-H1", "2021-H1", "nonsense"])
def test_bad_half_year_changes_nothing(population, half):
    with pytest.raises(ValidationError) as error:
        form_sweep(half)
    assert "half_year" in error.value.message_dict
    assert not AccountSweep.objects.exists() and not AccountSweepEntry.objects.exists()


def test_state_body_user_may_not_form(population, demo):
    with pytest.raises(PermissionDenied):
        form_sweep("2026-H1", by=demo["users"]["prosecutor_manager"])
    assert not AccountSweep.objects.exists()
