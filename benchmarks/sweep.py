"""Benchmark: forming an inactive-account sweep over 200,000 accounts (seed 001 p. 6).

    .venv/bin/python benchmarks/sweep.py                 # SQLite (a fresh file in the temp dir)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/x .venv/bin/python benchmarks/sweep.py
                                                         # PostgreSQL, database h_sweeps_bench (recreated)
    ACCOUNTS=50000 .venv/bin/python benchmarks/sweep.py  # another size

Prints the set-up time, the time to form the sweep (one INSERT … SELECT), to form it again
(returns the existing one), and to apply it (set-based deactivation). Target: forming < 5 s.
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ACCOUNTS = int(os.environ.get("ACCOUNTS", "200000"))
DB_NAME = "h_sweeps_bench"


def prepare_database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{DB_NAME}"))
        return "PostgreSQL"
    path = Path(tempfile.gettempdir()) / f"{DB_NAME}.sqlite3"
    path.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return "SQLite"


def main():
    engine = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if engine == "SQLite":
        from django.db.backends.signals import connection_created

        def fast_sqlite(sender, connection, **kwargs):
            # Set-up speed only (migrations, 400,000 rows); the timed statements are unaffected by fsync.
            connection.cursor().execute("PRAGMA synchronous=OFF")

        connection_created.connect(fast_sqlite)
    from datetime import datetime

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cases.services import run_transition
    from registries.demo import bin_from_prefix, load_demo
    from registries.models import Organisation, UserProfile
    from registries.roles import OrganisationKind, Role
    from registries.sweeps.services import apply_sweep, form_sweep

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    world = load_demo()
    supervisor = world["users"]["supervisor"]
    supervisor.date_joined = timezone.now()
    supervisor.save()
    organisations = [
        Organisation.objects.create(
            kind=OrganisationKind.STATE_BODY, name_kk=f"Мемлекеттік орган № {i}", bin=bin_from_prefix(f"990350{i:03d}01")
        )
        for i in range(40)
    ]
    User = get_user_model()
    aware = timezone.make_aware
    old_login = aware(datetime(2025, 10, 1, 10))
    recent_login = aware(datetime(2026, 3, 15, 10))
    joined_long_ago = aware(datetime(2024, 5, 1, 9))
    joined_recently = aware(datetime(2026, 6, 20, 9))
    batch = 10_000
    with transaction.atomic():
        for offset in range(0, ACCOUNTS, batch):
            users = []
            for n in range(offset, min(offset + batch, ACCOUNTS)):
                kind = n % 20
                users.append(User(
                    username=f"bench{n:06d}",
                    password="!",  # unusable
                    last_name=f"Қолданушы{n}",
                    is_active=kind != 19,
                    date_joined=joined_recently if kind == 18 else joined_long_ago,
                    last_login=None if kind in (0, 1) else (recent_login if kind in range(10, 15) else old_login),
                ))
            created = User.objects.bulk_create(users, batch_size=batch)
            UserProfile.objects.bulk_create(
                [
                    UserProfile(
                        user_id=user.pk,
                        organisation=organisations[i % len(organisations)],
                        role=Role.STATE_BODY_REPORTER,
                        is_service_account=(offset + i) % 20 == 17,
                        last_action_at=recent_login if (offset + i) % 20 == 15 else None,
                    )
                    for i, user in enumerate(created)
                ],
                batch_size=batch,
            )
    if engine == "PostgreSQL":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup = time.perf_counter() - started
    print(f"{engine}: {ACCOUNTS:,} accounts created in {setup:.1f} s")

    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        sweep, created = form_sweep("2026-H1", by=supervisor)
        forming = time.perf_counter() - t0
    assert created
    print(f"{engine}: sweep 2026-H1 formed in {forming:.2f} s — {sweep.entries_count:,} accounts listed, "
          f"{len(queries)} queries ({'OK' if forming < 5 else 'OVER'} the 5 s target)")

    t0 = time.perf_counter()
    again, created_again = form_sweep("2026-H1", by=supervisor)
    print(f"{engine}: forming again returned the existing sweep in {(time.perf_counter() - t0) * 1000:.1f} ms "
          f"(created={created_again})")

    run_transition(sweep, "start_review", supervisor)
    t0 = time.perf_counter()
    apply_sweep(sweep, supervisor, comment="benchmark")
    applying = time.perf_counter() - t0
    sweep.refresh_from_db()
    print(f"{engine}: applied in {applying:.2f} s — {sweep.deactivated_count:,} accounts deactivated")


if __name__ == "__main__":
    main()
