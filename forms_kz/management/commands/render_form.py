"""Render any form to a PDF file: ``manage.py render_form CODE --sample --output PATH``.

With ``--sample`` the form's built-in SAMPLE data (forms_kz.schemas) is used; ``--data FILE``
reads a JSON file instead. The output is a specimen: it carries the ЖОБА watermark and no
register number unless ``--specimen-number`` is given (then it is rendered as if issued now,
still not registered). Unknown code → exit code 2.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from forms_kz.forms import render
from forms_kz.schemas import FORM_SCHEMAS, check_data


class Command(BaseCommand):
    help = "Render a printable form to PDF with its built-in sample data (or a JSON file)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="form code: " + ", ".join(FORM_SCHEMAS))
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--sample", action="store_true", help="use the form's built-in sample data")
        source.add_argument("--data", type=Path, help="JSON file with the form data")
        parser.add_argument("--output", "-o", type=Path, required=True, help="where to write the PDF")
        parser.add_argument("--issuer", default="Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат комитеті")
        parser.add_argument("--addressee", default="")
        parser.add_argument("--specimen-number", default="",
                            help="print this register number and today's date instead of the draft watermark")

    def handle(self, *args, code, sample, data, output, issuer, addressee, specimen_number, **options):
        if code not in FORM_SCHEMAS:
            self.stderr.write(f"Unknown form code: {code!r}. Known codes: {', '.join(FORM_SCHEMAS)}")
            sys.exit(2)
        schema = FORM_SCHEMAS[code]
        if sample:
            payload = schema.sample
        else:
            try:
                payload = json.loads(data.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read {data}: {exc}") from exc
        missing, errors = check_data(code, payload)
        for name, message in errors.items():
            self.stderr.write(f"{name}: {message}")
        if errors:
            raise CommandError("The data are malformed.")
        if missing:
            self.stderr.write("Missing required keys (printed as blanks): " + ", ".join(missing))
        issued = bool(specimen_number)
        ctx = {
            "draft": not issued,
            "register_number": specimen_number or None,
            "issued_at": timezone.now().replace(microsecond=0) if issued else None,
            "issuer_name": issuer,
            "addressee": addressee,
            "signatory_position": payload.get("signatory_position") or schema.key("signatory_position").default or "",
            "signatory_name": payload.get("signatory_name", ""),
            "verification_url": None,
        }
        content = render(code, payload, ctx)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(content)
        self.stdout.write(f"{code}: {len(content)} bytes → {output}")
