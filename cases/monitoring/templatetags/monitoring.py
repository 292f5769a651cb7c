from django import template

from cases.monitoring import dashboard as dashboard_data
from cases.monitoring.status import STATUS_LABELS

register = template.Library()


@register.inclusion_tag("monitoring/dashboard.html", takes_context=True)
def dashboard(context):
    """``{% load monitoring %}{% dashboard %}`` on the admin index page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"dashboard": None}
    data = dashboard_data.build(user)
    data["labels"] = [(status, STATUS_LABELS[status]) for status in data["statuses"]]
    return {"dashboard": data}


@register.filter
def cell(row, status):
    return row[status]
