"""Deadline monitoring at scale: 1,000,000 open deadlines on PostgreSQL.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/deadlines.py [--rows N] [--database NAME]

Uses (drops and recreates) the database ``--database`` (default ``h_monitoring_bench``) on the
server DATABASE_URL names. Inserts ``--rows`` open deadlines (``populate``) on rows/4 real device-demand
cases, spread from 20 days overdue to 60 days ahead, awaiting the demo organisations; then prints

* the reminder job's selection (the set-based SELECT per point, and the INSERT ... SELECT
  that creates the reminder rows), in the two planner states the job meets in production:
  first run over a fresh reminder table the planner has no statistics for, and first run
  after the reminders were purged and the table analysed (as autovacuum does) -- each
  followed by a steady-state run (rows exist). Targets: first run < 5 s, steady < 2 s;
* the home page block's render time over 20 renders (p50 / p95), live, for the authorised body
  and two scoped organisations -- target p95 < 150 ms (every role, the whole page and the
  previous dashboard for comparison: ``benchmarks/home.py``).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "h_monitoring_bench"


def prepare_database(bench_db: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point at a PostgreSQL server (the benchmark uses its own database, --database).")
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench_db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{bench_db}"')
    return urlunsplit(parts._replace(path=f"/{bench_db}"))


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000


def populate(world, rows: int, now=None) -> dict:
    """Insert ``rows`` open deadlines (INSERT … SELECT generate_series) on rows/4 copies of one real
    device-demand case, spread from 20 days overdue to 60 days ahead, over every demo organisation;
    earlier copies and deadlines are deleted first (so the benchmarks can grow the volume in
    steps). Then VACUUM ANALYZE, as autovacuum does after a bulk load."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from cases.models import Deadline
    from cases.monitoring.status import procedure_models
    from cases.rules import declared_rules
    from tests.cases.monitoring.factories import build_instance

    now = now or timezone.now()
    model = next(m for m in procedure_models() if m._meta.label_lower == "devices.devicedemand")
    orgs = world["organisations"]
    template = model.objects.order_by("pk").first()
    if template is None:
        template = build_instance(
            model,
            orgs["penitentiary"],
            world["users"]["penitentiary"],
            penitentiary=orgs["penitentiary"],
            db_operator=orgs["imei_db"],
        )
    Deadline.objects.all()._raw_delete(Deadline.objects.db)
    model.objects.exclude(pk=template.pk)._raw_delete(model.objects.db)
    n_cases = max(1, rows // 4)
    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields if not f.primary_key)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Copies of one real case row, made by the server (generate_series): fast and generic.
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}, generate_series(2, %s) WHERE id = %s",
            [n_cases, template.pk],
        )
        cursor.execute(f"SELECT min(id), max(id) FROM {table}")
        first_case, last_case = cursor.fetchone()
    print(f"{n_cases:,} cases inserted in {time.perf_counter() - started:.1f} s", flush=True)

    ct = ContentType.objects.get_for_model(model).pk
    awaiting = [o.pk for o in orgs.values()]
    # the procedure's real rule codes (the pages show their labels)
    codes = sorted(code for code in declared_rules() if code.startswith("s000.")) or ["bench.rule"]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Open deadlines spread from 20 days overdue to 60 days ahead, over every demo organisation.
        cursor.execute(
            """
            INSERT INTO cases_deadline (content_type_id, object_id, rule_code, citation, start, due,
                                        outcome, awaiting_organisation_id, created_at)
            SELECT %(ct)s, %(first)s + (g %% %(cases)s), (%(codes)s::text[])[1 + g %% %(ncodes)s], 'Бұйрық № 267-НҚ, 5-т.',
                   s.start, s.start + make_interval(secs => 3600 + (hashtext(g::text || 'd') & 2147483647) %% (60 * 86400)), '',
                   (%(orgs)s::bigint[])[1 + g %% %(norgs)s], %(now)s
            FROM generate_series(0, %(rows)s - 1) g,
                 LATERAL (SELECT %(now)s::timestamptz - make_interval(secs => (hashtext(g::text) & 2147483647) %% (20 * 86400)) AS start) s
            """,
            {
                "ct": ct,
                "first": first_case,
                "cases": last_case - first_case + 1,
                "orgs": awaiting,
                "norgs": len(awaiting),
                "codes": codes,
                "ncodes": len(codes),
                "now": now,
                "rows": rows,
            },
        )
        cursor.execute("VACUUM ANALYZE cases_deadline")
        cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"{rows:,} open deadlines inserted (INSERT … SELECT generate_series) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return {"model": model, "template": template}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="open deadlines to insert (default 1,000,000)")
    parser.add_argument("--database", default=BENCH_DB, help=f"throwaway database to (re)create (default {BENCH_DB})")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = prepare_database(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.utils import timezone

    print(f"database {args.database}: migrating …", flush=True)
    call_command("migrate", verbosity=0)
    from registries.demo import load_demo

    world = load_demo()
    from cases.monitoring import reminders
    from cases.monitoring.models import DeadlineReminder

    populate(world, args.rows)

    print("\nreminder job: selection (set-based SQL)")
    points = reminders.configured_points()
    for point in points:
        count, ms = timed(lambda p=point: reminders.selection(p, timezone.now(), points).count())
        print(f"  SELECT {point:<24} {count:>9,} deadlines due a reminder  {ms:8.1f} ms")
    reminder_table = DeadlineReminder._meta.db_table
    for state in ("no statistics (fresh table)", "after purge + ANALYZE"):
        if state.startswith("after"):
            DeadlineReminder.objects.all().delete()
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {reminder_table}")
        print(f"  planner state: {state}")
        created, ms = timed(reminders.create_due_reminders)
        print(
            f"    INSERT … SELECT, first run: {sum(created.values()):,} reminder rows created  {ms:8.1f} ms  (target < 5000 ms)",
            flush=True,
        )
        created, ms = timed(reminders.create_due_reminders)
        print(
            f"    INSERT … SELECT, steady state (rows exist): {sum(created.values()):,} created  {ms:8.1f} ms  (target < 2000 ms)",
            flush=True,
        )
    DeadlineReminder.objects.all().delete()

    page = Template("{% load monitoring %}{% home %}")
    print("\nhome page block, live (20 renders; every role and the previous dashboard: benchmarks/home.py)")
    for username in ("officer", "penitentiary", "imei_db"):
        request = RequestFactory().get("/admin/")
        request.user = world["users"][username]
        samples = []
        for _ in range(20):
            html, ms = timed(page.render, Context({"request": request}))
            samples.append(ms)
        samples.sort()
        p95 = samples[int(0.95 * len(samples)) - 1]
        assert 'id="home"' in html
        print(f"  {username:<13} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   (target p95 < 150 ms)")


if __name__ == "__main__":
    main()
