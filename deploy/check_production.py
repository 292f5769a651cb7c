"""Refuse a production start with every problem named: the ``ExecStartPre`` of each systemd unit in
``deploy/`` (``python deploy/check_production.py`` for the web node, ``--no-static`` for the Celery
worker and beat, which serve no static files). Exit 0 and one line when everything is in place."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(argv: list[str]) -> int:
    import django
    from django.core.exceptions import ImproperlyConfigured

    django.setup()
    from config.production import require_production_settings

    try:
        require_production_settings(static="--no-static" not in argv)
    except ImproperlyConfigured as exc:
        print(exc, file=sys.stderr)
        return 1
    print("production settings: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
