from django.core.management.base import BaseCommand

from cases.monitoring.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Send the deadline reminders and escalations that are due (each once per deadline and point)."

    def handle(self, *args, **options):
        result = send_deadline_reminders()
        created = ", ".join(f"{point}: {count}" for point, count in result.created.items()) or "-"
        self.stdout.write(
            f"new reminders: {created}; sent {result.sent}, failed {result.failed} (retried on the next run), "
            f"cancelled {result.cancelled}, released {result.released}"
            + ("; creation skipped: another run is creating reminders" if result.creation_skipped else "")
        )
        return None
