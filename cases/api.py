"""REST API building blocks shared by every procedure's API.

- ``exception_handler``: Django ValidationError and refused transitions become
  machine-readable JSON (``{"errors": {field: [{"code", "message"}]}}``-style via DRF's
  own format plus a ``code``), never a traceback.
- ``ScopedViewSetMixin``: the queryset is the model's ``visible_to(request.user)``.
- ``transition_action(name)``: a POST action named after a transition, run through
  ``cases.services.run_transition`` (role, state and preconditions checked).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from registries.scoping import scoped

from .services import TransitionRefused, run_transition


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail=detail)
    if isinstance(exc, TransitionRefused):
        return Response(
            {"code": "transition_refused", "errors": [str(m) for m in exc.messages]},
            status=exc.status,
        )
    return drf_exception_handler(exc, context)


class ScopedViewSetMixin:
    def get_queryset(self):
        return scoped(super().get_queryset(), self.request.user)


class TransitionInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def transition_action(name: str, serializer_class=TransitionInputSerializer, description: str = ""):
    """Build a ``POST …/{id}/<name>/`` action (underscores become dashes) running transition ``name``.

    The validated input is passed to the transition as keyword arguments; the response is
    the case serialised by the viewset's own serializer.
    """

    def run(self, request, pk=None):
        case = self.get_object()
        payload = serializer_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        run_transition(case, name, request.user, **payload.validated_data)
        case.refresh_from_db()
        return Response(type(self).serializer_class(case, context=self.get_serializer_context()).data, status=status.HTTP_200_OK)

    run.__name__ = name
    run.__doc__ = description or f"Run the legal step “{name}”."
    slug = name.replace("_", "-")
    return action(detail=True, methods=["post"], url_path=slug, url_name=slug, serializer_class=serializer_class)(run)
