"""A real Celery worker on the Redis broker runs the reminder job.

The broker is a Redis database kept for the tests (``CELERY_TEST_REDIS_URL``, by default
127.0.0.1:6379 db 15, never the production db 0), and inside it the run has a space of its own:
every key kombu writes (queues, bindings, the workers' control box) starts with a prefix drawn for
this run, and the task goes to a queue of this run that the worker alone consumes. Two test runs
on one host cannot take each other's tasks, and the run's keys are deleted afterwards, so Redis is
left as it was found.

Marked ``redis``: it FAILS (never skips) when Redis cannot be reached, so CI notices an outage.
The worker runs in-process (celery.contrib.testing.worker.start_worker, solo pool), so it
shares the test database; ``transaction=True`` commits the data the worker thread reads.
"""

import os
import time
import uuid
from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail

from cases.monitoring.models import DeadlineReminder, ReminderState
from cases.monitoring.tasks import send_deadline_reminders
from config.celery import app
from tests.celery_connections import forget_broker_connections

from .conftest import NOW
from .factories import DeadlineFactory

REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def run_queue() -> str:
    """A queue name no other test run on this host uses."""
    return f"compliance-tests-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def drop_keys(client, prefix: str) -> None:
    """Delete every key the run wrote (all start with its prefix)."""
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


@pytest.fixture
def redis_celery():
    """(Redis client, key prefix, queue): a worker consuming only this run's queue, every key of
    the run under its own prefix on the tests' Redis database."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({exc}); the Celery integration test needs it.")
    queue = run_queue()
    prefix = f"{queue}:"
    saved = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    app.conf.update(
        broker_url=REDIS_URL, task_always_eager=False, broker_transport_options={"global_keyprefix": prefix}
    )
    forget_broker_connections(app)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15, queues=[queue]
        ):
            yield client, prefix, queue
    finally:
        app.conf.update(saved)
        forget_broker_connections(app)
        drop_keys(client, prefix)
        client.close()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_reminders(frozen, make_demand, demo, redis_celery):
    deadline = DeadlineFactory(
        case=make_demand(),
        awaiting_organisation=demo["organisations"]["imei_db"],
        start=NOW - timedelta(days=2),
        due=NOW - timedelta(minutes=5),
    )
    client, prefix, queue = redis_celery
    other_run = run_queue()  # the queue of another test run on the same host
    send_deadline_reminders.apply_async(queue=other_run)
    send_deadline_reminders.apply_async(queue=queue)  # published to Redis, consumed by the worker thread
    waited = 0.0
    while waited < 120 and not DeadlineReminder.objects.filter(deadline=deadline, state=ReminderState.SENT).exists():
        time.sleep(0.2)
        waited += 0.2
    # this run's worker left the other run's task where it was
    assert client.llen(f"{prefix}{other_run}") == 1
    reminder = DeadlineReminder.objects.get(deadline=deadline)
    assert reminder.state == ReminderState.SENT
    assert len(mail.outbox) == 1
