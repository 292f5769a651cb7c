"""Refusals at start-up: a production process (DEBUG off) never runs on a missing secret key.

The settings leave SECRET_KEY empty when DEBUG is off and the variable is unset (there is no
fallback key). The web process (``config.wsgi``, also behind ``runserver``) and the Celery worker
(``config.celery``) call :func:`require_secret_key` as they start, so they stop at once with a
message naming the variable instead of starting and failing on the first signed cookie.
"""

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
