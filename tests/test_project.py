"""Project-wide checks: production settings pass ``check --deploy`` without a warning, and the
OpenAPI schema builds without errors or warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="x" * 30 + "production-secret-key-0123456789abcdef", ALLOWED_HOSTS="compliance.example.kz",
        SECURE_SSL_REDIRECT="1", STATIC_MANIFEST="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_openapi_schema_builds_without_warnings(tmp_path):
    result = run_manage("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    schema = (tmp_path / "schema.yml").read_text(encoding="utf-8")
    for path in ("/api/v1/violation-reports/", "/api/v1/platform-cases/", "/api/v1/device-demands/", "/api/v1/service-requests/"):
        assert path in schema
