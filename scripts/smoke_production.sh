#!/usr/bin/env bash
# Production smoke test (docs/deploy.md): the stack on loop-back, once with the local shared folder
# and once with an S3-compatible object store (moto_server). Needs PostgreSQL and Redis on 127.0.0.1.
# Usage: scripts/smoke_production.sh [local|s3 ...]   (both when no argument)
# The database is migrated once (a template); each variant runs on a copy of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(local s3)
pid=""
export SMOKE_TEMPLATE_DB="smoke_prod_template_$$"
stop() {
  # the checker stops every process it started when it is told to stop
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  .venv/bin/python scripts/pg_db.py drop "$SMOKE_TEMPLATE_DB" || true
}
trap stop EXIT INT TERM
.venv/bin/python scripts/pg_db.py create "$SMOKE_TEMPLATE_DB"
started=$SECONDS
env -u DJANGO_SETTINGS_MODULE DEBUG=0 SECRET_KEY="smoke-migrate-only-$$-$RANDOM$RANDOM" \
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$SMOKE_TEMPLATE_DB" \
  .venv/bin/python manage.py migrate --noinput -v0
echo "[smoke] migrated the template database $SMOKE_TEMPLATE_DB in $((SECONDS - started)) s"
for variant in "${variants[@]}"; do
  echo "== production smoke test: $variant file store"
  .venv/bin/python scripts/smoke_production.py --storage "$variant" &
  pid=$!
  wait "$pid"
  pid=""
done
