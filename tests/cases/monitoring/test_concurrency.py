"""Two workers running the reminder job at the same moment send a single e-mail (PostgreSQL:
SELECT ... FOR UPDATE SKIP LOCKED plus the conditional claim and the unique constraint)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from cases.monitoring.models import DeadlineReminder, ReminderState
from cases.monitoring.reminders import send_deadline_reminders

from .conftest import NOW
from .factories import DeadlineFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_email(frozen, make_demand, demo):
    awaiting = demo["organisations"]["imei_db"]
    for _ in range(3):
        DeadlineFactory(case=make_demand(), awaiting_organisation=awaiting, start=NOW - timedelta(days=2), due=NOW - timedelta(minutes=5))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(send_deadline_reminders())
        except Exception as exc:  # pragma: no cover - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(r.sent for r in results) == 3
    assert len(mail.outbox) == 3
    assert DeadlineReminder.objects.filter(state=ReminderState.SENT).count() == 3
    assert sum(sum(r.created.values()) for r in results) == 3
