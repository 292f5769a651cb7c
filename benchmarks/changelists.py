"""Benchmark: the reviewer's queue at any depth against a stock Django admin (README, Performance).

Fills the notifications (5 facts each, ``benchmarks/violations.py``'s COPY generator) and
measures, through the Django test client logged in as the reviewer (the authorised body's
officer), the project's changelist and a stock ``admin.ModelAdmin`` of the same model — same
rows, same ordering, same ``list_per_page``, registered on a separate ``AdminSite`` inside this
script — at page 1, page 500 and the last page, for:

- no filter; a state filter; a search by domain;
- each sortable column, ascending and descending;

requests interleaved (ours, stock, ours, …), printing the median ms of each and the ratio
ours / stock, then the bad input (a page past the end, a sort by a column without an index, a
one-character search) on the project's list. Several sizes show how the cost grows:

    .venv/bin/python benchmarks/changelists.py --reports 2000 20000            # SQLite file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/depth_bench \\
        .venv/bin/python benchmarks/changelists.py --reports 2000 20000 200000

(2,000 / 20,000 / 200,000 notifications = 10,000 / 100,000 / 1,000,000 facts.) Without a
DATABASE_URL the script uses /tmp/changelists-bench.sqlite3. Target: every ratio ≤ 1.5 on
PostgreSQL.
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PER_PAGE = 50
TARGET = 1.5


def setup(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark")
    if database_url.startswith(("postgres://", "postgresql://")):
        from violations import ensure_database

        ensure_database(database_url)
    import django

    django.setup()


def stock_urlconf():
    """The project's URLs plus a stock admin of the notifications under /stock/."""
    import types

    from django.contrib import admin
    from django.urls import include, path

    from cases.violations.models import ViolationReport

    site = admin.AdminSite(name="stock")

    class StockReportAdmin(admin.ModelAdmin):
        list_display = ("id", "submitted_at", "organisation", "violation_type", "state", "channel")
        list_filter = ("state", "organisation", "violation_type", "channel")  # the filters ours has
        list_select_related = ("organisation", "violation_type")
        search_fields = ("=facts__host",)
        ordering = ("submitted_at", "id")
        list_per_page = PER_PAGE

    site.register(ViolationReport, StockReportAdmin)
    module = types.ModuleType("changelists_bench_urls")
    module.urlpatterns = [path("stock/", site.urls), path("", include("config.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def fill(reports: int) -> None:
    from violations import TAG, generate

    from cases.violations.models import ViolationReport

    if ViolationReport.objects.filter(description=TAG).count() == reports == ViolationReport.objects.count():
        return
    print(f"generating {reports:,} notifications, {reports * 5:,} facts …", flush=True)
    from django.db import connection

    seconds = generate(reports) if connection.vendor == "postgresql" else generate_sqlite(reports)
    print(f"  generated in {seconds:.1f} s", flush=True)


def generate_sqlite(count: int) -> float:
    """The same rows as ``violations.generate`` with executemany (SQLite has no COPY)."""
    import random
    from datetime import UTC, datetime, timedelta

    from django.db import connection, transaction
    from violations import TAG, fact_rows

    from cases.violations.models import ViolationFact, ViolationReport, ViolationType
    from registries.demo import load_demo
    from registries.models import Organisation
    from registries.roles import OrganisationKind

    world = load_demo()
    bodies = list(Organisation.objects.filter(kind=OrganisationKind.STATE_BODY).values_list("pk", flat=True))
    addressee = world["organisations"]["info_committee"].pk
    reporter = world["users"]["prosecutor_reporter"].pk
    types = list(ViolationType.objects.values_list("pk", flat=True))
    states = (
        ["submitted"] * 3
        + ["in_review"] * 2
        + ["confirmed"] * 2
        + ["restriction_ordered", "closed", "rejected", "returned", "draft"]
    )
    rng = random.Random(409)
    started = time.perf_counter()
    base = datetime(2024, 11, 24, tzinfo=UTC)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ViolationFact._meta.db_table}")
        cursor.execute(f"DELETE FROM {ViolationReport._meta.db_table}")
        rows, facts = [], []
        for n in range(1, count + 1):
            state = rng.choice(states)
            created = base + timedelta(seconds=n * 300 + rng.randint(0, 200))
            submitted = None if state == "draft" else created + timedelta(minutes=rng.randint(1, 120))
            rows.append(
                (
                    n,
                    state,
                    rng.choice(bodies),
                    reporter,
                    addressee,
                    "system",
                    "",
                    "",
                    rng.choice(types),
                    "act",
                    "2",
                    TAG,
                    True,
                    submitted,
                    submitted,
                    "",
                    "",
                    "",
                    created,
                    created,
                )
            )
            facts.extend(fact_rows(n, n))
        cursor.executemany(
            f"INSERT INTO {ViolationReport._meta.db_table} (id, state, organisation_id, reporter_id, addressee_id, channel, "
            "signatory_position, signatory_name, violation_type_id, legal_act, legal_norm, description, lawfulness_confirmed, "
            "lawfulness_confirmed_at, submitted_at, return_reason, rejection_grounds, withdrawal_reason, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        cursor.executemany(
            f"INSERT INTO {ViolationFact._meta.db_table} (report_id, kind, raw_value, value, value_ascii, host, protocol) "
            "VALUES (%s, %s, %s, %s, %s, %s, '')",
            facts,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(client, url):
    """(ms of the request, ms of its SQL, the response)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    return elapsed, sum(float(q["time"]) for q in ctx.captured_queries) * 1000, response


def compare(client, label, ours, stock, requests):
    """Median ms of ``ours`` and ``stock`` over interleaved requests, and their ratio; the SQL
    part of each (less sensitive to a loaded machine's Python time) after it."""
    timed(client, ours), timed(client, stock)  # warm-up
    mine, theirs, mine_sql, theirs_sql = [], [], [], []
    for _ in range(requests):
        ms, sql, _response = timed(client, ours)
        mine.append(ms)
        mine_sql.append(sql)
        ms, sql, _response = timed(client, stock)
        theirs.append(ms)
        theirs_sql.append(sql)
    a, b = statistics.median(mine), statistics.median(theirs)
    sa, sb = statistics.median(mine_sql), statistics.median(theirs_sql)
    ratio = a / b
    flag = "" if ratio <= TARGET else "  OVER"
    print(
        f"  {label:<44} ours {a:7.1f} ms   stock {b:7.1f} ms   ratio {ratio:4.2f}{flag}"
        f"   | SQL ours {sa:6.1f} ms  stock {sb:6.1f} ms",
        flush=True,
    )
    return ratio


def run(reports: int, requests: int) -> list[float]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches, reverse
    from violations import verify_second_factor

    from cases.violations.models import ViolationReport
    from registries.demo import load_demo

    fill(reports)
    world = load_demo()
    officer = world["users"]["officer"]
    client = Client()
    client.force_login(officer)
    verify_second_factor(client, officer)
    settings.ROOT_URLCONF = stock_urlconf()
    clear_url_caches()
    ours_url = reverse("admin:violations_violationreport_changelist")
    stock_url = reverse("stock:violations_violationreport_changelist")
    total = ViolationReport.objects.count()
    submitted = ViolationReport.objects.filter(state="submitted").count()
    print(
        f"{connection.vendor}: {total:,} notifications, {total * 5:,} facts; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )

    def pages(count):
        last = max(1, math.ceil(count / PER_PAGE))
        return (
            [("page 1", 1), ("page 500", 500), (f"last page ({last})", last)]
            if last >= 500
            else [("page 1", 1), (f"last page ({last})", last)]
        )

    def urls(params_ours, params_stock, page):
        query_ours = urlencode({**params_ours, "p": page})
        query_stock = urlencode({**params_stock, "p": page})
        return f"{ours_url}?{query_ours}", f"{stock_url}?{query_stock}"

    # Column numbers: ours (number, submitted_at, organisation, type, first fact, state, …), stock (id, submitted_at, …, state).
    cases = [
        ("no filter", {}, {}, total),
        ("state=submitted", {"state__exact": "submitted"}, {"state__exact": "submitted"}, submitted),
        ("sort by number desc", {"o": "-0"}, {"o": "-0"}, total),
        ("sort by submitted desc", {"o": "-1"}, {"o": "-1"}, total),
        ("sort by state", {"o": "5"}, {"o": "4"}, total),
        ("sort by state desc", {"o": "-5"}, {"o": "-4"}, total),
        (
            "state=submitted, sort by number",
            {"state__exact": "submitted", "o": "0"},
            {"state__exact": "submitted", "o": "0"},
            submitted,
        ),
    ]
    ratios = []
    for label, ours_params, stock_params, count in cases:
        for page_label, page in pages(count):
            ratios.append(compare(client, f"{label}, {page_label}", *urls(ours_params, stock_params, page), requests))
    domain = f"site{max(1, reports // 3)}.example.kz"
    ratios.append(compare(client, "search by domain", f"{ours_url}?q={domain}", f"{stock_url}?q={domain}", requests))

    print("  bad input (ours only):", flush=True)
    for label, query in (
        ("page past the end (p=999999)", "p=999999"),
        ("page not a number (p=x)", "p=x"),
        ("sort by a column without an index", "o=2"),
        ("one-character search (q=a)", "q=a"),
    ):
        ms = statistics.median(timed(client, f"{ours_url}?{query}")[0] for _ in range(max(3, requests // 2)))
        print(f"  {label:<44} {ms:7.1f} ms", flush=True)
    return ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, nargs="+", default=[2_000, 20_000], help="notifications (5 facts each)")
    parser.add_argument("--requests", type=int, default=7, help="interleaved requests per measurement")
    args = parser.parse_args()
    setup(os.environ.get("DATABASE_URL") or "sqlite:////tmp/changelists-bench.sqlite3")
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    worst = 0.0
    for reports in args.reports:
        worst = max(worst, *run(reports, args.requests))
    print(f"worst ratio {worst:.2f} (target ≤ {TARGET}) — {'OK' if worst <= TARGET else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
