#!/usr/bin/env bash
# Set up and serve the system on the embedded SQLite database, with demo data and users.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
export DEBUG=${DEBUG:-1}
# The local demo: the authorised body logs in with the password only (production requires TOTP).
export OTP_REQUIRED_FOR_AUTHORISED_BODY=${OTP_REQUIRED_FOR_AUTHORISED_BODY:-0}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
exec .venv/bin/python manage.py runserver "${ADDRESS:-127.0.0.1:8000}"
