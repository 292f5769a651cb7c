"""``manage.py sweep_inactive --half 2026-H2 [--apply --by <supervisor>]`` (seed 001 p. 6)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cases.services import TransitionRefused

from ...services import account_sweep_apply, form_sweep


class Command(BaseCommand):
    help = _(
        "Form the inactive-account sweep of a half-year (or show the existing one); with --apply, "
        "deactivate its remaining accounts once it has been reviewed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--half", required=True, help=_("Half-year, e.g. 2026-H1."))
        parser.add_argument("--apply", action="store_true", help=_("Apply the reviewed sweep: deactivate its accounts."))
        parser.add_argument("--by", help=_("Username of the authorised body's official acting (required with --apply)."))
        parser.add_argument("--comment", default="", help=_("Comment recorded with the step."))

    def handle(self, *args, half, apply, by, comment, **options):
        user = None
        if by:
            try:
                user = get_user_model().objects.get(username=by)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(_("There is no user “%(user)s”.") % {"user": by}) from exc
        if apply and user is None:
            raise CommandError(_("--apply needs --by: the authorised body's supervisor who answers for the deactivation."))
        try:
            sweep, created = form_sweep(half, by=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        message = _("Sweep %(half)s formed: %(count)d accounts listed.") if created else _(
            "Sweep %(half)s already exists (%(state)s): %(count)d accounts listed."
        )
        self.stdout.write(message % {"half": sweep.half_year, "count": sweep.entries_count, "state": sweep.get_state_display()})
        if apply:
            try:
                account_sweep_apply(case=sweep, actor=user, comment=comment)
            except TransitionRefused as exc:
                raise CommandError(str(exc)) from exc
            sweep.refresh_from_db()
            self.stdout.write(self.style.SUCCESS(
                _("Sweep %(half)s applied: %(count)d accounts deactivated.") % {"half": sweep.half_year, "count": sweep.deactivated_count}
            ))
