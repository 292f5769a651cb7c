from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "cases.inbox"
    label = "inbox"
    verbose_name = _("Inbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django_fsm.signals import post_transition

        from cases.monitoring.reminders import register_outbox, reminder_due

        from .emails import NoticeOutbox
        from .signals import on_reminder_due, on_transition

        post_transition.connect(on_transition, dispatch_uid="cases.inbox.on_transition")
        reminder_due.connect(on_reminder_due, dispatch_uid="cases.inbox.on_reminder_due")
        register_outbox(NoticeOutbox)
