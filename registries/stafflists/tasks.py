from celery import shared_task


@shared_task(name="stafflists.remind_staff_lists")
def remind_staff_lists() -> int:
    """Half-yearly refresh reminders (seed 001 p. 5); the same service as ``manage.py remind_staff_lists``."""
    from .services.compliance import send_reminders

    return send_reminders()
