"""Changelists that cost the same at any depth (README, Performance).

A stock changelist asks the database for page *n* with ``OFFSET (n-1)·per_page``: every column
of the list, including the correlated subqueries of the annotated columns (a case's next
deadline, the queue's first fact and duplicate mark), is computed for each skipped row, so page
500 costs 25,000 rows' worth of subqueries. ``DepthChangeList`` instead

1. pages over the primary keys only (``values_list("pk")`` with the list's filters, search
   and ordering: an index-only scan over the skipped rows, no annotation, no join);
2. reads the page's rows — annotations, ``list_select_related`` — for those ids only, from the
   admin's scoped queryset (``get_queryset``: the organisation filter applies twice);
3. takes a page past the middle from the other end (the reversed ordering, a backward index
   scan), so the last page costs what the first one does;
4. answers a page number past the end with the last page and a non-number with the first
   (never Django's "?e=1" redirect);
5. sorts only by the columns the admin names in ``sortable_by`` — each one served by an index
   together with the admin's default ordering as the tie-break in the same direction
   (``ORDER BY state DESC, submitted_at DESC, id DESC`` is a backward scan of one index);
   a sort by any other column, or by a second column, is dropped with a message;
6. refuses a search shorter than ``min_search_length`` characters with a message: no
   search query runs (a one-character prefix matches nearly every row).

The count: ``EstimatedCountPaginator`` asks PostgreSQL's planner first (``EXPLAIN`` of the
list's own filtered query: ``pg_class.reltuples`` for an unfiltered list, the column statistics
for a filter). Below ``EXACT_COUNT_BELOW`` rows it counts exactly (a scan of at most that many
rows); above, the estimate is shown as "≈ 200 000" — an exact count of 200,000 rows is a scan
of them all on every page, and nobody reads the last digits. A page past the real end, when the
estimate was too high, falls back to the last rows. SQLite (development, tests) always counts
exactly.
"""

import json

from django.contrib import messages
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, OrderBy
from django.utils.functional import cached_property
from django.utils.translation import gettext

#: Below this many rows (as the planner estimates) the count is exact.
EXACT_COUNT_BELOW = 20_000

