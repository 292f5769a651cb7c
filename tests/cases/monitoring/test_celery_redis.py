"""A real Celery worker on the Redis broker (127.0.0.1:6379, db 15) runs the reminder job.

Marked ``redis``: it FAILS (never skips) when Redis cannot be reached, so CI notices an outage.
The worker runs in-process (celery.contrib.testing.worker.start_worker, solo pool), so it
shares the test database; ``transaction=True`` commits the data the worker thread reads.
"""

import time
from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail

from cases.monitoring.models import DeadlineReminder, ReminderState
from cases.monitoring.tasks import send_deadline_reminders
from config.celery import app

from .conftest import NOW
from .factories import DeadlineFactory

REDIS_URL = "redis://127.0.0.1:6379/15"


def _reset_connections():
    """Forget broker connections made for another configuration earlier in the session."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_celery():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.exceptions.RedisError as exc:
        pytest.fail(f"Redis on 127.0.0.1:6379 is unreachable ({exc}); the Celery integration test needs it.")
    saved = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    _reset_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15):
            yield app
    finally:
        app.conf.update(saved)
        _reset_connections()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_reminders(frozen, make_demand, demo, redis_celery):
    deadline = DeadlineFactory(
        case=make_demand(),
        awaiting_organisation=demo["organisations"]["imei_db"],
        start=NOW - timedelta(days=2),
        due=NOW - timedelta(minutes=5),
    )
    send_deadline_reminders.delay()  # published to Redis, consumed by the worker thread
    waited = 0.0
    while waited < 60 and not DeadlineReminder.objects.filter(deadline=deadline, state=ReminderState.SENT).exists():
        time.sleep(0.2)
        waited += 0.2
    reminder = DeadlineReminder.objects.get(deadline=deadline)
    assert reminder.state == ReminderState.SENT
    assert len(mail.outbox) == 1
