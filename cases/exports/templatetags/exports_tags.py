"""``{% export_tools %}``: the export buttons and the saved views of a changelist's object tools
(``admin/<app_label>/change_list_object_tools.html`` of this app)."""

from django import template
from django.urls import reverse

from registries.scoping import organisation_of

from ..filters import WAITING_FOR_ME, WAITING_LABEL, WAITING_PARAMETER, has_waiting_filter
from ..models import SavedView
from ..queries import changelist_url, cleaned_query, same_query
from ..registry import exportable, label_of
from ..views import max_rows

register = template.Library()


@register.inclusion_tag("exports/object_tools.html", takes_context=True)
def export_tools(context):
    changelist = context.get("cl")
    request = context.get("request")
    if changelist is None or request is None or not exportable(changelist.model_admin):
        return {"show": False}
    model_admin = changelist.model_admin
    label = label_of(changelist.model)
    query = cleaned_query(request.GET)
    suffix = f"?{query}" if query else ""
    builtin = []
    if organisation_of(request.user) is not None and has_waiting_filter(model_admin, request):
        waiting = f"{WAITING_PARAMETER}={WAITING_FOR_ME}"
        builtin.append({
            "name": WAITING_LABEL,
            "url": changelist_url(model_admin, waiting),
            "current": same_query(query, waiting),
        })
    views = [
        {
            "name": view.name,
            "url": reverse("exports:open", args=[view.pk]),
            "delete_url": reverse("exports:delete", args=[view.pk]),
            "current": same_query(query, view.query_string),
        }
        for view in SavedView.objects.for_list(request.user, label)
    ]
    return {
        "show": True,
        "label": label,
        "query": query,
        "here": request.get_full_path(),
        "csv_url": reverse("exports:export", args=[label, "csv"]) + suffix,
        "xlsx_url": reverse("exports:export", args=[label, "xlsx"]) + suffix,
        "max_rows": max_rows(),
        "builtin": builtin,
        "views": views,
        "current": next((view["name"] for view in builtin + views if view["current"]), None),
        "csrf_token": context.get("csrf_token"),
    }
