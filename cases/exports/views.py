"""The exports app's admin pages: a list exported as CSV / XLSX, and saved views saved, opened
and deleted. Every page builds the list with the admin's own changelist for the user who asks
(``queries.changelist_for``): the export holds exactly the rows the list shows, across all its
pages, and a saved view never shows more than its owner may see at the time it is opened."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from .columns import columns_of, row_of
from .models import SavedView
from .queries import INVALID_QUERY, changelist_for, changelist_url, cleaned_query
from .registry import list_admin
from .writers import csv_chunks, xlsx_file

#: the most rows one export holds (``EXPORT_MAX_ROWS`` in the settings may change it)
DEFAULT_MAX_ROWS = 50_000
#: the most saved views one user keeps for one list
MAX_VIEWS_PER_LIST = 50
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ITERATOR_CHUNK = 1000


def max_rows() -> int:
    return int(getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _list_admin_or_404(request, label):
    model_admin = list_admin(label)
    if model_admin is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    return model_admin


def _invalid_filters(request):
    messages.error(request, gettext("These filters no longer apply to this list: the whole list is shown."))


def _rows(queryset, columns, model_admin, language):
    """The rows, read from the database in chunks, rendered in ``language`` (a stream is read
    after the view has returned)."""
    with translation.override(language):
        for obj in queryset.iterator(chunk_size=ITERATOR_CHUNK):
            yield row_of(obj, columns, model_admin)


def _file_name(model_admin, extension: str) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H-%M")
    return f"{model_admin.model._meta.verbose_name_plural} {stamp}.{extension}"


def export_list(request, label, fmt):
    """The rows of the list ``label`` with the filters, search and order of the query string,
    as the user sees them, in ``fmt`` (csv or xlsx)."""
    if fmt not in FORMATS:
        raise Http404
    model_admin = _list_admin_or_404(request, label)
    query = cleaned_query(request.GET)
    try:
        changelist = changelist_for(request, model_admin, query)
    except INVALID_QUERY:
        _invalid_filters(request)
        return redirect(changelist_url(model_admin))
    queryset = changelist.queryset
    limit = max_rows()
    if queryset.order_by()[: limit + 1].count() > limit:
        messages.error(
            request,
            ngettext(
                "This list has more than %(limit)d row: narrow it with the filters or the search, then export it again.",
                "This list has more than %(limit)d rows: narrow it with the filters or the search, then export it again.",
                limit,
            ) % {"limit": limit},
        )
        return redirect(changelist_url(model_admin, query))
    columns = columns_of(changelist)
    header = [column.heading for column in columns]
    rows = _rows(queryset, columns, model_admin, translation.get_language())
    name = _file_name(model_admin, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(header, rows), content_type=FORMATS["csv"])
        response.headers["Content-Disposition"] = content_disposition_header(True, name)
    else:
        widths = [min(max(len(text) + 4, 12), 60) for text in header]
        output = xlsx_file(str(model_admin.model._meta.verbose_name_plural), header, rows, widths)
        response = FileResponse(output, as_attachment=True, filename=name, content_type=FORMATS["xlsx"])
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- saved views --------------------------------------------------------------------------------


@require_POST
def save_view(request):
    """Save (or, under the same name, replace) the list's current filters as a named view."""
    label = request.POST.get("list", "")
    model_admin = _list_admin_or_404(request, label)
    query = cleaned_query(QueryDict(request.POST.get("query", "")))
    back = changelist_url(model_admin, query)
    name = " ".join(request.POST.get("name", "").split())
    max_length = SavedView._meta.get_field("name").max_length
    if not name:
        messages.error(request, gettext("Name the filters to save them."))
        return redirect(back)
    if len(name) > max_length:
        messages.error(request, gettext("A name is at most %(limit)d characters long.") % {"limit": max_length})
        return redirect(back)
    try:
        changelist_for(request, model_admin, query)
    except INVALID_QUERY:
        _invalid_filters(request)
        return redirect(changelist_url(model_admin))
    mine = SavedView.objects.for_list(request.user, label)
    if not mine.filter(name=name).exists() and mine.count() >= MAX_VIEWS_PER_LIST:
        messages.error(
            request,
            gettext("You keep at most %(limit)d saved filters for one list: delete one first.")
            % {"limit": MAX_VIEWS_PER_LIST},
        )
        return redirect(back)
    try:
        with transaction.atomic():
            view, created = SavedView.objects.update_or_create(
                user=request.user, model_label=label, name=name, defaults={"query_string": query}
            )
    except IntegrityError:  # the same name saved at the same moment from another tab
        created = False
    if created:
        messages.success(request, gettext("Filters “%(name)s” saved.") % {"name": name})
    else:
        messages.success(request, gettext("Filters “%(name)s” replaced with the current ones.") % {"name": name})
    return redirect(back)


def open_view(request, pk):
    """The list of a saved view, its query string checked again for the user who opens it."""
    view = get_object_or_404(SavedView.objects.of(request.user), pk=pk)
    model_admin = _list_admin_or_404(request, view.model_label)
    try:
        changelist_for(request, model_admin, view.query_string)
    except INVALID_QUERY:
        _invalid_filters(request)
        return redirect(changelist_url(model_admin))
    return redirect(changelist_url(model_admin, cleaned_query(view.query_string)))


@require_POST
def delete_view(request, pk):
    view = get_object_or_404(SavedView.objects.of(request.user), pk=pk)
    model_admin = list_admin(view.model_label)
    name = view.name
    view.delete()
    messages.success(request, gettext("Saved filters “%(name)s” deleted.") % {"name": name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    if model_admin is None:
        return redirect("admin:index")
    return redirect(changelist_url(model_admin))
