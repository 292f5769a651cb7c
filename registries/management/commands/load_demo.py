from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from config.public_url import public_url
from registries.demo import DEMO_PASSWORD, DEMO_USERS, load_full_demo


def load_without_mail() -> int:
    """Load the demo and keep the e-mails its procedures write (e.g. the staff-list import's
    set-password links, seed 001 p. 5) in memory instead of sending or printing them: the demo
    users log in with the demo password. Returns how many were held back."""
    outbox = getattr(mail, "outbox", None)
    mail.outbox = []
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            load_full_demo()
        return len(mail.outbox)
    finally:
        if outbox is None:
            del mail.outbox
        else:
            mail.outbox = outbox


class Command(BaseCommand):
    help = "Load the demo: organisations of every kind, one user per role, every procedure's cases (idempotent)."

    def handle(self, *args, **options):
        # The demo users' password is public: only a development run (DEBUG=1) may create them.
        if not settings.DEBUG:
            raise CommandError(
                _("The demo is loaded only in a development run (DEBUG=1): its users' password is public.")
            )
        held_back = load_without_mail()
        self.stdout.write(self.style.SUCCESS(_("Demo loaded.")))
        if held_back:
            self.stdout.write(
                _("E-mails of the demo held back (neither sent nor printed): %(count)d") % {"count": held_back}
            )
        # The address scripts/run.sh serves (it sets PUBLIC_BASE_URL from ADDRESS).
        self.stdout.write(
            _("Log in at %(url)s with password %(password)s as:")
            % {"url": public_url("/admin/"), "password": DEMO_PASSWORD}
        )
        for username, _org, role, _name in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role}")
        self.stdout.write(f"  {'admin':<22} superuser")
