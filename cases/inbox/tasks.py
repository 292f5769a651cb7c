from celery import shared_task


@shared_task(name="cases.inbox.tasks.send_notice_emails")
def send_notice_emails() -> dict:
    """The notice e-mails waiting to be sent (also drained by ``send_deadline_reminders``)."""
    from .emails import send_notice_emails as run

    return run().as_dict()
