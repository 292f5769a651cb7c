from django import template

from cases.monitoring import dashboard as home_data
from cases.monitoring.status import STATUS_LABELS

register = template.Library()


@register.inclusion_tag("monitoring/home.html", takes_context=True)
def home(context):
    """``{% load monitoring %}{% home %}`` on the admin index: the viewer's home page, live."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"home": None}
    data = home_data.build(user)
    data["labels"] = [(status, STATUS_LABELS[status]) for status in data["statuses"]]
    data["timed_labels"] = [(status, STATUS_LABELS[status]) for status in data["timed"]]
    return {"home": data}


@register.filter
def cell(row, status):
    return row[status]
