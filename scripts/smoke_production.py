"""Production smoke test: the stack of docs/deploy.md, started on loop-back and driven over HTTP.

One run = one storage variant (``--storage local`` or ``--storage s3``):

* a throwaway PostgreSQL database (``scripts/pg_db.py``), Redis db ``SMOKE_REDIS_DB`` (13) as the
  Celery broker, a local SMTP sink that records what the worker mails;
* for ``s3``: moto's S3-compatible server (``moto_server``, from PyPI's ``moto[server]``) on a free
  port over HTTP, with a private bucket; for ``local``: one MEDIA_ROOT folder shared by every process;
* ``migrate``, ``collectstatic`` (STATIC_MANIFEST=1), the demo organisations and users (see below), a
  TOTP device for the authorised body's officer;
* two gunicorn web processes (deploy/gunicorn.conf.py, DEBUG=0) on two ports, one Celery worker and
  exactly one beat, all with the same environment;
* then, through the two nodes as a TLS-terminating proxy would talk to them (``Host``,
  ``X-Forwarded-Proto: https``, ``X-Forwarded-For``): /healthz on both; a hashed static file; the state
  body's reporter logs in on node A and files a notification with a screenshot by letter (the Appendix 2
  letter is issued); the authorised body's officer logs in on node B with password and a real TOTP code
  and downloads the screenshot and the issued letter (SHA-256 checked), the reporter's session works on
  node B too; the notification's review term is moved into the past and the reminder job is queued
  on Redis: the worker must send the reminder by SMTP.

Any 4xx/5xx (other than the expected refusals) or a missing step fails the run (exit 1). Every process
started is stopped at the end, whatever happens (``finally`` and SIGTERM/SIGINT handlers), the
database is dropped and the Redis db flushed.

The users: ``manage.py load_demo`` refuses with DEBUG=0 so that the demo's public password never reaches
a production database, and that refusal stays as it is. This script makes the demo's organisations and
users the way the tests' ``demo`` fixture does, by calling ``registries.demo.load_demo()`` from the
checker itself, against the throwaway database it has just created and drops at the end (only the
organisations and users: fast, and no demo files in the store). The processes under test (gunicorn,
worker, beat) all run with DEBUG=0.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"
HOST = "compliance.test"
PASSWORD = "Demo-Kazakhstan-2026"  # the demo's (throwaway database only)
REDIS_DB = int(os.environ.get("SMOKE_REDIS_DB", "13"))
BUCKET = "compliance-smoke"
CLIENT_ADDRESS = "203.0.113.7"
#: The variables of the caller that must not leak into the stack under test.
CLEARED = (
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "STATIC_MANIFEST",
    "PUBLIC_BASE_URL",
    "EMAIL_BACKEND",
    "OTP_REQUIRED_FOR_AUTHORISED_BODY",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "TRUSTED_PROXY_COUNT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "REQUIRE_POSTGRES",
)


class SmokeFailure(Exception):
    pass


def say(message: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%SZ', time.gmtime())}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_database(template: str, database: str) -> None:
    """``database``, a copy of the migrated ``template`` (PostgreSQL's CREATE DATABASE … TEMPLATE)."""
    import psycopg

    began = time.monotonic()
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')  # our own names
    say(f"database {database} copied from the migrated {template}: {time.monotonic() - began:.1f} s")


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


# --- the SMTP sink: records every message the worker sends ----------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages: list[dict] = []
        super().__init__(("127.0.0.1", 0), SmtpHandler)


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 smoke SMTP sink")
        envelope: dict = {"to": [], "data": b""}
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("latin-1").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 smoke")
            elif verb == "MAIL":
                envelope = {"from": command, "to": [], "data": b""}
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["to"].append(command.split(":", 1)[-1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                chunks = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    chunks.append(chunk)
                envelope["data"] = b"".join(chunks)
                self.server.messages.append(envelope)
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # RSET, NOOP, anything else
                self.reply("250 OK")


# --- processes -------------------------------------------------------------------------------------


class Stack:
    """Every process this run starts, each in its own process group, stopped by :meth:`stop`."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.cleanups: list = []  # run after the processes stop, last first (drop the database, flush Redis)

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = self.workdir / f"{name}.log"
        handle = log.open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own commands
            argv,
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        self.processes.append((name, process, log))
        say(f"started {name} (pid {process.pid})")
        return process

    def alive(self, name: str) -> bool:
        return any(n == name and p.poll() is None for n, p, _ in self.processes)

    def log(self, name: str) -> str:
        for n, _, log in self.processes:
            if n == name:
                return log.read_text(errors="replace")
        return ""

    def check_running(self) -> None:
        for name, process, log in self.processes:
            if process.poll() is not None:
                raise SmokeFailure(f"{name} exited with {process.returncode}:\n{tail(log)}")

    def stop(self) -> None:
        for _name, process, _ in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, process, _ in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop on SIGTERM: killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.processes.clear()


def tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def run(argv: list[str], env: dict, what: str) -> str:
    began = time.monotonic()
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603
    if result.returncode != 0:
        raise SmokeFailure(f"{what} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    say(f"{what}: {time.monotonic() - began:.1f} s")
    return result.stdout


# --- HTTP through a node, as the TLS-terminating proxy forwards it ----------------------------------


class Node:
    """A client of one web process with its own cookie jar; every request carries the headers the
    nginx site of deploy/ sets (the scheme, the client's address, the public host)."""

    def __init__(self, name: str, port: int, cookies: dict | None = None):
        self.name, self.port = name, port
        self.cookies: dict[str, str] = dict(cookies or {})

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": CLIENT_ADDRESS,
            "Accept-Language": "kk",
            "User-Agent": "smoke-production",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
        for raw in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for key, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        connection.close()
        if response.status not in expect:
            raise SmokeFailure(
                f"{self.name}: {method} {path} answered {response.status} (expected {expect}):\n"
                f"{content[:2000].decode(errors='replace')}"
            )
        return response.status, answer_headers, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf_headers(self, referer_path: str) -> dict:
        return {
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Referer": f"https://{HOST}{referer_path}",
            "Origin": f"https://{HOST}",
        }

    def post_json(self, path: str, data: dict, expect=(200, 201)):
        headers = {"Content-Type": "application/json", **self.csrf_headers(path)}
        status, _, content = self.request("POST", path, json.dumps(data).encode(), headers, expect=expect)
        return status, json.loads(content)

    def log_in(self, username: str, password: str, otp_token: str = "") -> str:
        _, _, page = self.get("/admin/login/")
        html = page.decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise SmokeFailure(f"{self.name}: no CSRF token on the log-in page")
        form = {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password, "next": "/admin/"}
        if otp_token:
            form["otp_token"] = otp_token
        headers = {"Content-Type": "application/x-www-form-urlencoded", **self.csrf_headers("/admin/login/")}
        status, answer, content = self.request(
            "POST", "/admin/login/", urlencode(form).encode(), headers, expect=(200, 302)
        )
        if status != 302:
            errors = re.findall(r'class="errornote"[^>]*>(.*?)</', content.decode(), re.S)
            raise SmokeFailure(f"{self.name}: log-in of {username} refused: {errors or content[:500]!r}")
        self.get("/admin/")
        say(f"{self.name}: {username} logged in" + (" with a TOTP code" if otp_token else ""))
        return html


# --- the run ---------------------------------------------------------------------------------------


def wait_until(what: str, predicate, timeout: float, stack: Stack | None = None, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stack is not None:
            stack.check_running()
        try:
            if predicate():
                return
        except (OSError, http.client.HTTPException, SmokeFailure):
            pass
        time.sleep(interval)
    raise SmokeFailure(f"timed out after {timeout:.0f} s waiting for {what}")


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def smoke(storage: str, workdir: Path, stack: Stack) -> None:
    started = time.monotonic()
    database = f"smoke_prod_{storage}_{os.getpid()}"
    sink = SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and not k.startswith("S3_")}
    media = workdir / "media"
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
            "PUBLIC_BASE_URL": f"https://{HOST}",
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "STATIC_MANIFEST": "1",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(media),
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
            "TRUSTED_PROXY_COUNT": "1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.server_address[1]),
            "DEFAULT_FROM_EMAIL": "noreply@compliance.test",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_WORKERS": "2",
        }
    )
    media.mkdir()
    import redis

    broker = redis.Redis.from_url(env["CELERY_BROKER_URL"], socket_connect_timeout=3)
    broker.flushdb()
    stack.cleanups.append(broker.flushdb)
    template = os.environ.get("SMOKE_TEMPLATE_DB", "")
    if template:  # already migrated by scripts/smoke_production.sh: one migrate for both variants
        copy_database(template, database)
    else:
        run([str(PYTHON), "scripts/pg_db.py", "create", database], env, f"creating the throwaway database {database}")
    stack.cleanups.append(lambda: run([str(PYTHON), "scripts/pg_db.py", "drop", database], env, f"dropping {database}"))

    if storage == "s3":
        port = free_port()
        stack.start("moto_server", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], env)
        endpoint = f"http://127.0.0.1:{port}"
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="smoke",
            aws_secret_access_key="smoke-secret",
        )  # noqa: S106
        wait_until("moto_server", lambda: port_open(port), 60, stack)
        client.create_bucket(Bucket=BUCKET)
        env.update(
            {
                "S3_BUCKET": BUCKET,
                "S3_ENDPOINT_URL": endpoint,
                "S3_REGION": "us-east-1",
                "S3_ACCESS_KEY_ID": "smoke",
                "S3_SECRET_ACCESS_KEY": "smoke-secret",
                "S3_PREFIX": "files",
            }
        )

    manage = [str(PYTHON), "manage.py"]
    if not template:
        run([*manage, "migrate", "--noinput", "-v0"], env, "manage.py migrate")
    run([*manage, "collectstatic", "--noinput", "-v0"], env, "manage.py collectstatic (STATIC_MANIFEST=1)")

    # The checker reads the same database and broker through Django (the TOTP device, the term).
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from registries.demo import load_demo

    began = time.monotonic()
    world = load_demo()  # the demo's organisations and users, as the tests' ``demo`` fixture makes them
    from registries.stafflists import demo as staff_lists_demo

    staff_lists_demo.load(world)  # the accepted staff lists: only listed staff file notifications (seed 001 p. 5)
    say(
        f"demo organisations and users (registries.demo.load_demo, throwaway database): {time.monotonic() - began:.1f} s"
    )
    officer = get_user_model().objects.get(username="officer")
    device = TOTPDevice.objects.create(user=officer, name="smoke", confirmed=True)

    ports = {"web-a": free_port(), "web-b": free_port()}
    for name, port in ports.items():
        stack.start(
            name,
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "config.wsgi"],
            env,
        )
    stack.start(
        "worker",
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "info",
            "--concurrency",
            "1",
            "-n",
            f"smoke-{storage}@%h",
        ],
        env,
    )
    stack.start(
        "beat",
        [str(BIN / "celery"), "-A", "config", "beat", "-l", "info", "--schedule", str(workdir / "celerybeat-schedule")],
        env,
    )
    a, b = Node("web-a", ports["web-a"]), Node("web-b", ports["web-b"])

    for node in (a, b):
        wait_until(f"{node.name} /healthz", lambda node=node: node.get("/healthz")[0] == 200, 90, stack)
        body = json.loads(node.get("/healthz")[2])
        assert_that(
            body == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "storage": "ok"}},
            f"{node.name} /healthz: {body}",
        )
    say(f"/healthz 200 on both nodes: {body}")

    # Reporter of a state body, node A (password only: not the authorised body).
    login_page = a.log_in("prosecutor_reporter", PASSWORD)
    css = re.search(r"/static/admin/css/base\.[0-9a-f]{12}\.css", login_page)
    assert_that(css is not None, "the log-in page names no hashed admin/css/base.<hash>.css")
    status, headers, _ = b.get(css.group(0))
    assert_that(
        headers.get("content-type", "").startswith("text/css"), f"{css.group(0)}: {headers.get('content-type')}"
    )
    say(f"static file {css.group(0)}: {status}, {headers.get('content-type')}")

    from cases.violations.models import ViolationType

    screenshot = png_bytes()
    payload = {
        "violation_type": ViolationType.objects.get(code="drugs").pk,
        "legal_act": "«Есірткі, психотроптық заттар… туралы» ҚР Заңы",
        "legal_norm": "15-бап",
        "lawfulness_confirmed": True,
        "channel": "letter",
        "signatory_position": "Прокурордың орынбасары",
        "signatory_name": "Ахметов Б. С.",
        "facts": [{"kind": "url", "value": "https://drugs-shop.example.com/buy"}],
        "screenshots": [{"name": "shot.png", "content": base64.b64encode(screenshot).decode()}],
    }
    _, report = a.post_json("/api/v1/violation-reports/", payload)
    _, report = a.post_json(f"/api/v1/violation-reports/{report['id']}/submit/", {})
    assert_that(report["state"] == "submitted", f"report state {report['state']}")
    shot_url = report["screenshot_files"][0]["url"]
    shot_path = shot_url.split(HOST, 1)[-1] if shot_url.startswith("http") else shot_url
    say(f"web-a: notification {report['id']} filed with a screenshot and submitted by letter")

    from cases.violations.models import ViolationReport
    from forms_kz.models import OutgoingLetter

    case = ViolationReport.objects.get(pk=report["id"])
    letter = OutgoingLetter.objects.for_case(case).get()
    assert_that(bool(letter.register_number and letter.sha256), "the Appendix 2 letter was not issued")

    # The authorised body's officer, node B: password and a real TOTP code.
    b.log_in(
        "officer",
        PASSWORD,
        otp_token=f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}",
    )
    _, headers, content = b.get(shot_path)
    assert_that(content == screenshot, "the screenshot downloaded on web-b differs from the one filed on web-a")
    say(f"web-b: officer downloaded the screenshot ({len(content)} bytes, {headers.get('content-type')})")
    _, headers, pdf = b.get(f"/api/v1/letters/{letter.pk}/pdf/")
    assert_that(hashlib.sha256(pdf).hexdigest() == letter.sha256, "the letter's bytes do not match its SHA-256")
    _, _, admin_pdf = b.get(f"/admin/forms_kz/outgoingletter/{letter.pk}/download/")
    assert_that(admin_pdf == pdf, "the admin download of the letter differs from the API's")
    say(f"web-b: officer downloaded letter {letter.register_number} ({len(pdf)} bytes, SHA-256 matches)")
    # Sessions live in the shared database: the reporter's session opens on node B too.
    reporter_on_b = Node("web-b (reporter's session)", b.port, a.cookies)
    assert_that(reporter_on_b.get(shot_path)[2] == screenshot, "the reporter's session does not work on web-b")
    # Someone of another organisation gets nothing (404), on either node.
    stranger = Node("web-a (kcell)", a.port)
    stranger.log_in("kcell", PASSWORD)
    stranger.get(shot_path, expect=(404,))
    stranger.get(f"/api/v1/letters/{letter.pk}/pdf/", expect=(404,))
    say("web-a: another organisation's user is refused the screenshot and the letter (404)")

    # Where the files are: in the shared folder, or in the bucket and not on any node's disk.
    on_disk = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    if storage == "s3":
        keys = sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))
        assert_that(
            f"files/{case.screenshots.get().file.name}" in keys and f"files/{letter.pdf.name}" in keys,
            f"the bucket holds {keys}",
        )
        assert_that(on_disk == [], f"files on the local disk with the object store: {on_disk}")
        acl = client.get_object_acl(Bucket=BUCKET, Key=f"files/{letter.pdf.name}")["Grants"]
        assert_that(not [g for g in acl if "AllUsers" in g["Grantee"].get("URI", "")], "a public object")
        say(f"object store: {len(keys)} private objects, among them the new screenshot and letter; none on disk")
    else:
        assert_that(
            case.screenshots.get().file.name in on_disk and letter.pdf.name in on_disk, f"MEDIA_ROOT holds {on_disk}"
        )
        say(f"shared MEDIA_ROOT holds {len(on_disk)} files, among them the new screenshot and letter")

    # The reminder: a term on the notification, awaiting the authorised body, already overdue; the
    # job queued on Redis (beat queues it every 15 minutes); the worker must send the reminder by SMTP.
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from cases.models import Deadline
    from cases.monitoring.models import DeadlineReminder, ReminderState

    now = timezone.now()
    deadline = Deadline.objects.create(
        content_type=ContentType.objects.get_for_model(case),
        object_id=case.pk,
        rule_code="smoke.review",
        citation="smoke test",
        start=now - timedelta(days=3),
        due=now - timedelta(minutes=5),
        awaiting_organisation=case.addressee,
    )
    DeadlineReminder.objects.filter(deadline=deadline).delete()
    mails_before = len(sink.messages)
    from config.celery import app

    app.send_task("cases.monitoring.tasks.send_deadline_reminders")
    wait_until(
        "the worker's reminder",
        lambda: DeadlineReminder.objects.filter(deadline=deadline, state=ReminderState.SENT).exists(),
        90,
        stack,
    )
    reminder = DeadlineReminder.objects.filter(deadline=deadline, state=ReminderState.SENT).first()
    recipients = {address.strip() for address in reminder.recipients.split(",") if address.strip()}
    assert_that(bool(recipients), f"reminder {reminder.pk} was sent to nobody")
    wait_until(
        "the reminder e-mail at the SMTP sink",
        lambda: recipients <= {to for message in sink.messages[mails_before:] for to in message["to"]},
        30,
        stack,
    )
    say(
        f"worker: reminder '{reminder.point}' sent to {reminder.recipients}; SMTP sink got {len(sink.messages)} message(s)"
    )
    assert_that(
        "celery@" in stack.log("worker") or "ready" in stack.log("worker"), "the worker never said it was ready"
    )
    assert_that(stack.alive("beat") and "beat: Starting" in stack.log("beat"), "beat is not running")
    say("beat: running (exactly one)")
    stack.check_running()
    for node in (a, b):
        assert_that(json.loads(node.get("/healthz")[2])["status"] == "ok", f"{node.name} unhealthy at the end")
    sink.shutdown()
    say(f"PASSED ({storage}) in {time.monotonic() - started:.0f} s")


def assert_that(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--storage", choices=("local", "s3"), required=True)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs) after a pass")
    options = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix=f"smoke-prod-{options.storage}-"))
    stack = Stack(workdir)

    def interrupted(signum, frame):
        raise SmokeFailure(f"interrupted by signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    failed = True
    try:
        smoke(options.storage, workdir, stack)
        failed = False
    except SmokeFailure as exc:
        say(f"FAILED ({options.storage}): {exc}")
        for name, _, log in stack.processes:
            say(f"--- last lines of {name} ---\n{tail(log, 25)}")
    except Exception as exc:  # anything unexpected is a failure too, with the processes' logs
        say(f"FAILED ({options.storage}): {type(exc).__name__}: {exc}")
        for name, _, log in stack.processes:
            say(f"--- last lines of {name} ---\n{tail(log, 25)}")
    finally:
        stack.stop()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()  # the checker's own connection, before the database is dropped
        for cleanup in reversed(stack.cleanups):
            try:
                cleanup()
            except Exception as exc:  # a cleanup failing must not hide the outcome
                say(f"cleanup failed: {exc}")
        if failed or options.keep:
            say(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
