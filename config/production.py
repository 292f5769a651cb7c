"""Refusals at start-up: a production process (DEBUG off) never runs on a missing or development
value of a variable it cannot do without.

The settings leave SECRET_KEY empty when DEBUG is off and the variable is unset (there is no
fallback key). The web process (``config.wsgi``, also behind ``runserver``) and the Celery worker
(``config.celery``) call :func:`require_secret_key` as they start, so they stop at once with a
message naming the variable instead of starting and failing on the first signed cookie.

:func:`require_production_settings` (the web process under gunicorn, the Celery worker and beat)
checks the rest of what a production start needs, each refusal naming the variable or the command:

* ``SECRET_KEY`` (above);
* ``ALLOWED_HOSTS``, set explicitly: the default names only the loop-back development hosts;
* ``PUBLIC_BASE_URL``, set explicitly to an ``https://`` address: every issued letter prints it in
  its verification QR code and an issued letter is never re-rendered with another address;
* the static files collected (``manage.py collectstatic``): with DEBUG off they are served only from
  STATIC_ROOT, and with ``STATIC_MANIFEST=1`` every page naming a file missing from the manifest
  answers 500.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    if settings.DEBUG:
        return
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty key
        key = ""
    if not key:
        raise_missing_secret_key()


def raise_missing_secret_key():
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set the SECRET_KEY environment variable to a long random value "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
        "Only the development run (DEBUG=1) has a built-in key."
    )


def production_problems(environ=None, *, static: bool = True) -> list[str]:
    """What stops a production start (empty with DEBUG on), one message per problem."""
    if settings.DEBUG:
        return []
    environ = os.environ if environ is None else environ
    problems = []
    try:
        require_secret_key()
    except ImproperlyConfigured as exc:
        problems.append(str(exc))
    if not environ.get("ALLOWED_HOSTS", "").strip():
        problems.append(
            "ALLOWED_HOSTS is not set: set the ALLOWED_HOSTS environment variable to the host names the "
            "site answers to (comma-separated, e.g. compliance.example.kz)."
        )
    base_url = environ.get("PUBLIC_BASE_URL", "").strip()
    if not base_url:
        problems.append(
            "PUBLIC_BASE_URL is not set: set the PUBLIC_BASE_URL environment variable to the public https:// "
            "address of the site (printed in every issued letter's verification QR code)."
        )
    elif not base_url.startswith("https://"):
        problems.append(f"PUBLIC_BASE_URL must be an https:// address (it is {base_url!r}).")
    if static:
        problems.extend(static_problems())
    return problems


def static_problems() -> list[str]:
    root = Path(settings.STATIC_ROOT)
    manifest = "ManifestStaticFilesStorage" in settings.STORAGES["staticfiles"]["BACKEND"]
    if manifest and not (root / "staticfiles.json").is_file():
        return [
            f"STATIC_MANIFEST=1 but {root}/staticfiles.json is missing: run "
            "'manage.py collectstatic --noinput' (with the same environment) before starting."
        ]
    if not manifest and not (root / "admin").is_dir():
        return [
            f"The static files are not collected in {root}: run 'manage.py collectstatic --noinput' before starting."
        ]
    return []


def require_production_settings(*, static: bool = True) -> None:
    """Stop a production process at start-up with every problem named (nothing with DEBUG on)."""
    problems = production_problems(static=static)
    if problems:
        raise ImproperlyConfigured("Production start refused:\n- " + "\n- ".join(problems))
