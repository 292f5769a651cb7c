"""The reminder job on PostgreSQL whatever the planner knows about the reminder table, and
two overlapping runs (a slow one and the next beat).

* The rows are created by an INSERT ... SELECT into the reminder table; a "not yet reminded"
  check planned as a nested loop over that same table grows with the square of the rows once
  the statistics say the table is empty (analysed after a purge). The plan must never hold a
  nested loop over the reminder table, in any planner state.
* A run that is still creating its rows must not block the next run for long, and no reminder
  is ever sent twice (advisory lock with a timeout; the skip is logged).
"""

import json
import logging
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cases.monitoring.models import DeadlineReminder, ReminderState
from cases.monitoring.reminders import create_due_reminders, send_deadline_reminders

from .conftest import NOW
from .factories import DeadlineFactory

ROWS = 30_000
REMINDERS = DeadlineReminder._meta.db_table


def _open_deadlines(case, awaiting, rows=ROWS):
    """``rows`` open deadlines of one case, started 0-20 days ago and due 1 hour-60 days later
    (the benchmark's spread): a good share has reached a reminder point at NOW."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_deadline (content_type_id, object_id, rule_code, citation, start, due,
                                        outcome, awaiting_organisation_id, created_at)
            SELECT %(ct)s, %(case)s, 'test.rule', 'Бұйрық № 267-НҚ, 5-т.', s.start,
                   s.start + make_interval(secs => 3600 + (hashtext(g::text || 'd') & 2147483647) %% (60 * 86400)),
                   '', %(org)s, %(now)s
            FROM generate_series(0, %(rows)s - 1) g,
                 LATERAL (SELECT %(now)s::timestamptz
                                 - make_interval(secs => (hashtext(g::text) & 2147483647) %% (20 * 86400)) AS start) s
            """,
            {"ct": ContentType.objects.get_for_model(case).pk, "case": case.pk, "org": awaiting.pk, "now": NOW,
             "rows": rows},
        )
        cursor.execute("ANALYZE cases_deadline")


def _nested_loops_over_reminders(node, inside_loop=False):
    """Plan nodes (EXPLAIN FORMAT JSON) that scan the reminder table under a nested loop."""
    found = []
    if inside_loop and node.get("Relation Name") == REMINDERS:
        found.append(node["Node Type"])
    inside_loop = inside_loop or node["Node Type"] == "Nested Loop"
    for child in node.get("Plans", []):
        found += _nested_loops_over_reminders(child, inside_loop)
    return found


def _run_and_check_plans(state):
    with CaptureQueriesContext(connection) as queries:
        created = create_due_reminders(NOW)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert inserts, "the job creates its rows with INSERT statements"
    with connection.cursor() as cursor:
        for sql in inserts:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            raw = cursor.fetchone()[0]
            plan = raw if isinstance(raw, list) else json.loads(raw)
            assert _nested_loops_over_reminders(plan[0]["Plan"]) == [], f"{state}: nested loop over {REMINDERS}:\n{sql}"
    return created


def _reltuples():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [REMINDERS])
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_insert_plan_stays_linear_in_every_planner_state(frozen, make_demand, demo):
    _open_deadlines(make_demand(), demo["organisations"]["imei_db"])

    # 1. A fresh table the planner has no statistics for.
    first = _run_and_check_plans("no statistics")
    total = sum(first.values())
    assert total > 5_000  # a large table: the plan shape is what the planner does at scale

    # 2. Analysed while large, then the job runs again (steady state): nothing new.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {REMINDERS}")
    assert sum(_run_and_check_plans("analysed, large").values()) == 0

    # 3. Purged and analysed (autovacuum after a purge): the statistics say empty; the first
    #    run fills the table and the next runs meet a large table the planner believes empty.
    DeadlineReminder.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {REMINDERS}")
    assert _reltuples() == 0
    assert sum(_run_and_check_plans("analysed empty, first run").values()) == total
    assert _reltuples() == 0 and DeadlineReminder.objects.count() == total
    assert sum(_run_and_check_plans("analysed empty, table now large").values()) == 0
    assert DeadlineReminder.objects.count() == total


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_slow_run_neither_blocks_the_next_beat_nor_makes_it_send_twice(frozen, make_demand, demo, settings, caplog):
    settings.DEADLINE_REMINDER_LOCK_TIMEOUT_SECONDS = 1
    awaiting = demo["organisations"]["imei_db"]
    for _ in range(3):
        DeadlineFactory(case=make_demand(), awaiting_organisation=awaiting, start=NOW - timedelta(days=2),
                        due=NOW - timedelta(minutes=5))
    created_by_slow_run, release, errors = threading.Event(), threading.Event(), []

    def slow_run():
        """Creates its rows and stays in its transaction (a slow first run over a large table)."""
        try:
            with transaction.atomic():
                create_due_reminders(NOW)
                created_by_slow_run.set()
                release.wait(30)
        except Exception as exc:  # pragma: no cover - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    beat_results = []

    def next_beat():
        try:
            beat_results.append(send_deadline_reminders())
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connection.close()

    slow = threading.Thread(target=slow_run)
    slow.start()
    assert created_by_slow_run.wait(30)
    beat = threading.Thread(target=next_beat)
    started = time.monotonic()
    caplog.set_level(logging.INFO, logger="cases.monitoring.reminders")
    beat.start()
    beat.join(15)
    blocked = beat.is_alive()
    release.set()
    slow.join(30)
    beat.join(30)
    assert not blocked, "the next beat waited for the slow run's transaction"
    assert time.monotonic() - started < 15
    assert errors == []
    (result,) = beat_results
    assert result.creation_skipped and result.sent == 0
    assert "skips creating" in caplog.text

    # The slow run has committed: the following beat sends each reminder once, and only once.
    assert send_deadline_reminders().sent == 3
    assert send_deadline_reminders().sent == 0
    assert len(mail.outbox) == 3
    assert DeadlineReminder.objects.filter(state=ReminderState.SENT).count() == 3
