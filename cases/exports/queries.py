"""A list's query string, kept and re-run: what a saved view stores, and the changelist the
export and the saved views build from it (the admin's own, so the list's scoping, filters,
search and order apply exactly as on the screen)."""

import copy

from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG, IS_POPUP_VAR, PAGE_VAR, TO_FIELD_VAR
from django.http import QueryDict
from django.urls import reverse

#: parameters of a list's address that are not its filters (the page, popups, the error flag)
NOT_FILTERS = (PAGE_VAR, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR, "_changelist_filters")

#: what a query string that the list no longer accepts raises when the list is built
INVALID_QUERY = (IncorrectLookupParameters, DisallowedModelAdminLookup)


def cleaned_query(params) -> str:
    """The list's filters, search and order from ``params`` (a QueryDict or a query string),
    without the page number and the like; "" for the whole list."""
    if isinstance(params, str):
        params = QueryDict(params)
    kept = params.copy()
    for name in NOT_FILTERS:
        kept.pop(name, None)
    return kept.urlencode()


def changelist_for(request, model_admin, query: str):
    """The admin's changelist for ``request.user`` with the list's ``query``: raises one of
    ``INVALID_QUERY`` when the list refuses it (an unknown or forbidden filter)."""
    listed = copy.copy(request)
    listed.GET = QueryDict(query)
    return model_admin.get_changelist_instance(listed)


def changelist_url(model_admin, query: str = "") -> str:
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=model_admin.admin_site.name)
    return f"{url}?{query}" if query else url


def same_query(first: str, second: str) -> bool:
    """Do two query strings ask for the same list (parameters in any order)?"""
    return sorted(QueryDict(first).lists()) == sorted(QueryDict(second).lists())
