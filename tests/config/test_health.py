"""/healthz: 200 with JSON when the database, the broker and the file store answer; 503 naming the
failing check otherwise; no log-in, no secrets in the body, no HTTPS redirect for the probe."""

import json

import pytest

from .s3 import object_store, s3_storage_config

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://:hunter2@127.0.0.1:1/7"


def healthz(client):
    answer = client.get("/healthz")
    return answer.status_code, json.loads(answer.content), answer


def test_all_fine_answers_200_without_log_in(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = ""
    status, body, answer = healthz(client)
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "broker": "not configured", "storage": "ok"}}
    assert "no-cache" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]


def test_a_reachable_redis_broker_is_ok(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    status, body, _ = healthz(client)
    assert (status, body["checks"]["broker"]) == (200, "ok")


def test_an_unreachable_broker_answers_503_and_keeps_its_address_secret(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS
    status, body, answer = healthz(client)
    assert status == 503
    assert body == {"status": "unavailable", "checks": {"database": "ok", "broker": "unavailable", "storage": "ok"}}
    assert b"hunter2" not in answer.content and b"127.0.0.1" not in answer.content


def test_a_missing_media_folder_answers_503(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"
    settings.CELERY_BROKER_URL = ""
    status, body, answer = healthz(client)
    assert (status, body["checks"]["storage"]) == (503, "unavailable")
    assert b"not-mounted" not in answer.content


def test_an_unreachable_object_store_answers_503_and_names_no_bucket(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.HEALTHZ_TIMEOUT_SECONDS = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_config("secret-bucket-name", endpoint_url="http://127.0.0.1:1"),
    }
    status, body, answer = healthz(client)
    assert (status, body["checks"]["storage"]) == (503, "unavailable")
    assert b"secret-bucket-name" not in answer.content


def test_a_reachable_object_store_is_ok(client, settings):
    settings.CELERY_BROKER_URL = ""
    with object_store(settings):
        status, body, _ = healthz(client)
    assert (status, body["checks"]["storage"]) == (200, "ok")


def test_the_probe_over_plain_http_is_not_redirected(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = ""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/admin/login/").status_code == 301  # everything else still is


def test_only_get_and_head(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


# --- nothing a user submits is lost while the broker is down -----------------------------------------


@pytest.fixture
def broker_down(settings):
    """Celery publishing to a Redis that does not answer (as in production with Redis down)."""
    from config.celery import app
    from tests.celery_connections import forget_broker_connections

    saved = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = UNREACHABLE_REDIS, False
    app.conf.update(broker_url=UNREACHABLE_REDIS, task_always_eager=False)
    forget_broker_connections(app)
    yield
    app.conf.update(saved)
    forget_broker_connections(app)


def test_a_notification_filed_while_the_broker_is_down_is_saved_and_answered(
    demo, settings, tmp_path, broker_down, django_capture_on_commit_callbacks
):
    """The submit step's transaction commits, then its on-commit hook queues the notice e-mails:
    with Redis down the notification must stay saved and the step must still succeed."""
    from cases.inbox.models import NoticeEmail
    from cases.violations.models import ViolationReport
    from tests.cases.violations.factories import list_demo_reporters
    from tests.cases.violations.test_api import URL, client_for, payload

    settings.MEDIA_ROOT = tmp_path
    list_demo_reporters(demo)  # seed 001 p. 5: only listed staff submit
    api = client_for(demo["users"]["prosecutor_reporter"])
    created = api.post(URL, payload(), format="json")
    assert created.status_code == 201, created.content
    try:
        with django_capture_on_commit_callbacks(execute=True):  # the request's commit
            submitted = api.post(f"{URL}{created.json()['id']}/submit/", {}, format="json")
    finally:  # what happens today, whatever the answer: the notification is in the database
        report = ViolationReport.objects.get(pk=created.json()["id"])
        assert report.state == "submitted"
        assert report.screenshots.count() == 2
        assert NoticeEmail.objects.filter(state__in=["pending", "failed", "sending"]).exists()  # mailed by the next run
    assert submitted.status_code == 200, submitted.content
