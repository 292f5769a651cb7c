"""Production defaults are safe without extra variables (settings read with ``DEBUG=0``).

Each check runs the project's own ``manage.py`` (or imports its settings) in a fresh process with
an environment made here, so the test run's own settings (the embedded defaults) play no part.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "k" * 20 + "-production-secret-0123456789abcdefXYZ", "ALLOWED_HOSTS": "compliance.example.kz"}
#: Every variable the settings read that could change the outcome is removed first.
CLEARED = (
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "STATIC_MANIFEST",
    "EMAIL_BACKEND", "SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT", "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
)


def environment(**variables):
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(variables)
    return env


def run(args, **variables):
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, *args], cwd=ROOT, env=environment(**variables), capture_output=True, text=True, timeout=120
    )


def setting(name, **variables):
    """The value of one setting as the settings module computes it from ``variables``."""
    code = f"import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; from django.conf import settings; print(repr(settings.{name}))"
    result = run(["-c", code], **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_is_clean_with_only_the_three_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("entry", [
    ["-c", "import config.wsgi"],
    ["manage.py", "runserver", "--noreload", "127.0.0.1:0"],
])
def test_production_without_secret_key_refuses_to_start_and_names_the_variable(entry):
    variables = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run(entry, **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr or "SECRET_KEY" in result.stderr
    assert "SECRET_KEY environment variable" in result.stderr


def test_production_has_no_fallback_secret_key():
    variables = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run(["-c", "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; from django.conf import settings; print(settings.SECRET_KEY)"], **variables)
    assert result.returncode != 0  # Django refuses an empty key when it is read
    assert "insecure" not in result.stdout


def test_production_redirects_to_https_unless_turned_off_for_a_tls_proxy():
    assert setting("SECURE_SSL_REDIRECT", **PRODUCTION) == "True"
    assert setting("SECURE_SSL_REDIRECT", **PRODUCTION, SECURE_SSL_REDIRECT="0") == "False"
    # the X-Forwarded-Proto header is believed only when the operator says a proxy sets it
    assert setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION) == "None"
    assert setting("SECURE_PROXY_SSL_HEADER", **PRODUCTION, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_production_mail_goes_out_by_smtp_not_to_the_console():
    assert setting("EMAIL_BACKEND", **PRODUCTION) == "'django.core.mail.backends.smtp.EmailBackend'"
    assert setting("EMAIL_BACKEND", DEBUG="1") == "'django.core.mail.backends.console.EmailBackend'"


def test_exports_escape_formulae():
    assert setting("IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT", **PRODUCTION) == "True"


def test_load_demo_refuses_in_production():
    """The demo users' password is public: a production database never gets them."""
    result = run(["manage.py", "load_demo"], **PRODUCTION, DATABASE_URL="sqlite:////nonexistent/never-created.sqlite3")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_embedded_development_run_still_starts_without_variables():
    assert "django-insecure" in setting("SECRET_KEY", DEBUG="1")
    assert setting("SECURE_SSL_REDIRECT", DEBUG="1") == "False"


def test_every_variable_the_settings_read_is_in_the_readme():
    import re

    settings_text = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r'(?:environ\.get|env_bool|env_list)\("([A-Z_]+)"', settings_text)) | {"DATABASE_URL"}
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, missing
