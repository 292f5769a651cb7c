from celery import shared_task


@shared_task(name="cases.monitoring.tasks.send_deadline_reminders")
def send_deadline_reminders() -> dict:
    """Deadline reminders and escalation; the same service as ``manage.py send_deadline_reminders``."""
    from .reminders import send_deadline_reminders as run

    return run().as_dict()
