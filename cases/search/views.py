"""The results page of the header's search box (``/admin/search/?q=``): every procedure's hook
(cases.search.registry), scoped to what the reader may see, grouped by procedure."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .query import MIN_SEARCH_LENGTH, parse
from .registry import run_search


def results(request):
    query = parse(request.GET.get("q", ""))
    procedures = run_search(query, request.user)
    context = {
        **admin.site.each_context(request),
        "title": _("Search across every procedure") if not query.term else _("Search: %(term)s") % {"term": query.term},
        "search_query": query,
        "procedures": procedures,
        "too_short": query.too_short,
        "min_length": MIN_SEARCH_LENGTH,
    }
    return TemplateResponse(request, "search/results.html", context)
