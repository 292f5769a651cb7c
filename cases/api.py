"""REST API building blocks shared by every procedure's API.

- ``exception_handler``: Django ValidationError and refused steps become machine-readable JSON,
  never a traceback. A Django ValidationError keeps its error codes (``drf_validation_error``,
  through DRF's ``as_serializer_error``); a refused step answers
  ``{"code": "transition_refused", "errors": [...], "fields": {field: [...]}}`` with 400 / 403 /
  404 / 409.
- ``ScopedViewSetMixin``: the queryset is the model's ``visible_to(request.user)``.
- ``transition_action(name, InputSerializer, response_serializer=...)``: a POST action named after
  a step; it runs the step's one service (``cases.steps.take_step``) and documents its real
  responses in the OpenAPI schema.
- ``DeadlineSerializer``: the one serializer of a case's terms.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from registries.scoping import scoped

from .models import Deadline
from .services import TransitionRefused
from .steps import OCCURRED_AT_HELP, take_step


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
    return drf_exception_handler(exc, context)


class ScopedViewSetMixin:
    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


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
        take_step(case, name, request.user, **data)
        case.refresh_from_db()
        answer = response_serializer or type(self).serializer_class
        return Response(answer(case, context=self.get_serializer_context()).data, status=status.HTTP_200_OK)

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
