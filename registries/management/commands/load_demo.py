from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from registries.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load the demo: organisations of every kind and one user per role (idempotent)."

    def handle(self, *args, **options):
        from importlib import import_module

        from django.apps import apps

        result = load_demo()
        # Procedures add their own demo cases through a ``demo`` module with ``load(world)``.
        for config in apps.get_app_configs():
            if config.name == "registries":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.load(result)
        self.stdout.write(self.style.SUCCESS(_("Demo loaded.")))
        self.stdout.write(_("Log in at http://127.0.0.1:8000/admin/ with password %(password)s as:") % {"password": DEMO_PASSWORD})
        for username, _org, role, _name in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role}")
        self.stdout.write(f"  {'admin':<22} superuser")
