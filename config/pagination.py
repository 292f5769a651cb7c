"""Pagination of every list under ``/api/v1/``: page numbers by default, a cursor on request.

- **Page numbers** (default, unchanged): ``?page=N`` answers ``{"count", "next", "previous",
  "results"}`` with ``PAGE_SIZE`` records in the list's own order. A page past the last one keeps
  what DRF clients expect, **404**, now with a machine-readable body:
  ``{"detail": "…", "code": "page_out_of_range", "count": <records>, "last_page": <n>}``; a page
  that is not a number answers 404 ``{"code": "invalid_page"}``. Only the count is read first, so
  the answer is as quick as the count.
- **Cursor** (opt-in, for integrations that walk everything): ``?cursor=`` (empty starts the walk)
  answers ``{"next", "previous", "results"}`` with no count, ordered by the record number
  (``id``, the primary-key index: stable, unique), oldest first; follow ``next`` until it is null.
  Each page costs the same however deep the walk goes (``WHERE id > …``, no OFFSET), and a record
  created during the walk is met at its end.
"""

from django.core.paginator import EmptyPage, InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.pagination import CursorPagination, PageNumberPagination


class PageOutOfRange(APIException):
    """404 with the count and the last page, so a client walking pages knows where they end."""

    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("There is no such page: the list has fewer pages.")
    default_code = "page_out_of_range"

    def __init__(self, *, count: int, last_page: int, detail=None, code=None):
        super().__init__(detail, code)
        self.count = count
        self.last_page = last_page

    def body(self) -> dict:
        return {"detail": str(self.detail), "code": self.detail.code, "count": self.count, "last_page": self.last_page}


class InvalidPageNumber(APIException):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("The page must be a whole number from 1 (or “last”).")
    default_code = "invalid_page"

    def body(self) -> dict:
        return {"detail": str(self.detail), "code": self.detail.code}


class IdCursorPagination(CursorPagination):
    """DRF's cursor over the primary key, oldest first."""

    ordering = "pk"
    cursor_query_param = "cursor"

    def get_ordering(self, request, queryset, view):
        return ("pk",)


class PageOrCursorPagination(PageNumberPagination):
    """Page numbers, or DRF's ``CursorPagination`` over ``id`` when the request names ``cursor``."""

    cursor_query_param = "cursor"

    def __init__(self):
        self._cursor = None

    def uses_cursor(self, request) -> bool:
        return self.cursor_query_param in request.query_params

    def paginate_queryset(self, queryset, request, view=None):
        if self.uses_cursor(request):
            self._cursor = IdCursorPagination()
            self._cursor.page_size = self.page_size
            return self._cursor.paginate_queryset(queryset, request, view)
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        paginator = self.django_paginator_class(queryset, page_size)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except EmptyPage as exc:
            if str(page_number).isdigit() and int(page_number) > paginator.num_pages:
                raise PageOutOfRange(count=paginator.count, last_page=paginator.num_pages) from exc
            raise InvalidPageNumber() from exc
        except InvalidPage as exc:
            raise InvalidPageNumber() from exc
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data):
        if self._cursor is not None:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        """Both shapes in one schema: ``count`` is present only with page numbers."""
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["results"]
        answer["properties"]["count"]["description"] = "Number of records (page numbers only; absent with a cursor)."
        return answer

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Cursor pagination for walking every record: give it empty to start, then follow `next` "
                    "until it is null. Ordered by id, oldest first; the answer has no `count`. Takes precedence "
                    "over `page`."
                ),
                "schema": {"type": "string"},
            },
        ]

    def get_html_context(self):
        if self._cursor is not None:
            return self._cursor.get_html_context()
        return super().get_html_context()

    def to_html(self):
        if self._cursor is not None:
            return self._cursor.to_html()
        return super().to_html()
