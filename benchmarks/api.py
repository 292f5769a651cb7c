"""Benchmark: every list under /api/v1/ against a stock DRF ``ListAPIView`` of the same model, in
the same run (README, Performance).

For each list endpoint the benchmark defines, here, a plain ``ListAPIView`` of the same model: a
``ModelSerializer`` of the endpoint's fields that are model fields (reverse relations as id lists,
prefetched), the endpoint's own ordering, DRF's ``PageNumberPagination`` with the same page size,
the same token authentication. Both answer through the whole stack (middleware, URL, knox token)
with the Django test client, signed in as the superuser (who sees every record, so scoping
filters nothing and both lists hold the same rows).

Rows: the demo's first record of each model is copied ``--rows`` times (unique fields made
unique, every date-time shifted back one minute per copy so the order is realistic). A model whose
constraints cannot be met by copying (e.g. unique per user) is reported as skipped.

Per endpoint and page (1, and 500 or the last page when there are fewer): the median ms over
``--requests`` alternating requests, the SQL queries of one request, and the ratio endpoint / stock.

    .venv/bin/python benchmarks/api.py --engine sqlite --rows 10000
    .venv/bin/python benchmarks/api.py --engine postgres --rows 100000
    .venv/bin/python benchmarks/api.py --engine both --rows 10000 --only violation-reports,letters

Each run creates its own throwaway database (a temporary SQLite file, or ``api_bench_<pid>`` on
the PostgreSQL server of ``--pg``) and drops it at the end.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
TARGET = 1.5

#: (URL path under /api/v1/, "app_label.Model", viewset "module:Class")
ENDPOINTS = [
    ("violation-reports", "violations.ViolationReport", "cases.violations.api:ViolationReportViewSet"),
    ("platform-cases", "platforms.PlatformCase", "cases.platforms.api:PlatformCaseViewSet"),
    ("traffic-statistics", "platforms.TrafficStatistic", "cases.platforms.api:TrafficStatisticViewSet"),
    ("throttle-instructions", "platforms.ThrottleInstruction", "cases.platforms.api:ThrottleInstructionViewSet"),
    ("device-demands", "devices.DeviceDemand", "cases.devices.api:DeviceDemandViewSet"),
    ("device-service-states", "devices.DeviceServiceState", "cases.devices.api:DeviceServiceStateViewSet"),
    ("service-requests", "egov.ServiceRequest", "cases.egov.api:ServiceRequestViewSet"),
    ("complaints", "egov.Complaint", "cases.egov.api:ComplaintViewSet"),
    ("account-sweeps", "sweeps.AccountSweep", "registries.sweeps.api:AccountSweepViewSet"),
    ("account-sweep-entries", "sweeps.AccountSweepEntry", "registries.sweeps.api:AccountSweepEntryViewSet"),
    ("account-deactivations", "sweeps.AccountDeactivation", "registries.sweeps.api:AccountDeactivationViewSet"),
    ("letters", "forms_kz.OutgoingLetter", "forms_kz.api:OutgoingLetterViewSet"),
]


# --- rows ---------------------------------------------------------------------------------


def _suffix(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return "~" + out


def unique_sets(model):
    from django.db.models import UniqueConstraint

    sets = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [tuple(u) for u in model._meta.unique_together]
    sets += [tuple(c.fields) for c in model._meta.constraints if isinstance(c, UniqueConstraint) and c.fields]
    return sets


def varied_field(model, names):
    """The field of a unique set a copy can vary: text first, then a plain integer."""
    from django.db import models

    fields = [model._meta.get_field(name) for name in names]
    for kinds in ((models.CharField,), (models.IntegerField, models.BigIntegerField, models.PositiveIntegerField)):
        for field in fields:
            small = isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField)
            if isinstance(field, kinds) and not small and not field.is_relation and not field.choices:
                return field
    return None


def clone(model, count: int) -> str:
    """``count`` copies of the model's first record; '' or why it cannot be done."""
    from django.db import DatabaseError, models, transaction

    template = model._default_manager.order_by("pk").first()
    if template is None:
        return "no record to copy"
    varied = []
    for names in unique_sets(model):
        field = varied_field(model, names)
        if field is None:
            return f"unique {names} has no field a copy can vary"
        if field not in varied:
            varied.append(field)
    moments = [f for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    values = {f.attname: getattr(template, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
    batch = []
    try:
        with transaction.atomic():
            for n in range(1, count + 1):
                row = dict(values)
                for field in varied:
                    value = row[field.attname]
                    if isinstance(field, models.CharField):
                        tail = _suffix(n)
                        row[field.attname] = (value or "")[: field.max_length - len(tail)] + tail
                    else:
                        row[field.attname] = (value or 0) + 1_000_000 + n
                for field in moments:
                    if row[field.attname] is not None:
                        row[field.attname] = row[field.attname] - timedelta(minutes=n)
                batch.append(model(**row))
                if len(batch) == 2000:
                    model._default_manager.bulk_create(batch)
                    batch = []
            model._default_manager.bulk_create(batch)
    except DatabaseError as exc:
        return f"copies refused: {str(exc).splitlines()[0][:90]}"
    return ""


# --- stock views --------------------------------------------------------------------------


def endpoint_shape(viewset_class, user, path):
    """The endpoint's list serializer fields and ordering, as its list action builds them."""
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    view = viewset_class()
    request = Request(APIRequestFactory().get(f"/api/v1/{path}/"), authenticators=[])
    request.user = user
    view.request, view.action, view.format_kwarg, view.kwargs, view.args = request, "list", None, {}, ()
    queryset = view.filter_queryset(view.get_queryset())
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    fields = list(view.get_serializer().fields)
    return fields, ordering


def stock_view(model, fields, ordering):
    from rest_framework import generics, serializers
    from rest_framework.pagination import PageNumberPagination

    names = {f.name for f in model._meta.get_fields() if f.concrete}
    reverse = {f.get_accessor_name(): f for f in model._meta.get_fields() if f.auto_created and not f.concrete}
    model_fields = [name for name in fields if name in names or name in reverse]
    many = [name for name in model_fields if name in reverse and not reverse[name].one_to_one]
    one = [name for name in model_fields if name in reverse and reverse[name].one_to_one]
    meta = type("Meta", (), {"model": model, "fields": model_fields})
    serializer = type(f"Stock{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})
    queryset = model._default_manager.order_by(*ordering)
    if many:
        queryset = queryset.prefetch_related(*many)
    if one:
        queryset = queryset.select_related(*one)
    view = type(
        f"Stock{model.__name__}List",
        (generics.ListAPIView,),
        {"queryset": queryset, "serializer_class": serializer, "pagination_class": PageNumberPagination},
    )
    return view.as_view(), model_fields


# --- measuring ----------------------------------------------------------------------------


def timed(client, url, headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return elapsed, len(ctx.captured_queries), len(response.json()["results"])


def worker(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import clear_url_caches, path
    from django.utils.module_loading import import_string

    from registries.demo import load_demo
    from registries.management.commands.load_demo import load_without_mail
    from registries.security import issue_api_token

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    load_without_mail()  # every procedure's demo cases: the records copied below
    world = load_demo()
    admin = world["users"]["admin"]
    token = issue_api_token(admin)[1]
    headers = {"Authorization": f"Token {token}"}
    only = set(filter(None, args.only.split(",")))
    chosen = [e for e in ENDPOINTS if not only or e[0] in only]

    urls = types.ModuleType("api_bench_urls")
    import config.urls

    stock_patterns, plans = [], []
    for name, label, dotted in chosen:
        model = apps.get_model(label)
        why = clone(model, args.rows)
        if why:
            print(f"{name:<24} skipped: {why}", flush=True)
            continue
        viewset = import_string(dotted.replace(":", "."))
        fields, ordering = endpoint_shape(viewset, admin, name)
        view, stock_fields = stock_view(model, fields, ordering)
        stock_patterns.append(path(f"stock/{name}/", view))
        plans.append((name, model, ordering, fields, stock_fields))
    urls.urlpatterns = [*stock_patterns, *config.urls.urlpatterns]
    sys.modules["api_bench_urls"] = urls
    settings.ROOT_URLCONF = "api_bench_urls"
    clear_url_caches()
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    engine = "PostgreSQL" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "SQLite"
    print(
        f"\n{engine}, {args.rows:,} copies per model, {args.requests} requests each, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"{'endpoint':<24}{'page':>6}{'rows':>9}{'api ms':>9}{'stock ms':>10}{'ratio':>7}{'queries':>10}  cursor ms/q"
    )
    client = Client()
    worst = 0.0
    for name, model, _ordering, _fields, _stock_fields in plans:
        count = model._default_manager.count()
        last = max(1, -(-count // 50))
        cursor_url = f"/api/v1/{name}/?cursor="
        for page in (1, min(500, last)):
            api_url, stock_url = f"/api/v1/{name}/?page={page}", f"/stock/{name}/?page={page}"
            timed(client, api_url, headers), timed(client, stock_url, headers)  # warm-up
            api_ms, stock_ms = [], []
            for _ in range(args.requests):
                ms, api_q, rows = timed(client, api_url, headers)
                api_ms.append(ms)
                ms, stock_q, _rows = timed(client, stock_url, headers)
                stock_ms.append(ms)
            a, s = statistics.median(api_ms), statistics.median(stock_ms)
            ratio = a / s
            worst = max(worst, ratio)
            cursor = ""
            if page == 1:
                ms, cursor_q, _rows = timed(client, cursor_url, headers)
                cursor = f"{ms:.1f}/{cursor_q}"
            print(
                f"{name:<24}{page:>6}{count:>9,}{a:>9.1f}{s:>10.1f}{ratio:>7.2f}{f'{api_q} vs {stock_q}':>10}  {cursor}",
                flush=True,
            )
    print(f"worst ratio {worst:.2f} (target ≤ {TARGET}) — {'OK' if worst <= TARGET else 'OVER TARGET'}")
    print("stock fields differing from the endpoint's (method / computed fields the stock serializer cannot name):")
    for name, _model, _ordering, fields, stock_fields in plans:
        extra = [f for f in fields if f not in stock_fields]
        if extra:
            print(f"  {name}: {', '.join(extra)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--rows", type=int, default=10_000, help="copies of each model's first demo record")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated endpoint paths, e.g. violation-reports,letters")
    parser.add_argument(
        "--pg", default=PG_SERVER, help="PostgreSQL server (the benchmark creates and drops its database)"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    for engine in engines:
        env = dict(os.environ, SECRET_KEY=os.environ.get("SECRET_KEY") or "api-benchmark-" + "x" * 40)
        env.pop("DEBUG", None)
        if engine == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                env["DATABASE_URL"] = f"sqlite:///{tmp}/api_bench.sqlite3"
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--worker",
                        "--rows",
                        str(args.rows),
                        "--requests",
                        str(args.requests),
                        "--only",
                        args.only,
                    ],
                    env=env,
                    check=True,
                )
        else:
            import psycopg

            name = f"api_bench_{os.getpid()}"
            with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                env["DATABASE_URL"] = f"{args.pg}/{name}"
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--worker",
                        "--rows",
                        str(args.rows),
                        "--requests",
                        str(args.requests),
                        "--only",
                        args.only,
                    ],
                    env=env,
                    check=True,
                )
            finally:
                with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
