from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registries.stafflists.services.compliance import send_reminders


class Command(BaseCommand):
    help = "Send the half-yearly staff-list refresh reminders that are due (each exactly once)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(_("Reminders sent: %(count)s.") % {"count": sent})
