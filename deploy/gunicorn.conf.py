"""gunicorn settings of a web node (docs/deploy.md): ``gunicorn -c deploy/gunicorn.conf.py config.wsgi``.

The node listens on loop-back (or a private address) behind the TLS-terminating nginx of
``deploy/nginx-compliance.conf``; it trusts X-Forwarded-* only from that proxy's address. Before any
worker starts, the production settings are checked (``config.production.require_production_settings``):
a missing SECRET_KEY, ALLOWED_HOSTS, PUBLIC_BASE_URL or uncollected static files stop the start-up
with a message naming each.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # large staff-list imports run in the worker, not here
graceful_timeout = 30
# Addresses whose X-Forwarded-Proto gunicorn believes (the proxy); Django believes it only through
# SECURE_PROXY_SSL_HEADER and reads the client's address with TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The application is imported once, in the master, so a broken setting fails before any worker forks.
preload_app = True


def on_starting(server):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from config.production import require_production_settings

    require_production_settings()
