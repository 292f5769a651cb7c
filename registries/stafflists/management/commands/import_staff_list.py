from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registries.models import Organisation
from registries.stafflists.models import current_half_year
from registries.stafflists.services.importing import MAX_BYTES, ImportRefused, import_staff_list


class Command(BaseCommand):
    help = "Import a staff list (seed 001 Appendix 1) from XLSX or CSV: exit 0 with a summary, 1 with the row errors."

    def add_arguments(self, parser):
        parser.add_argument("org_bin", help="BIN of the state body")
        parser.add_argument("file", help="XLSX or CSV file")
        parser.add_argument("--dry-run", action="store_true", help="validate and preview only; save nothing")
        parser.add_argument("--half", default=None, help="half-year, e.g. 2026-H2 (default: the current one)")
        parser.add_argument("--signatory-position", default="")
        parser.add_argument("--signatory-name", default="")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(bin=options["org_bin"]).first()
        if organisation is None:
            raise CommandError(_("No organisation with BIN %(bin)s.") % {"bin": options["org_bin"]}, returncode=1)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path}, returncode=1)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(_("The file is larger than 20 MB; split it."), returncode=1)
        try:
            with path.open("rb") as handle:  # streamed: the import reads the file row by row
                result = import_staff_list(
                    handle,
                    organisation=organisation,
                    half_year=options["half"] or current_half_year(),
                    dry_run=options["dry_run"],
                    file_name=path.name,
                    signatory_position=options["signatory_position"],
                    signatory_name=options["signatory_name"],
                )
        except ImportRefused as refusal:
            raise CommandError(" ".join(refusal.messages), returncode=1) from refusal
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            if result.error_count > len(result.errors):
                self.stderr.write(_("… and %(count)s more errors.") % {"count": result.error_count - len(result.errors)})
            raise CommandError(_("Nothing saved: %(summary)s") % {"summary": result.summary()}, returncode=1)
        if result.dry_run:
            self.stdout.write(_("Dry run, nothing saved: %(summary)s") % {"summary": result.summary()})
        else:
            self.stdout.write(
                _("Saved as staff list #%(pk)s (draft): %(summary)s") % {"pk": result.staff_list.pk, "summary": result.summary()}
            )
