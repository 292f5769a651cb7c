"""Recording users' last action cheaply (seed 001 p. 6: accounts with no "белсенділік белгілері", signs of activity, are listed).

``UserProfile.last_action_at`` is refreshed at most once an hour per user: the last stamp is
remembered in the session (admin users) and in the cache (token-authenticated API users, and
as a second layer), so most requests issue no query at all; when the remembered stamp is
stale a single conditional UPDATE (``last_action_at IS NULL OR last_action_at < now − 1 h``)
runs, so even several processes with separate caches write at most once an hour.
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from registries.models import UserProfile

#: At most one write per user per this interval.
ACTIVITY_RESOLUTION = timedelta(hours=1)
SESSION_KEY = "sweeps_last_action"


def cache_key(user_id) -> str:
    return f"sweeps:last-action:{user_id}"


def _fresh(stamp, now) -> bool:
    if isinstance(stamp, str):
        try:
            stamp = datetime.fromisoformat(stamp)
        except ValueError:
            return False
    return isinstance(stamp, datetime) and timezone.is_aware(stamp) and timedelta(0) <= now - stamp < ACTIVITY_RESOLUTION


def record_action(user_id, now=None, session=None) -> bool:
    """Note that ``user_id`` acted at ``now``. Returns True if the stored stamp was written."""
    if not user_id:
        return False
    now = now or timezone.now()
    if session is not None:
        remembered = session.get(SESSION_KEY) or {}
        if isinstance(remembered, dict) and remembered.get("user") == user_id and _fresh(remembered.get("at"), now):
            return False
    key = cache_key(user_id)
    cached = cache.get(key)
    if _fresh(cached, now):
        if session is not None:
            session[SESSION_KEY] = {"user": user_id, "at": cached.isoformat()}
        return False
    written = (
        UserProfile.objects.filter(user_id=user_id)
        .filter(Q(last_action_at__isnull=True) | Q(last_action_at__lt=now - ACTIVITY_RESOLUTION))
        .update(last_action_at=now)
    )
    # Written or already fresh (another process wrote it): either way, nothing to do for an hour.
    cache.set(key, now, timeout=int(ACTIVITY_RESOLUTION.total_seconds()))
    if session is not None:
        session[SESSION_KEY] = {"user": user_id, "at": now.isoformat()}
    return bool(written)


def forget(user_id) -> None:
    cache.delete(cache_key(user_id))
