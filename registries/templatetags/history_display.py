"""Values in django-simple-history's change list, as officials read them: no "None", local times."""

from datetime import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()

EMPTY = "—"


@register.filter
def history_value(value):
    if value is None or value in ("", "None") or (isinstance(value, str) and value.endswith("(pk=None)")):
        return EMPTY
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(moment, datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "d.m.Y H:i")
    return value
