"""The home page (admin index) at scale: live, per role, at 10,000 / 100,000 / 1,000,000 open deadlines.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/home.py [--sizes 10000,100000,1000000] [--samples 20]

Uses (drops and recreates) the database ``--database`` (default ``h_home_bench``). At each size it
loads the deadlines with ``benchmarks.deadlines.populate`` (rows/4 device-demand cases, deadlines
from 20 days overdue to 60 days ahead over every demo organisation, then VACUUM ANALYZE) and prints,
per role, p50 / p95 over ``--samples`` requests of

* ``page``: GET /admin/ through the Django test client (session, middleware, app list, home) --
  target p95 < 150 ms, no cache;
* ``home``: the home block alone (``{% home %}``, data and template);
* ``previous``: the previous dashboard (commit 277d184, its data and template, uncached), for
  comparison in the same run;

and the read side of the alternative, per-bucket counters maintained with the deadlines
(``counters``: one row per procedure × awaiting organisation × due hour, summed over the windows).
"""

import argparse
import os
import statistics
import subprocess
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.deadlines import populate, prepare_database, timed  # noqa: E402

BENCH_DB = "h_home_bench"
PREVIOUS = "277d184"  # the commit of the previous dashboard (cached, "one letter per line")
ROLES = ("officer", "supervisor", "sts", "kcell", "imei_db", "penitentiary", "prosecutor_reporter", "admin")


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)]


def previous_dashboard():
    """The previous dashboard module and template, read from git (not kept in the tree)."""
    source = subprocess.run(
        ["git", "show", f"{PREVIOUS}:cases/monitoring/dashboard.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    template = subprocess.run(
        ["git", "show", f"{PREVIOUS}:cases/monitoring/templates/monitoring/dashboard.html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("cases.monitoring._previous_dashboard")
    module.__package__ = "cases.monitoring"
    exec(compile(source, "previous_dashboard.py", "exec"), module.__dict__)  # noqa: S102 - our own code at a pinned commit
    return module, template


COUNTERS_SQL = """
CREATE TABLE IF NOT EXISTS bench_deadline_counter AS
SELECT content_type_id, awaiting_organisation_id, date_trunc('hour', due) AS due_hour, count(*) AS n
FROM cases_deadline WHERE met_at IS NULL GROUP BY 1, 2, 3;
CREATE INDEX IF NOT EXISTS bench_deadline_counter_hour ON bench_deadline_counter (due_hour, content_type_id);
ANALYZE bench_deadline_counter;
"""

COUNTERS_READ = """
SELECT content_type_id,
       sum(n) FILTER (WHERE due_hour < %(now)s),
       sum(n) FILTER (WHERE due_hour >= %(now)s AND due_hour < %(today)s),
       sum(n) FILTER (WHERE due_hour >= %(now)s AND due_hour <= %(soon)s),
       sum(n)
FROM bench_deadline_counter GROUP BY content_type_id
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="open deadlines, comma-separated")
    parser.add_argument("--samples", type=int, default=20, help="requests per role and measure (default 20)")
    parser.add_argument("--database", default=BENCH_DB, help=f"throwaway database to (re)create (default {BENCH_DB})")
    parser.add_argument("--roles", default=",".join(ROLES), help="demo usernames, comma-separated")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = prepare_database(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["OTP_REQUIRED_FOR_AUTHORISED_BODY"] = "0"  # the client logs in without a TOTP device
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template import Context, Template
    from django.test import Client, RequestFactory
    from django.test.utils import setup_test_environment
    from django.utils import timezone, translation

    setup_test_environment()  # "testserver" in ALLOWED_HOSTS
    print(f"database {args.database}: migrating …", flush=True)
    call_command("migrate", verbosity=0)
    from cases.monitoring.status import STATUS_LABELS, windows
    from registries.demo import load_demo

    world = load_demo()
    previous, previous_template = previous_dashboard()
    old_page = Template(previous_template)
    home_block = Template("{% load monitoring %}{% home %}")
    roles = args.roles.split(",")

    for size in (int(s) for s in args.sizes.split(",")):
        print(f"\n=== {size:,} open deadlines ===", flush=True)
        populate(world, size)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_deadline_counter")
        load = os.getloadavg()
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 CPUs shared)")
        print(f"{'role':<20} {'page p50':>9} {'p95':>7} | {'home p50':>9} {'p95':>7} | {'previous p50':>13} {'p95':>7}")
        worst = 0.0
        for username in roles:
            user = world["users"][username]
            client = Client()
            client.force_login(user)
            client.get("/admin/", secure=True)  # warm: session, content types, templates
            page = []
            for _ in range(args.samples):
                response, ms = timed(client.get, "/admin/", secure=True, HTTP_ACCEPT_LANGUAGE="kk")
                assert response.status_code == 200 and b'id="home"' in response.content, username
                page.append(ms)
            request = RequestFactory().get("/admin/")
            request.user = user
            home = []
            old = []
            with translation.override("kk"):
                for _ in range(args.samples):
                    _html, ms = timed(home_block.render, Context({"request": request}))
                    home.append(ms)

                def render_previous(user=user):
                    data = previous._build(user)
                    data["labels"] = [(status, STATUS_LABELS[status]) for status in data["statuses"]]
                    return old_page.render(Context({"dashboard": data}))

                for _ in range(args.samples):
                    _html, ms = timed(render_previous)
                    old.append(ms)
            (p50, p95), (h50, h95), (o50, o95) = percentiles(page), percentiles(home), percentiles(old)
            worst = max(worst, p95)
            print(f"{username:<20} {p50:9.1f} {p95:7.1f} | {h50:9.1f} {h95:7.1f} | {o50:13.1f} {o95:7.1f}", flush=True)
        print(f"worst page p95 {worst:.1f} ms (target < 150 ms)")

        with connection.cursor() as cursor:
            _none, build_ms = timed(cursor.execute, COUNTERS_SQL)
            win = windows(timezone.now())
            params = {"now": win.now, "today": win.end_of_today, "soon": win.soon_until}
            reads = []
            for _ in range(args.samples):
                _none, ms = timed(lambda p=params: (cursor.execute(COUNTERS_READ, p), cursor.fetchall()))
                reads.append(ms)
            cursor.execute("SELECT count(*) FROM bench_deadline_counter")
            buckets = cursor.fetchone()[0]
        c50, c95 = percentiles(reads)
        print(
            f"counters (read side only; {buckets:,} buckets built in {build_ms:.0f} ms): p50 {c50:.1f} ms  p95 {c95:.1f} ms",
            flush=True,
        )


if __name__ == "__main__":
    main()
