"""Celery application. Broker from CELERY_BROKER_URL (Redis in production).

Every periodic job is also a management command, so the embedded set-up runs them from cron
or by hand with no broker at all.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("compliance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
