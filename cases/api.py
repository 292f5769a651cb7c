"""REST API building blocks shared by every procedure's API.

- ``exception_handler``: Django ValidationError and refused steps become machine-readable JSON,
  never a traceback. A Django ValidationError keeps its error codes (``drf_validation_error``,
  through DRF's ``as_serializer_error``); a refused step answers
  ``{"code": "transition_refused", "errors": [...], "fields": {field: [...]}}`` with 400 / 403 /
  404 / 409.
- ``ScopedViewSetMixin``: the queryset is the model's ``visible_to(request.user)``; lists are paged
  by page number or, on ``?cursor=``, by a cursor over ``id`` (``config.pagination``); a detail
  answer carries the record's version as ``ETag`` and a PUT / PATCH with a stale ``If-Match``
  answers 412 ``{"code": "stale_version", "detail": who changed it and when, "version": ...}``
  with nothing written (``cases.versioning``; without ``If-Match`` the write is not checked).
- ``transition_action(name, InputSerializer, response_serializer=...)``: a POST action named after
  a step; it runs the step's one service (``cases.steps.take_step``) and documents its real
  responses in the OpenAPI schema; a stale ``If-Match`` answers 412 as above.
- ``DeadlineSerializer``: the one serializer of a case's terms.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.pagination import InvalidPageNumber, PageOrCursorPagination, PageOutOfRange
from registries.scoping import scoped

from .models import Deadline
from .services import TransitionRefused
from .steps import OCCURRED_AT_HELP, take_step
from .versioning import etag, if_match_versions, locked, stale_message, version_of


def drf_validation_error(exc: DjangoValidationError) -> ValidationError:
    """The one conversion of a Django ValidationError into DRF's, keeping field names and codes."""
    return ValidationError(detail=serializers.as_serializer_error(exc))


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = drf_validation_error(exc)
    if isinstance(exc, TransitionRefused):
        body = {"code": "transition_refused", "errors": [str(m) for m in exc.messages]}
        if exc.errors:
            body["fields"] = {name: [str(m) for m in messages] for name, messages in exc.errors.items()}
        return Response(body, status=exc.status)
    if isinstance(exc, PageOutOfRange | InvalidPageNumber):
        return Response(exc.body(), status=exc.status_code)
    return drf_exception_handler(exc, context)


class StaleVersion(APIException):
    """412: the record changed after the client read it (its ``If-Match`` names an older version)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_version"


def check_if_match(request, obj):
    """Refuse a write whose ``If-Match`` names another version than the record's current one,
    read under a lock: call inside the write's transaction. No header (or ``*``): no check."""
    versions = if_match_versions(request.headers.get("If-Match"))
    if versions is None:
        return
    current = locked(obj)
    if current is None:
        return
    version = version_of(current)
    if version not in versions:
        raise StaleVersion({"code": "stale_version", "detail": stale_message(current), "version": version})


