from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.services import run_transition
from registries.models import UserProfile
from registries.security import issue_api_token
from registries.sweeps.activity import record_action
from registries.sweeps.services import form_sweep


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def profile_updates(context):
    return [q for q in context.captured_queries if q["sql"].startswith("UPDATE") and "registries_userprofile" in q["sql"]]


def last_action(user):
    return UserProfile.objects.get(user=user).last_action_at


def test_many_admin_posts_in_an_hour_write_at_most_once(client, demo):
    officer = demo["users"]["officer"]
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(10):
            client.post("/admin/sweeps/accountsweep/add/", {"half_year": "bad"})
    assert len(profile_updates(queries)) == 1
    assert last_action(officer) is not None


def test_safe_requests_are_not_actions(client, demo):
    officer = demo["users"]["officer"]
    client.force_login(officer)
    for _ in range(3):
        assert client.get("/admin/sweeps/accountsweep/").status_code == 200
    assert last_action(officer) is None


def test_token_api_calls_count_and_are_throttled(client, demo):
    sts = demo["users"]["sts"]
    _record, token = issue_api_token(sts)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            client.get("/api/v1/account-sweeps/", HTTP_AUTHORIZATION=f"Token {token}")
    assert len(profile_updates(queries)) == 1
    assert last_action(sts) is not None


def test_a_stale_stamp_is_refreshed_after_an_hour(demo):
    user = demo["users"]["kcell"]
    now = timezone.now()
    assert record_action(user.pk, now=now)
    assert not record_action(user.pk, now=now + timedelta(minutes=59))
    assert last_action(user) == now
    cache.clear()  # another process, or the cache was lost: the conditional UPDATE still holds
    assert not record_action(user.pk, now=now + timedelta(minutes=30))
    assert last_action(user) == now
    later = now + timedelta(hours=1, minutes=31)
    assert record_action(user.pk, now=later)
    assert last_action(user) == later


def test_a_transition_is_an_action(demo):
    officer = demo["users"]["officer"]
    sweep, _ = form_sweep("2026-H1", by=officer)
    run_transition(sweep, "start_review", officer)
    assert last_action(officer) is not None


def test_activity_keeps_an_account_off_the_next_sweep(client, demo):
    reporter = demo["users"]["prosecutor_reporter"]
    reporter.date_joined = timezone.now() - timedelta(days=400)
    reporter.save()
    client.force_login(reporter)
    client.post("/api/v1/account-sweeps/", {"half_year": "2026-H2"})  # refused (403) but an action all the same
    sweep, _ = form_sweep("2026-H2")
    assert not sweep.entries.filter(user=reporter).exists()
