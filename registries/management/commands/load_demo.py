from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registries.demo import DEMO_PASSWORD, DEMO_USERS, load_full_demo


class Command(BaseCommand):
    help = "Load the demo: organisations of every kind, one user per role, every procedure's cases (idempotent)."

    def handle(self, *args, **options):
        # The demo users' password is public: only a development run (DEBUG=1) may create them.
        if not settings.DEBUG:
            raise CommandError(_("The demo is loaded only in a development run (DEBUG=1): its users' password is public."))
        load_full_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo loaded.")))
        self.stdout.write(_("Log in at http://127.0.0.1:8000/admin/ with password %(password)s as:") % {"password": DEMO_PASSWORD})
        for username, _org, role, _name in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role}")
        self.stdout.write(f"  {'admin':<22} superuser")
