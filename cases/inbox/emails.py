"""The notice e-mails, sent by the reminders' delivery machinery (``cases.monitoring.reminders``:
claimed once, retried on failure, drained by the same job).

Kazakh; the members who chose Russian get the Kazakh text followed by the Russian one. The link
is absolute, from ``PUBLIC_BASE_URL``.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from cases.deadlines import ALMATY
from cases.monitoring.reminders import Outbox, absolute_url, admin_path_of

from .models import NoticeEmail
from .selectors import procedure_of, what_happened
from .services import email_recipients


def _render(notice, language: str) -> tuple[str, str]:
    with translation.override(language):
        context = {
            "notice": notice,
            "case": notice.case,
            "procedure": procedure_of(notice),
            "what": what_happened(notice),
            "happened_local": notice.happened_at.astimezone(ALMATY),
            "due_local": notice.due.astimezone(ALMATY) if notice.due else None,
            "url": absolute_url(admin_path_of(notice.content_type, notice.object_id)),
            "organisation": notice.organisation,
        }
        subject = " ".join(render_to_string("inbox/email_subject.txt", context).split())
        body = render_to_string("inbox/email_body.txt", context)
    return subject, body


def compose(notice, language: str) -> tuple[str, str]:
    subject, body = _render(notice, "kk")
    if language == "ru":
        ru_subject, ru_body = _render(notice, "ru")
        subject, body = f"{subject} / {ru_subject}", f"{body}\n\n— — —\n\n{ru_body}"
    return subject, body


class NoticeOutbox(Outbox):
    model = NoticeEmail
    related = ("notice", "notice__organisation", "notice__content_type", "notice__deadline", "notice__reminder")
    name = "Notice e-mail"

    def deliver(self, row, mail_connection) -> list[str]:
        notice = row.notice
        users = email_recipients(notice.organisation, language=row.language, exclude_user_id=notice.by_id)
        addresses = sorted({user.email for user in users})
        if not addresses:
            return []
        subject, body = compose(notice, row.language)
        EmailMessage(subject, body, bcc=addresses, connection=mail_connection).send(fail_silently=False)
        return addresses


def send_notice_emails():
    """Send every pending notice e-mail now (the job also does it after the reminders)."""
    from cases.monitoring.reminders import RunResult, drain

    return drain(NoticeOutbox(), RunResult())