#: The shortest search term a changelist runs (a number of any length may be allowed per admin).
MIN_SEARCH_LENGTH = 3


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of the rows ``queryset`` returns (``EXPLAIN``), None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except Exception:  # EmptyResultSet and the like: let the exact count answer  # noqa: BLE001
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Exact count up to ``EXACT_COUNT_BELOW`` rows, the planner's estimate above
    (``estimated``); a page number past the end is the last page, below 1 or not a number the first."""

    estimated = False

    @cached_property
    def count(self):
        estimate = planner_estimate(self.object_list)
        if estimate is None or estimate < EXACT_COUNT_BELOW:
            return self.object_list.count()
        self.estimated = True
        return estimate

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            return 1
        return min(max(number, 1), self.num_pages)


class EstimatedCount(int):
    """A count the planner estimated: an int (templates compare it) that knows it is one."""

    estimated = True


def _direction_of(part) -> bool:
    """True for a descending ordering part."""
    if isinstance(part, str):
        return part.startswith("-")
    if isinstance(part, OrderBy):
        return part.descending
    return False


def _name_of(part) -> str | None:
    if isinstance(part, str):
        return part.lstrip("-")
    if isinstance(part, F):
        return part.name
    if isinstance(part, OrderBy) and isinstance(part.expression, F):
        return part.expression.name
    return None


def _with_direction(part, descending: bool):
    name = _name_of(part)
    if name is None:
        return part
    return f"-{name}" if descending else name


class DepthChangeList(ChangeList):
    """Django's ChangeList paging over primary keys (see the module's docstring)."""

    result_count_estimated = False

    # --- bad input: sorts without an index, too short searches ----------------------------------

    def _allowed_sort(self, index: int) -> bool:
        try:
            name = self.list_display[index]
        except IndexError:
            return False
        return self.sortable_by is None or name in self.sortable_by

    def _sanitise_sort(self, request):
        """Keep the first sort parameter if its column may be sorted (``sortable_by``); drop the rest."""
        if getattr(self, "_sort_checked", False):
            return
        self._sort_checked = True
        raw = self.params.get(ORDER_VAR)
        if not raw:
            return
        kept = []
        for part in raw.split("."):
            _none, _prefix, index = part.rpartition("-")
            if index.isdigit() and self._allowed_sort(int(index)):
                kept.append(part)
        if kept[:1] != raw.split("."):
            messages.warning(
                request,
                gettext(
                    "This list is sorted by one column at a time, and only by the columns whose headings are links."
                ),
            )
        if kept:
            self.params[ORDER_VAR] = kept[0]
        else:
            self.params.pop(ORDER_VAR, None)

    def _search_too_short(self, request) -> bool:
        term = (self.query or "").strip()
        minimum = getattr(self.model_admin, "min_search_length", MIN_SEARCH_LENGTH)
        if not term or len(term) >= minimum:
            return False
        if term.isdigit() and getattr(self.model_admin, "search_numbers_any_length", False):
            return False
        if not getattr(self, "_search_warned", False):
            self._search_warned = True
            messages.warning(request, gettext("Type at least %(count)d characters to search.") % {"count": minimum})
        return True

    def get_queryset(self, request, exclude_parameters=None):
        self._sanitise_sort(request)
        queryset = super().get_queryset(request, exclude_parameters)
        if self._search_too_short(request):
            return queryset.none()
        return queryset

    def get_ordering(self, request, queryset):
        """A sort by a column is followed by the admin's default ordering in the same direction
        (the tie-break an index on (column, default ordering) serves)."""
        ordering = super().get_ordering(request, queryset)
        if not self.params.get(ORDER_VAR) or not ordering:
            return ordering
        primary = ordering[0]
        descending = _direction_of(primary)
        default = list(self.model_admin.get_ordering(request) or self._get_default_ordering())
        names = {_name_of(primary)}
        result = [primary]
        for part in [*default, "pk"]:
            name = _name_of(part)
            if name in names or (name == "pk" and self.lookup_opts.pk.name in names):
                continue
            names.add(name)
            result.append(_with_direction(part, descending))
            if name in ("pk", self.lookup_opts.pk.name):
                break
        return result

    # --- the page: primary keys first, then the rows of those keys -----------------------------

    def get_results(self, request):
        keys = self.queryset.values_list("pk", flat=True)
        paginator = self.model_admin.get_paginator(request, keys, self.list_per_page)
        result_count = paginator.count
        estimated = getattr(paginator, "estimated", False)
        full_result_count = self.root_queryset.count() if self.model_admin.show_full_result_count else None
        can_show_all = not estimated and result_count <= self.list_max_show_all
        multi_page = result_count > self.list_per_page

        if (self.show_all and can_show_all) or not multi_page:
            result_list = self.queryset._clone()
        else:
            self.page_num = paginator.validate_number(self.page_num)
            ids = self.page_keys(keys, paginator, estimated)
            result_list = self.rows_of(ids)

        self.result_count = EstimatedCount(result_count) if estimated else result_count
        self.result_count_estimated = estimated
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.show_admin_actions = not self.show_full_result_count or bool(full_result_count)
        self.full_result_count = full_result_count
        self.result_list = result_list
        self.can_show_all = can_show_all
        self.multi_page = multi_page
        self.paginator = paginator

    def page_keys(self, keys, paginator, estimated: bool) -> list:
        """The primary keys of page ``self.page_num``: from the front up to the middle, from the
        back past it (the reversed ordering: a backward index scan instead of a long OFFSET)."""
        per_page = self.list_per_page
        count = paginator.count
        offset = (self.page_num - 1) * per_page
        if estimated:
            if self.page_num >= paginator.num_pages:
                return self._last_keys(keys, per_page)
            ids = list(keys[offset : offset + per_page])
            return ids or self._last_keys(keys, per_page)
        if offset <= count // 2:
            return list(keys[offset : offset + per_page])
        size = min(per_page, count - offset)
        from_end = count - offset - size
        ids = list(keys.reverse()[from_end : from_end + size])
        ids.reverse()
        return ids

    @staticmethod
    def _last_keys(keys, size: int) -> list:
        ids = list(keys.reverse()[:size])
        ids.reverse()
        return ids

    def rows_of(self, ids):
        """The page's rows with the admin's annotations and related rows, read for ``ids`` only
        from the admin's scoped queryset, in the list's ordering."""
        rows = self.root_queryset.filter(pk__in=ids)
        if not rows.query.select_related:
            rows = self.apply_select_related(rows)
        return rows.order_by(*self.queryset.query.order_by)


class DepthChangeListMixin:
    """A ModelAdmin whose changelist costs the same at any depth (``DepthChangeList``).

    ``sortable_by`` names the columns that may be sorted (each with an index); a search shorter
    than ``min_search_length`` is refused with a message (a number of any length passes when
    ``search_numbers_any_length``)."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    min_search_length = MIN_SEARCH_LENGTH
    search_numbers_any_length = False

    def get_changelist(self, request, **kwargs):
        return DepthChangeList
