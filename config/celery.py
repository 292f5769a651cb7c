"""Celery application. Broker from CELERY_BROKER_URL (Redis in production).

Every periodic job is also a management command, so the embedded set-up runs them from cron
or by hand with no broker at all (with CELERY_BROKER_URL empty, settings make tasks run
inline: CELERY_TASK_ALWAYS_EAGER).

Beat schedule (times in CELERY_TIMEZONE = Asia/Almaty):

* deadline reminders and escalation -- every 15 minutes
  (``manage.py send_deadline_reminders``); this is also the throttling-window check of seed 004
  p. 9: each throttling instruction opens a deadline at the end of its level's window
  (``cases.platforms.rules.THROTTLE_WINDOWS``), so the officials are told when a window has
  passed without compliance and the next level is due;
* staff-list refresh reminders (seed 001 p. 5, "at least once every half-year") -- every
  working day at 09:00 (``manage.py remind_staff_lists``);
* inactive-account sweep of the half-year just ended (seed 001 p. 6) -- 1 January and
  1 July at 06:00.

Beat keeps when each job last ran in a file outside the repository:
``CELERY_BEAT_SCHEDULE_FILENAME``, by default ``celerybeat-schedule`` in the system's temporary
directory (``celery beat --schedule`` overrides both).
"""

import os
import tempfile
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("compliance")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.on_after_configure.connect
def _refuse_without_secret_key(sender, **kwargs):
    from config.production import require_secret_key

    require_secret_key()


app.autodiscover_tasks()

app.conf.beat_schedule_filename = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME") or str(
    Path(tempfile.gettempdir()) / "compliance-celerybeat-schedule"
)

app.conf.beat_schedule = {
    "deadline-reminders": {
        "task": "cases.monitoring.tasks.send_deadline_reminders",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    "staff-list-refresh-reminders": {
        "task": "stafflists.remind_staff_lists",
        "schedule": crontab(minute=0, hour=9, day_of_week="mon-fri"),
    },
    "half-yearly-account-sweep": {
        "task": "sweeps.form_sweep_of_last_half_year",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year="1,7"),
    },
}
