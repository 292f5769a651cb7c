"""Benchmark of the staff-list import (seed 001 p. 5): 100,000 generated rows through the bulk path
(read, validate, cross-organisation checks, preview diff against the accepted list, save)
and 10,000 rows through django-import-export's default row-by-row import, on a temporary
SQLite database. Prints rows/s for both, the ratio and the peak memory (ru_maxrss).

    .venv/bin/python benchmarks/staff_import.py [--rows 100000] [--baseline-rows 10000]
"""

import argparse
import csv
import io
import os
import resource
import sys
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench_staff.sqlite3")
ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0, interactive=False)
    except LookupError as exc:  # role-group sync after the tables exist; irrelevant here
        print(f"(role groups not synced: {exc})")


NAMES = ["Әбдірахманов Ғалым Нұрланұлы", "Қуанышева Өмірзая Сейітқызы", "Үсенов Ұлан", "Иванов Иван Иванович",
         "Һашимова Іңкәр Ерболқызы", "Серікбаев Ерлан Асқарұлы"]
PHONE_STYLES = ["8 ({p}) {b:03d}-{c:02d}-{d:02d}", "+7 {p} {b:03d} {c:02d} {d:02d}", "8{p}{b:03d}{c:02d}{d:02d}"]
MOBILE_CODES = ["701", "702", "705", "707", "747", "771", "775", "777", "778"]


def generate_csv(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["№ р/с", "Тегі, аты, әкесінің аты (болған жағдайда)", "Жұмыс электрондық поштасы", "Ұялы телефон", "Лауазымы"])
    for i in range(1, rows + 1):
        phone = PHONE_STYLES[i % 3].format(p=MOBILE_CODES[i % 9], b=i % 1000, c=(i // 1000) % 100, d=(i // 100000) % 100)
        writer.writerow([i, f"{NAMES[i % len(NAMES)]} {i}", f"staff{i}@bench.gov.kz", phone, "Бас маман"])
        if i % 5000 == 0:
            writer.writerow(["", "", "", "", ""])  # empty rows are ignored
    return buffer.getvalue().encode("utf-8-sig")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_django()

    import tablib
    from django.db import connection

    from registries.demo import bin_from_prefix
    from registries.models import Organisation
    from registries.roles import OrganisationKind
    from registries.stafflists.models import StaffList, StaffListEntry
    from registries.stafflists.resources import RowByRowEntryResource
    from registries.stafflists.services.importing import import_staff_list

    organisation = Organisation.objects.create(
        kind=OrganisationKind.STATE_BODY, name_kk="Бенчмарк мемлекеттік органы", bin=bin_from_prefix("99034099901"),
        email="bench@gov.kz",
    )
    data = generate_csv(args.rows)
    print(f"file: {args.rows:,} rows, {len(data) / 1e6:.1f} MB, database {connection.vendor}")

    # The current accepted list the preview is diffed against: 90 % of the same people, some changed.
    accepted = StaffList.objects.create(organisation=organisation, half_year="2026-H1")
    StaffListEntry.objects.bulk_create(
        (StaffListEntry(staff_list=accepted, row_number=i, full_name=f"{NAMES[i % len(NAMES)]} {i}",
                        email=f"staff{i + args.rows // 10}@bench.gov.kz", phone="+77011234567", position="Бас маман")
         for i in range(1, args.rows + 1)),
        batch_size=1000,
    )
    StaffList.objects.filter(pk=accepted.pk).update(state="accepted")

    started = time.perf_counter()
    result = import_staff_list(data, organisation=organisation, half_year="2026-H2", dry_run=False, file_name="bench.csv")
    fast_seconds = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    saved = StaffListEntry.objects.filter(staff_list=result.staff_list).count()
    assert saved == args.rows, saved
    fast_rate = args.rows / fast_seconds
    print(f"bulk path: {args.rows:,} rows in {fast_seconds:.2f} s = {fast_rate:,.0f} rows/s "
          f"(new {result.new_count:,}, changed {result.changed_count:,}, dropped {result.dropped_count:,}, "
          f"unchanged {result.unchanged:,}, empty ignored {result.empty_rows})")

    # django-import-export's default row-by-row import on the first N rows (same people, phones
    # already normalised so that every row is valid and saved).
    target = StaffList.objects.create(organisation=organisation, half_year="2025-H2")
    dataset = tablib.Dataset(headers=["staff_list", "row_number", "full_name", "email", "phone", "position", "subordinate_name"])
    for row in result.rows[: args.baseline_rows]:
        dataset.append([target.pk, row.line, row.full_name, row.email, row.phone, row.position, ""])
    started = time.perf_counter()
    baseline = RowByRowEntryResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    slow_seconds = time.perf_counter() - started
    assert not baseline.has_errors() and not baseline.has_validation_errors()
    assert StaffListEntry.objects.filter(staff_list=target).count() == len(dataset)
    slow_rate = len(dataset) / slow_seconds
    print(f"import-export row-by-row: {len(dataset):,} rows in {slow_seconds:.2f} s = {slow_rate:,.0f} rows/s "
          f"(scaled to {args.rows:,} rows: {args.rows / slow_rate:.0f} s)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio: {fast_rate / slow_rate:.1f}x")
    print(f"peak memory (ru_maxrss of the whole run): {peak_mb:.0f} MB")
    ok = fast_rate >= 5000 and fast_rate / slow_rate >= 10 and peak_mb < 500
    print("targets (>= 5,000 rows/s, >= 10x, < 500 MB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
