#!/usr/bin/env bash
# Set up and serve the system on the embedded SQLite database, with demo data and users.
# ADDRESS: where runserver listens, [host:]port (default 127.0.0.1:8000). PUBLIC_BASE_URL (the
# address printed by load_demo and put in e-mails and QR codes) follows it unless set.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
export DEBUG=${DEBUG:-1}
# The local demo: the authorised body logs in with the password only (production requires TOTP).
export OTP_REQUIRED_FOR_AUTHORISED_BODY=${OTP_REQUIRED_FOR_AUTHORISED_BODY:-0}
ADDRESS=${ADDRESS:-127.0.0.1:8000}
case "$ADDRESS" in
  *:*) host=${ADDRESS%:*} port=${ADDRESS##*:} ;;
  *) host=127.0.0.1 port=$ADDRESS ;;  # runserver takes a bare port too
esac
# Listening on every interface (0.0.0.0 or [::]): this machine still reaches it as 127.0.0.1;
# others need PUBLIC_BASE_URL set to the name they use (and that name in ALLOWED_HOSTS).
case "$host" in 0.0.0.0 | "[::]" | "") host=127.0.0.1 ;; esac
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://$host:$port}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
exec .venv/bin/python manage.py runserver "$ADDRESS"
