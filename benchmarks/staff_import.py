"""Benchmark of the staff-list import (seed 001 p. 5) against what a user would otherwise run on
the same file, in the same run, on SQLite and PostgreSQL, at 10,000 / 100,000 / 1,000,000 rows:

* staff import — ``import_staff_list`` on the file: read, validate, duplicate and
  cross-organisation checks, preview diff against the accepted list, save (one history record);
* import-export default — django-import-export's default import: a plain ``ModelResource``
  (``class Meta: model = StaffListEntry``, nothing else) and ``import_data(dataset, dry_run=False)``;
* import-export use_bulk — the same resource with ``use_bulk = True``;
* bulk_create — ``StaffListEntry.objects.bulk_create(entries)`` with Django's defaults;
* COPY — psycopg's ``cursor.copy("COPY … FROM STDIN")`` with ``write_row`` (PostgreSQL only).

The baselines insert the rows already parsed (CSV read, phones normalised: the time of that parse
is printed on its own); they do no validation, no checks and no diff. The staff import is timed
from the file on disk. Each size runs in its own process, so the peak RSS of each method (sampled
every 5 ms while it runs, above the RSS before it) is its own. The import's file limits (20 MB,
200,000 rows) are lifted for the 1,000,000-row run. Methods too slow for a size are measured at
the largest size allowed (``--default-max``, ``--bulk-max``) and extrapolated linearly from it,
printed "extrapolated".

    .venv/bin/python benchmarks/staff_import.py [--sizes 10000,100000,1000000] \\
        [--databases sqlite,postgresql] [--pg-url postgresql://postgres@127.0.0.1:5432/staffimport_db]
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = Path("/tmp/bench_staff.sqlite3")
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/staffimport_db"
METHODS = ("staff import", "import-export default", "import-export use_bulk", "bulk_create", "COPY")

NAMES = ["Әбдірахманов Ғалым Нұрланұлы", "Қуанышева Өмірзая Сейітқызы", "Үсенов Ұлан", "Иванов Иван Иванович",
         "Һашимова Іңкәр Ерболқызы", "Серікбаев Ерлан Асқарұлы"]
PHONE_STYLES = ["8 ({p}) {b:03d}-{c:02d}-{d:02d}", "+7 {p} {b:03d} {c:02d} {d:02d}", "8{p}{b:03d}{c:02d}{d:02d}"]
MOBILE_CODES = ["701", "702", "705", "707", "747", "771", "775", "777", "778"]
HEADER = ["№ р/с", "Тегі, аты, әкесінің аты (болған жағдайда)", "Жұмыс электрондық поштасы", "Ұялы телефон", "Лауазымы"]


def setup_django(url: str):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def write_csv(path: Path, rows: int) -> None:
    """The file, written as it is generated (the benchmark never holds it whole)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for i in range(1, rows + 1):
            phone = PHONE_STYLES[i % 3].format(p=MOBILE_CODES[i % 9], b=i % 1000, c=(i // 1000) % 100, d=(i // 100000) % 100)
            writer.writerow([i, f"{NAMES[i % len(NAMES)]} {i}", f"staff{i}@bench.gov.kz", phone, "Бас маман"])
            if i % 5000 == 0:
                writer.writerow(["", "", "", "", ""])  # empty rows are ignored


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss:
    """The highest RSS seen while the block runs (sampled every 5 ms), above the RSS before it."""

    def __enter__(self):
        self.before = self.peak = rss_mb()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss_mb())
        self.delta = self.peak - self.before


def child(url: str, size: int, default_max: int, bulk_max: int) -> dict:
    """One size on one database, in this process: every method, timed and its peak RSS."""
    setup_django(url)
    import tablib
    from django.db import connection, transaction
    from import_export import resources

    from registries.demo import bin_from_prefix
    from registries.models import Organisation
    from registries.roles import OrganisationKind
    from registries.stafflists.models import StaffList, StaffListEntry
    from registries.stafflists.services import importing, reading
    from registries.validators import normalise_kz_mobile

    class DefaultResource(resources.ModelResource):
        class Meta:
            model = StaffListEntry

    class BulkResource(resources.ModelResource):
        class Meta:
            model = StaffListEntry
            use_bulk = True

    # the limits an upload has (20 MB, 200,000 rows) lifted for the 1,000,000-row run
    importing.MAX_ROWS = reading.MAX_ROWS = max(2 * size, reading.MAX_ROWS)  # the reader counts empty lines too
    reading.MAX_BYTES = max(200 * 2**20, reading.MAX_BYTES)

    organisation, _ = Organisation.objects.get_or_create(
        bin=bin_from_prefix("99034099901"),
        defaults={"kind": OrganisationKind.STATE_BODY, "name_kk": "Бенчмарк мемлекеттік органы", "email": "bench@gov.kz"},
    )
    StaffListEntry.objects.filter(staff_list__organisation=organisation).delete()
    StaffList.history.filter(organisation_id=organisation.pk).delete()
    StaffList.objects.filter(organisation=organisation).delete()
    path = Path(f"/tmp/bench_staff_{connection.vendor}_{size}.csv")
    write_csv(path, size)
    out = {"database": connection.vendor, "rows": size, "mb": path.stat().st_size / 1e6, "methods": {}}

    # The accepted list the preview is diffed against: 90 % of the same people, some changed.
    accepted = StaffList.objects.create(organisation=organisation, half_year="2026-H1")
    opts = StaffListEntry._meta
    columns = [opts.get_field(f).column for f in ("staff_list", "row_number", "full_name", "email", "phone", "position",
                                                  "subordinate_name")]
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(1, size + 1, 10_000):
            importing._insert(cursor, opts.db_table, columns, [
                (accepted.pk, i, f"{NAMES[i % len(NAMES)]} {i}", f"staff{i + size // 10}@bench.gov.kz", "+77011234567",
                 "Бас маман", "") for i in range(start, min(start + 10_000, size + 1))])
    StaffList.objects.filter(pk=accepted.pk).update(state="accepted")

    def record(name, rows, seconds, peak):
        out["methods"][name] = {"rows": rows, "seconds": seconds, "rate": rows / seconds, "rss_mb": peak.delta,
                                "rss_before_mb": peak.before}

    with path.open("rb") as handle, PeakRss() as peak:
        started = time.perf_counter()
        result = importing.import_staff_list(handle, organisation=organisation, half_year="2026-H2", dry_run=False,
                                             file_name=path.name)
        seconds = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    assert StaffListEntry.objects.filter(staff_list=result.staff_list).count() == size
    assert StaffList.history.filter(id=result.staff_list.pk).count() == 1
    record("staff import", size, seconds, peak)
    out["diff"] = {"new": result.new_count, "changed": result.changed_count, "dropped": result.dropped_count,
                   "unchanged": result.unchanged, "empty": result.empty_rows}

    # The rows parsed once for the baselines: CSV read, empty rows skipped, phones normalised.
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        parsed = [(int(number), name, email, normalise_kz_mobile(phone), position)
                  for number, name, email, phone, position in reader if name]
    out["parse_seconds"] = time.perf_counter() - started
    assert len(parsed) == size

    def target(half_year):
        return StaffList.objects.create(organisation=organisation, half_year=half_year)

    def dataset(staff_list, rows):
        data = tablib.Dataset(headers=["staff_list", "row_number", "full_name", "email", "phone", "position", "subordinate_name"])
        for number, name, email, phone, position in rows:
            data.append([staff_list.pk, number, name, email, phone, position, ""])
        return data

    for name, resource, limit, half in (("import-export default", DefaultResource, default_max, "2025-H2"),
                                        ("import-export use_bulk", BulkResource, default_max, "2025-H1")):
        if size > limit:
            continue  # too slow: extrapolated from the largest size measured
        rows = size
        staff_list = target(half)
        data = dataset(staff_list, parsed[:rows])
        with PeakRss() as peak:
            started = time.perf_counter()
            outcome = resource().import_data(data, dry_run=False)
            seconds = time.perf_counter() - started
        assert not outcome.has_errors() and not outcome.has_validation_errors(), name
        assert StaffListEntry.objects.filter(staff_list=staff_list).count() == rows, name
        del data
        record(name, rows, seconds, peak)

    if size <= bulk_max:
        staff_list = target("2024-H2")
        with PeakRss() as peak:
            started = time.perf_counter()
            StaffListEntry.objects.bulk_create(
                [StaffListEntry(staff_list_id=staff_list.pk, row_number=number, full_name=name, email=email, phone=phone,
                                position=position) for number, name, email, phone, position in parsed]
            )
            seconds = time.perf_counter() - started
        assert StaffListEntry.objects.filter(staff_list=staff_list).count() == size
        record("bulk_create", size, seconds, peak)

    if connection.vendor == "postgresql":
        staff_list = target("2024-H1")
        with PeakRss() as peak:
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor, \
                    cursor.cursor.copy(f"COPY {opts.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
                for number, name, email, phone, position in parsed:
                    copy.write_row((staff_list.pk, number, name, email, phone, position, ""))
            seconds = time.perf_counter() - started
        assert StaffListEntry.objects.filter(staff_list=staff_list).count() == size
        record("COPY", size, seconds, peak)
    path.unlink()
    out["load"] = os.getloadavg()
    return out


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0", "--no-input"], check=True, env=env, cwd=ROOT)


def report(results: list[dict], sizes: list[int]) -> bool:
    ok = True
    for vendor in dict.fromkeys(r["database"] for r in results):
        runs = {r["rows"]: r for r in results if r["database"] == vendor}

        def measured(name, size, runs=runs):
            """The method's run at ``size``, else at the largest size below it (extrapolated)."""
            for candidate in sorted((s for s in sizes if s <= size), reverse=True):
                if name in runs[candidate]["methods"]:
                    return runs[candidate]["methods"][name]
            return None

        print(f"\n== {vendor} ==")
        print(f"{'method':24} {'rows':>10} {'measured':>10} {'seconds':>9} {'rows/s':>10} {'import ÷':>9} {'peak RSS':>9}")
        for size in sizes:
            run = runs[size]
            fast = run["methods"]["staff import"]["rate"]
            print(f"-- {size:,} rows ({run['mb']:.1f} MB file; parse for the baselines {run['parse_seconds']:.2f} s; "
                  f"diff {run['diff']}; load average at the end {' '.join(f'{x:.1f}' for x in run.get('load', ()))})")
            for name in METHODS:
                method = measured(name, size)
                if method is None:
                    continue
                extrapolated = method["rows"] < size
                seconds = size / method["rate"]
                rss = f"{method['rss_mb']:>7.0f} MB" if not extrapolated else f"{'':>10}"
                print(f"{name:24} {size:>10,} {method['rows']:>10,} {seconds:>9.2f} {method['rate']:>10,.0f} "
                      f"{fast / method['rate']:>8.1f}x {rss}"
                      + (f"  extrapolated (linear) from {method['rows']:,} rows" if extrapolated else ""))
        print("cost growth (time per 10x rows, measured; 10 = linear, 100 = quadratic):")
        for name in METHODS:
            growth = []
            for small, big in zip(sizes, sizes[1:], strict=False):
                a, b = runs[small]["methods"].get(name), runs[big]["methods"].get(name)
                if a and b:
                    growth.append(f"{a['rows']:,}→{b['rows']:,}: {(b['seconds'] / a['seconds']) / (b['rows'] / a['rows']) * 10:.1f}")
            if growth:
                print(f"  {name:24} " + "; ".join(growth))
        size = sizes[-1]
        fast = runs[size]["methods"]["staff import"]["rate"]
        default = measured("import-export default", size)
        default_ratio = fast / default["rate"]
        rss = [runs[s]["methods"]["staff import"]["rss_mb"] for s in sizes]
        flat = max(rss) <= 2 * max(min(rss), 25)
        checks = [(f">= 20x import-export default at {size:,} rows ({default_ratio:.1f}x"
                   + (", default extrapolated)" if default["rows"] < size else ")"), default_ratio >= 20),
                  (f"staff import peak RSS flat in the row count ({', '.join(f'{r:.0f}' for r in rss)} MB)", flat)]
        copy = runs[size]["methods"].get("COPY")
        if copy:
            share = fast / copy["rate"]
            with_parse = fast / (size / (size / copy["rate"] + runs[size]["parse_seconds"]))
            checks.append((f">= 50 % of COPY's rows/s ({share:.0%}; {with_parse:.0%} of COPY + the CSV parse)", share >= 0.5))
        for text, met in checks:
            print(f"target {text}: {'met' if met else 'NOT met'}")
            ok &= met
    print(f"\nload average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--default-max", type=int, default=100_000,
                        help="import-export default and use_bulk: the largest size measured (beyond: extrapolated)")
    parser.add_argument("--bulk-max", type=int, default=1_000_000,
                        help="bulk_create: the largest size measured (beyond: extrapolated)")
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument("--save", default="/tmp/bench_staff_results.jsonl", help="each size's measures appended here")
    parser.add_argument("--report", help="only print the report of the given --save files (comma-separated)")
    parser.add_argument("--child", nargs=2, metavar=("URL", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), args.default_max, args.bulk_max)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.report:  # the report of the sizes saved by earlier runs
        results = [json.loads(line) for name in args.report.split(",") for line in Path(name).read_text().splitlines()]
        sizes = [s for s in sizes if all(any(r["rows"] == s and r["database"] == d for r in results)
                                         for d in {r["database"] for r in results})]
        return 0 if report(results, sizes) else 1
    urls = {"sqlite": f"sqlite:///{SQLITE_PATH}", "postgresql": args.pg_url}
    results = []
    for database in args.databases.split(","):
        url = urls[database]
        if not args.no_migrate:
            migrate(url)
        for size in sizes:
            done = subprocess.run(
                [sys.executable, __file__, "--child", url, str(size), "--default-max", str(args.default_max),
                 "--bulk-max", str(args.bulk_max)],
                check=False, capture_output=True, text=True, cwd=ROOT,
            )
            if done.returncode:
                sys.exit(f"{database} {size:,} failed:\n{done.stderr}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            with Path(args.save).open("a") as saved:  # each size kept as soon as it is measured
                saved.write(json.dumps(results[-1]) + "\n")
            print(f"{database} {size:,}: done", file=sys.stderr)
    return 0 if report(results, sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
