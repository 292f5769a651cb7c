#!/usr/bin/env bash
# Install everything into .venv and run the whole test suite (on SQLite unless DATABASE_URL is set):
# lint (ruff), security lint (bandit), the migrations check, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/bandit --quiet --recursive config registries cases forms_kz --exclude '*/migrations/*'
.venv/bin/python manage.py makemigrations --check --dry-run
bash scripts/install_browser.sh   # Debian's Chromium for the browser test (tests/browser)
.venv/bin/python -m pytest "$@"
