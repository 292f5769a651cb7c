"""Benchmark: the reviewer's queue of violation reports on PostgreSQL (README, Performance).

Generates N reports with 5 facts each (default 200,000 reports = 1,000,000 facts) with COPY,
then measures through the Django test client, logged in as an authorised-body officer:

- the changelist's first page with a state filter;
- a search by domain (exact host match: finds the domain facts and the URLs on it);
- a search by IP address;

printing p50 / p95 over 20 requests each and the SQL queries per page (the same for 10 and for
N reports: constant, not growing with rows).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/h_violations_bench \\
        .venv/bin/python benchmarks/violations.py [--reports 200000] [--requests 20] [--regenerate]

The database named in DATABASE_URL is created if missing, migrated, and filled once; later
runs reuse the data unless --regenerate (or a different --reports) is given.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FACTS_PER_REPORT = 5
TAG = "benchmark:violations"


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def luhn_complete(body: str) -> str:
    from registries.validators import luhn_check_digit

    return body + luhn_check_digit(body)


def fact_rows(report_id: int, n: int):
    """Five facts of report number n: a URL, its domain, an IPv4, an IMEI, a MAC (normalised forms)."""
    domain = f"site{n}.example.kz"
    url = f"https://{domain}/page/{n % 97}"
    ip = f"{10 + (n >> 24) % 200}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
    imei = luhn_complete(f"35{n:012d}"[:14])
    mac_hex = f"{n:012X}"
    mac = ":".join(mac_hex[i : i + 2] for i in range(0, 12, 2))
    return (
        (report_id, "url", url, url, url, domain),
        (report_id, "domain", domain, domain, domain, domain),
        (report_id, "ip", ip, ip, ip, ip),
        (report_id, "imei", imei, imei, imei, ""),
        (report_id, "mac", mac, mac, mac, ""),
    )


def generate(count: int) -> float:
    from django.db import connection, transaction

    from cases.violations.models import ViolationFact, ViolationReport, ViolationType
    from registries.demo import load_demo
    from registries.models import Organisation
    from registries.roles import OrganisationKind

    world = load_demo()
    state_bodies = list(Organisation.objects.filter(kind=OrganisationKind.STATE_BODY).values_list("pk", flat=True))
    addressee = world["organisations"]["info_committee"].pk
    reporter = world["users"]["prosecutor_reporter"].pk
    officer = world["users"]["officer"].pk
    types = list(ViolationType.objects.values_list("pk", flat=True))
    states = ["submitted"] * 3 + ["in_review"] * 2 + ["confirmed"] * 2 + ["restriction_ordered", "closed", "rejected", "returned", "draft"]
    rng = random.Random(409)
    started = time.perf_counter()
    report_table = ViolationReport._meta.db_table
    fact_table = ViolationFact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {fact_table}, {report_table} RESTART IDENTITY CASCADE")
        base = datetime(2024, 11, 24, tzinfo=UTC)
        columns = (
            "id, state, organisation_id, reporter_id, addressee_id, channel, signatory_position, signatory_name, "
            "violation_type_id, legal_act, legal_norm, description, lawfulness_confirmed, lawfulness_confirmed_at, "
            "submitted_at, reviewer_id, decided_at, return_reason, rejection_grounds, created_at, updated_at"
        )
        raw = cursor.connection  # psycopg 3 connection: COPY
        with raw.cursor().copy(f"COPY {report_table} ({columns}) FROM STDIN") as copy:
            for n in range(1, count + 1):
                state = rng.choice(states)
                created = base + timedelta(seconds=n * 300 + rng.randint(0, 200))
                submitted = None if state == "draft" else created + timedelta(minutes=rng.randint(1, 120))
                decided = submitted + timedelta(hours=rng.randint(1, 72)) if state in ("confirmed", "restriction_ordered", "closed", "rejected") else None
                copy.write_row((
                    n, state, rng.choice(state_bodies), reporter, addressee, "system", "", "",
                    rng.choice(types), "«Масс-медиа туралы» ҚР Заңы", "2-бап", TAG, True, submitted,
                    submitted, officer if decided else None, decided, "", "Негіздеме" if state == "rejected" else "",
                    created, created,
                ))
        with raw.cursor().copy(f"COPY {fact_table} (report_id, kind, raw_value, value, value_ascii, host) FROM STDIN") as copy:
            for n in range(1, count + 1):
                for row in fact_rows(n, n):
                    copy.write_row(row)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{report_table}', 'id'), %s)", [count])
    # As autovacuum would: statistics, and the visibility map for index-only counts.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {report_table}")
        cursor.execute(f"VACUUM (ANALYZE) {fact_table}")
    return time.perf_counter() - started


def verify_second_factor(client, user) -> None:
    """The authorised body's staff pass a TOTP second factor (registries.security): mark the
    benchmark session as verified with the officer's device, as a real log-in would."""
    try:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice
    except ImportError:  # second factor not installed
        return
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="benchmark", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(client, label, urls):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, sql_ms = [], set(), []
    client.get(urls[0])  # warm-up (templates, caches)
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        timings.append(elapsed)
        queries.add(len(ctx.captured_queries))
        sql_ms.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        rows = len(response.context["cl"].result_list)
    print(
        f"{label:<42} p50 {statistics.median(timings):7.1f} ms   p95 {percentile(timings, 0.95):7.1f} ms   "
        f"SQL p50 {statistics.median(sql_ms):6.1f} ms   queries/page {sorted(queries)}   rows {rows}"
    )
    return timings, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200_000, help="reports to generate (5 facts each)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point at PostgreSQL, e.g. postgresql://postgres@127.0.0.1:5432/h_violations_bench")
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from cases.violations.models import ViolationFact, ViolationReport
    from registries.demo import load_demo

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()  # response.context for row counts
    call_command("migrate", verbosity=0)
    existing = ViolationReport.objects.filter(description=TAG).count()
    total = ViolationReport.objects.count()
    if args.regenerate or existing != args.reports or total != args.reports:
        print(f"generating {args.reports:,} reports and {args.reports * FACTS_PER_REPORT:,} facts …", flush=True)
        seconds = generate(args.reports)
        print(f"generated in {seconds:.1f} s")
    else:
        print(f"reusing {existing:,} reports")
    print(f"rows: {ViolationReport.objects.count():,} reports, {ViolationFact.objects.count():,} facts")

    world = load_demo()
    client = Client()
    officer = world["users"]["officer"]
    client.force_login(officer)
    verify_second_factor(client, officer)
    changelist = reverse("admin:violations_violationreport_changelist")
    rng = random.Random(7)
    n = args.requests
    picks = [rng.randint(1, args.reports) for _ in range(n)]
    results = {
        "changelist, state=submitted (first page)": measure(client, "changelist, state=submitted (first page)", [f"{changelist}?state__exact=submitted"] * n),
        "changelist, no filter (first page)": measure(client, "changelist, no filter (first page)", [changelist] * n),
        "search by domain": measure(client, "search by domain", [f"{changelist}?q=site{k}.example.kz" for k in picks]),
        "search by domain + state filter": measure(
            client, "search by domain + state filter", [f"{changelist}?state__exact=submitted&q=site{k}.example.kz" for k in picks]
        ),
        "search by IPv4": measure(client, "search by IPv4", [f"{changelist}?q={fact_rows(k, k)[2][3]}" for k in picks]),
        "search by URL prefix": measure(client, "search by URL prefix", [f"{changelist}?q=https://site{k}.example.kz/page" for k in picks]),
    }
    worst = max(percentile(t, 0.95) for t, _q in results.values())
    print(f"worst p95: {worst:.1f} ms (target < 300 ms) — {'OK' if worst < 300 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
