"""Load test: gunicorn with the production settings on PostgreSQL, a bounded loop-back load (README,
Performance).

What it does, each time from nothing:

1. creates the throwaway PostgreSQL database ``load_bench_<pid>``, migrates it, loads the demo and
   copies its first violation report ``--rows`` times (``benchmarks/api.py``'s copier);
2. signs the authorised body's officer in (a session with its second factor verified, as a real
   log-in leaves it) and issues the officer a knox API token (``registries.security.issue_api_token``);
3. collects the static files into a temporary STATIC_ROOT with ``STATIC_MANIFEST=1``;
4. starts gunicorn (``deploy/gunicorn.conf.py``, 2 workers) with DEBUG=0, a generated SECRET_KEY,
   SECURE_SSL_REDIRECT=0 and non-secure cookies (plain HTTP on loop-back only);
5. runs ``--concurrency`` threads for ``--seconds``, each going round the three targets: the
   reviewer's queue (the violation reports' admin changelist, submitted ones, with the session),
   a case page (a report's admin change view, with the session) and the API list
   (``/api/v1/violation-reports/``, with the token);
6. prints requests/s, p50 / p95 / p99 and errors per target and in all, then stops gunicorn and
   drops the database.

The load generator is Python: threads, one ``urllib3`` connection pool each (keep-alive). The
load average at the start and the end is printed: the generator shares the machine's CPUs with
the server, so the figures are a floor.

    .venv/bin/python benchmarks/load.py [--seconds 60] [--concurrency 8] [--rows 10000] [--port 18731]
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"

#: Variables of the caller's environment that would change what is measured.
CLEARED = (
    "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "MEDIA_ROOT", "STATIC_ROOT",
    "STATIC_MANIFEST", "PUBLIC_BASE_URL", "OTP_REQUIRED_FOR_AUTHORISED_BODY", "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
)  # fmt: skip


def seed(rows: int) -> None:
    """In the child process: migrate, demo, copies, session and token; prints them as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from benchmarks.api import clone
    from benchmarks.violations import verify_second_factor
    from cases.violations.models import ViolationReport
    from registries.demo import load_demo
    from registries.management.commands.load_demo import load_without_mail
    from registries.security import issue_api_token

    call_command("migrate", verbosity=0)
    load_without_mail()
    world = load_demo()
    why = clone(ViolationReport, rows)
    if why:
        sys.exit(f"cannot copy violation reports: {why}")
    ViolationReport.objects.filter(pk__in=ViolationReport.objects.order_by("-pk").values("pk")[: rows // 4]).update(
        state="submitted"
    )
    officer = world["users"]["officer"]
    client = Client()
    client.force_login(officer)
    verify_second_factor(client, officer)
    case = ViolationReport.objects.filter(state="submitted").order_by("-pk").first()
    sys.stdout.write("\n")
    json.dump(
        {
            "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
            "token": issue_api_token(officer)[1],
            "case": case.pk,
            "reports": ViolationReport.objects.count(),
        },
        sys.stdout,
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def hammer(base: str, targets: dict, seconds: float, concurrency: int):
    """``concurrency`` threads going round the targets until ``seconds`` pass: (target, ms, status)."""
    import urllib3

    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds
    names = list(targets)

    def run(offset):
        pool = urllib3.HTTPConnectionPool(base.split("//")[1].split(":")[0], int(base.rsplit(":", 1)[1]), maxsize=1)
        mine, i = [], offset
        while time.monotonic() < deadline:
            name = names[i % len(names)]
            url, headers = targets[name]
            started = time.perf_counter()
            try:
                response = pool.request("GET", url, headers=headers, redirect=False, retries=False, timeout=30)
                status = response.status
            except Exception:  # noqa: BLE001 — a refused / reset connection is an error of the run
                status = 0
            mine.append((name, (time.perf_counter() - started) * 1000, status))
            i += 1
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def report(results, seconds):
    print(f"{'target':<34}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    groups = {}
    for name, ms, status in results:
        groups.setdefault(name, []).append((ms, status))
    groups["all"] = [(ms, status) for _name, ms, status in results]
    errors_total = 0
    for name, rows in groups.items():
        times = [ms for ms, _s in rows]
        errors = sum(1 for _ms, s in rows if s != 200)
        if name != "all":
            errors_total += errors
        print(
            f"{name:<34}{len(rows):>9}{len(rows) / seconds:>8.1f}{statistics.median(times):>9.1f}"
            f"{percentile(times, 0.95):>9.1f}{percentile(times, 0.99):>9.1f}{errors:>8}"
        )
    return errors_total


def wait_ready(base, process, timeout=120):
    import urllib3

    http = urllib3.PoolManager()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {process.returncode}): see its log")
        try:
            if http.request("GET", f"{base}/admin/login/", retries=False, timeout=5).status == 200:
                return
        except Exception:  # noqa: BLE001 — not listening yet
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not answer within the time allowed")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rows", type=int, default=10_000, help="violation reports copied into the database")
    parser.add_argument("--port", type=int, default=18731)
    parser.add_argument("--pg", default=PG_SERVER)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        return seed(args.rows)

    import psycopg

    database = f"load_bench_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="load_bench_"))
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and not k.startswith("S3_")}
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_BASE_URL": "https://compliance.load-test.invalid",  # links in letters and mail only
        "DATABASE_URL": f"{args.pg}/{database}",
        "STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
    })  # fmt: skip
    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    gunicorn = None
    try:
        started = time.perf_counter()
        seeded = subprocess.run(
            [PYTHON, __file__, "--seed", "--rows", str(args.rows)], env=env, check=True, capture_output=True, text=True
        )
        data = json.loads(seeded.stdout.strip().splitlines()[-1])
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
        print(f"seeded {data['reports']:,} violation reports in {time.perf_counter() - started:.0f} s", flush=True)
        log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 — closed with the server
        gunicorn = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{args.port}"
        wait_ready(base, gunicorn)
        session = {"Cookie": data["cookie"]}
        token = {"Authorization": f"Token {data['token']}"}
        targets = {
            "queue (admin changelist)": ("/admin/violations/violationreport/?state__exact=submitted", session),
            "case page (admin change view)": (f"/admin/violations/violationreport/{data['case']}/change/", session),
            "API list (token)": ("/api/v1/violation-reports/", token),
        }
        import urllib3

        probe = urllib3.PoolManager()
        for name, (url, headers) in list(targets.items()):  # each target answers 200 before the clock starts
            status = probe.request("GET", base + url, headers=headers, redirect=False, timeout=60).status
            if status != 200:
                print(f"LEFT OUT: {name} {url} answered {status} before the load (see {workdir / 'gunicorn.log'})")
                del targets[name]
        if not targets:
            sys.exit("no target answers 200")
        load_before = os.getloadavg()
        print(
            f"gunicorn 2 workers, DEBUG=0, PostgreSQL; {args.concurrency} threads for {args.seconds:.0f} s; "
            f"load average before {' '.join(f'{x:.2f}' for x in load_before)}",
            flush=True,
        )
        results = hammer(base, targets, args.seconds, args.concurrency)
        errors = report(results, args.seconds)
        print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}; errors {errors}")
        if errors:
            print(f"(gunicorn log: {workdir / 'gunicorn.log'})")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