class ScopedViewSetMixin:
    #: Page numbers, or a cursor over ``id`` on ``?cursor=`` (``config.pagination``).
    pagination_class = PageOrCursorPagination

    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)

    # (no ``retrieve`` / ``update`` here: the router would route them on read-only viewsets)

    def get_object(self):
        self._versioned_object = super().get_object()
        return self._versioned_object

    def dispatch(self, request, *args, **kwargs):
        """A PUT / PATCH carrying ``If-Match``: the check (``initial``) and the save in one
        transaction, the row locked from the check to the save."""
        if request.method in WRITE_METHODS and request.headers.get("If-Match"):
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in WRITE_METHODS and (self.lookup_url_kwarg or self.lookup_field) in self.kwargs:
            check_if_match(request, self.get_object())

    def finalize_response(self, request, response, *args, **kwargs):
        """A detail read or write answers with the record's version (``ETag``)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = getattr(self, "_versioned_object", None)
        if obj is not None and response.status_code < 300 and getattr(self, "action", None) in VERSIONED_ACTIONS:
            response["ETag"] = etag(obj)
        return response


#: The methods of a write to a record (a step's POST is checked by ``transition_action``).
WRITE_METHODS = ("PUT", "PATCH")
#: The viewset actions whose answer carries the record's ``ETag``.
VERSIONED_ACTIONS = {"retrieve", "update", "partial_update"}


class TransitionInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RecordedAfterwardsInputSerializer(TransitionInputSerializer):
    """Input of a step that may have been done outside the system (on paper, by post)."""

    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text=str(OCCURRED_AT_HELP))


class TransitionRefusedSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="transition_refused")
    errors = serializers.ListField(child=serializers.CharField(), help_text="What is missing, each with its clause.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False, help_text="Field-level errors of the input."
    )


@extend_schema_serializer(component_name="CaseDeadline")
class DeadlineSerializer(serializers.ModelSerializer):
    """A legal term of a case: rule, citation, start, due, closed at and how, whose action it awaits."""

    overdue = serializers.SerializerMethodField()
    awaiting_organisation = serializers.StringRelatedField()

    class Meta:
        model = Deadline
        fields = ["id", "rule_code", "citation", "start", "due", "met_at", "outcome", "overdue", "awaiting_organisation"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class TimelineEventSerializer(serializers.Serializer):
    """One event of ``cases.timeline.case_events`` (the one timeline builder): steps (with their
    transition and states, and whether they were entered afterwards with their real time), terms
    opened / met / closed as not applicable, letters."""

    at = serializers.DateTimeField()
    kind = serializers.CharField(help_text="created, transition, deadline, deadline_met or letter")
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    by = serializers.SerializerMethodField()
    comment = serializers.CharField(allow_blank=True)
    overdue = serializers.BooleanField()
    transition = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)
    target = serializers.CharField(allow_blank=True)
    recorded_afterwards = serializers.BooleanField()

    def get_by(self, event) -> str:
        return (event.by.get_full_name() or event.by.get_username()) if event.by else ""


REFUSALS = {
    400: OpenApiResponse(TransitionRefusedSerializer, description="A condition of the step is not met (with its clause) or the input is wrong."),
    403: OpenApiResponse(TransitionRefusedSerializer, description="Another role or organisation takes this step."),
    404: OpenApiResponse(description="No such case among those you may see."),
    409: OpenApiResponse(TransitionRefusedSerializer, description="The step is not possible in the case's current state."),
    412: OpenApiResponse(description="If-Match names an older version of the case than its current one (stale_version)."),
}


def transition_action(name: str, serializer_class=TransitionInputSerializer, description: str = "", response_serializer=None):
    """Build a ``POST …/{id}/<name>/`` action (underscores become dashes) running step ``name``
    through its one service. The validated input becomes the service's keyword arguments; the
    answer is the case serialised by ``response_serializer`` (default: the viewset's serializer)."""

    def run(self, request, pk=None):
        case = self.get_object()
        payload = serializer_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        if data.get("occurred_at", "") is None:
            data.pop("occurred_at")
        with transaction.atomic():
            check_if_match(request, case)
            take_step(case, name, request.user, **data)
        case.refresh_from_db()
        answer = response_serializer or type(self).serializer_class
        response = Response(answer(case, context=self.get_serializer_context()).data, status=status.HTTP_200_OK)
        response["ETag"] = etag(case)
        return response

    run.__name__ = name
    run.__doc__ = description or f"Run the legal step “{name}”."
    slug = name.replace("_", "-")
    routed = action(detail=True, methods=["post"], url_path=slug, url_name=slug, serializer_class=serializer_class)(run)
    # extend_schema after action: action() replaces the kwargs where extend_schema keeps the schema
    return extend_schema(
        request=serializer_class,
        responses={200: response_serializer or None, **REFUSALS} if response_serializer else {**REFUSALS},
        description=run.__doc__,
    )(routed)
