"""``/healthz``: is this node able to serve? For a load balancer's probe and the operator.

Three checks, each bounded by ``HEALTHZ_TIMEOUT_SECONDS``: the database (``SELECT 1``), the Celery
broker (a ping of Redis; "not configured" when tasks run inline without one) and the file store
(a look-up of one name in the local folder MEDIA_ROOT or the object store). 200 with
``{"status": "ok", ...}`` when every check passes, 503 with the failing check marked
``"unavailable"`` otherwise. No log-in; the body names no host, address, bucket or error (those go to
the log); answers are never cached by the client.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK, UNAVAILABLE, NOT_CONFIGURED = "ok", "unavailable", "not configured"
#: A name that is looked up, never written: the look-up proves the store answers.
PROBE_NAME = "healthz/probe"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return NOT_CONFIGURED
    timeout = settings.HEALTHZ_TIMEOUT_SECONDS
    if url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
        return OK
    from kombu import Connection

    with Connection(url, connect_timeout=timeout) as conn:
        conn.ensure_connection(max_retries=1, timeout=timeout)
    return OK


def check_storage() -> str:
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        if not (os.path.isdir(location) and os.access(location, os.W_OK | os.X_OK)):
            raise OSError("MEDIA_ROOT is not a writable folder")
        return OK
    storage.exists(PROBE_NAME)  # a HEAD request: raises when the store or its credentials fail
    return OK


CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


def _run(name, check):
    try:
        return check()
    except Exception:  # every failure is "unavailable"; the reason goes to the log only
        logger.exception("health check %s failed", name)
        return UNAVAILABLE
    finally:
        if name == "database":
            connection.close_if_unusable_or_obsolete()


def run_checks() -> dict[str, str]:
    """Each check's outcome. The broker and the store are asked in threads with a deadline, so an
    address that swallows packets cannot hold the probe longer than the timeout."""
    results = {"database": _run("database", check_database)}
    timeout = settings.HEALTHZ_TIMEOUT_SECONDS
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")
    try:
        futures = {name: pool.submit(_run, name, CHECKS[name]) for name in ("broker", "storage")}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=timeout + 1)
            except (TimeoutError, FutureTimeout):
                logger.error("health check %s timed out", name)
                results[name] = UNAVAILABLE
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a hung look-up never holds the answer
    return results


@never_cache
@require_safe
def healthz(request):
    checks = run_checks()
    healthy = all(value != UNAVAILABLE for value in checks.values())
    return JsonResponse({"status": OK if healthy else UNAVAILABLE, "checks": checks}, status=200 if healthy else 503)
