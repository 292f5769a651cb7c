"""API for the state bodies' systems: ``/api/v1/violation-reports/`` (seed 001 p. 8–11).

Screenshots travel **inside the JSON body, base64-encoded** (``{"name": "shot.png",
"content": "<base64>"}``), so a report with its facts and screenshots is created by one
request in one transaction: any invalid fact, file or field answers 400 with field-level errors
(``{"facts": [{}, {"value": ["…"]}], "screenshots": [{"content": ["…"]}]}``) and nothing is
created. Each screenshot is at most 10 MB decoded (PNG, JPEG, WebP or PDF, recognised by content).

Legal steps are POST actions named after the transition (``/submit/``, ``/resubmit/``,
``/take-into-review/``, ``/return-for-completion/``, ``/confirm/``, ``/confirm-by-reference/``,
``/reject/``, ``/order-restriction/``, ``/close/``).
"""

import base64
import binascii

from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from cases.api import ScopedViewSetMixin, TransitionInputSerializer, transition_action
from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.scoping import has_role, organisation_of

from .admin import can_edit_content
from .facts import normalise_fact
from .models import (
    MAX_SCREENSHOT_BYTES,
    REPORTER_ROLES,
    Channel,
    RestrictionOrder,
    Screenshot,
    ViolationFact,
    ViolationReport,
    ViolationType,
    sniff_content_type,
)
from .services import create_report, store_screenshot


class FactSerializer(serializers.ModelSerializer):
    value = serializers.CharField(max_length=2000, write_only=True, help_text=_("The fact as detected; normalised by the server."))
    value_as_entered = serializers.CharField(source="raw_value", read_only=True)
    normalised = serializers.CharField(source="value", read_only=True)

    class Meta:
        model = ViolationFact
        fields = ("id", "kind", "value", "value_as_entered", "normalised", "value_ascii", "host")
        read_only_fields = ("id", "value_ascii", "host")

    def validate(self, attrs):
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            fact = normalise_fact(attrs["kind"], attrs["value"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                {"value": [serializers.ErrorDetail(str(m), code=exc.code or "invalid") for m in exc.messages]}
            ) from exc
        attrs["normalised"] = fact
        return attrs


class ScreenshotInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, help_text=_("Original file name (informative only)."))
    content = serializers.CharField(
        write_only=True, help_text=_("The file, base64-encoded: PNG, JPEG, WebP or PDF, at most 10 MB decoded.")
    )

    def validate_content(self, value):
        if len(value) > (MAX_SCREENSHOT_BYTES * 4) // 3 + 8:
            raise serializers.ValidationError(_("A screenshot may be at most 10 MB."), code="screenshot_too_large")
        try:
            data = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError(_("The content is not valid base64."), code="base64") from exc
        if not data:
            raise serializers.ValidationError(_("The file is empty."), code="screenshot_empty")
        if len(data) > MAX_SCREENSHOT_BYTES:
            raise serializers.ValidationError(_("A screenshot may be at most 10 MB."), code="screenshot_too_large")
        if sniff_content_type(data[:16]) is None:
            raise serializers.ValidationError(
                _("Only PNG, JPEG, WebP or PDF files are accepted (recognised by their content, not by the file name)."),
                code="screenshot_type",
            )
        return data


class ScreenshotSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Screenshot
        fields = ("id", "original_name", "content_type", "size", "sha256", "uploaded_at", "url")
        read_only_fields = fields

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.file.url
        return request.build_absolute_uri(url) if request else url


class RestrictionOrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = RestrictionOrder
        fields = ("id", "ordered_at", "measure", "legal_basis")
        read_only_fields = fields


class TimelineEntrySerializer(serializers.Serializer):
    transition = serializers.CharField()
    source = serializers.CharField()
    target = serializers.CharField()
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class ViolationReportSerializer(serializers.ModelSerializer):
    violation_type = serializers.PrimaryKeyRelatedField(queryset=ViolationType.objects.filter(is_active=True))
    addressee = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY), required=False
    )
    facts = FactSerializer(many=True, required=False)
    screenshots = ScreenshotInputSerializer(many=True, required=False, write_only=True)
    screenshot_files = ScreenshotSerializer(source="screenshots", many=True, read_only=True)
    restriction_order = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = ViolationReport
        fields = (
            "id", "state", "state_display", "organisation", "reporter", "addressee", "channel",
            "signatory_position", "signatory_name", "violation_type", "legal_act", "legal_norm", "description",
            "lawfulness_confirmed", "lawfulness_confirmed_at", "created_at", "submitted_at", "decided_at",
            "return_reason", "rejection_grounds", "reference_report", "facts", "screenshots", "screenshot_files",
            "restriction_order", "timeline",
        )
        read_only_fields = (
            "id", "state", "organisation", "reporter", "lawfulness_confirmed_at", "created_at", "submitted_at",
            "decided_at", "return_reason", "rejection_grounds", "reference_report",
        )

    def validate(self, attrs):
        channel = attrs.get("channel", getattr(self.instance, "channel", Channel.SYSTEM))
        if channel == Channel.LETTER:
            errors = {}
            for field in ("signatory_position", "signatory_name"):
                value = attrs.get(field, getattr(self.instance, field, ""))
                if not (value or "").strip():
                    errors[field] = [
                        serializers.ErrorDetail(
                            str(_("A letter by Appendix 2 is signed by the head or a deputy: give the signatory's position and full name — № 409 бұйрық, 9-т.")),
                            code="signatory_required",
                        )
                    ]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs

    @extend_schema_field(RestrictionOrderSerializer(allow_null=True))
    def get_restriction_order(self, obj):
        try:
            order = obj.restriction_order
        except RestrictionOrder.DoesNotExist:
            return None
        return RestrictionOrderSerializer(order).data

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, obj):
        logs = sorted(obj.transition_logs.all(), key=lambda log: (log.at, log.pk))
        return TimelineEntrySerializer(logs, many=True).data

    def create(self, validated_data):
        facts = validated_data.pop("facts", [])
        screenshots = validated_data.pop("screenshots", [])
        request = self.context["request"]
        return create_report(
            reporter=request.user,
            facts=[(fact["kind"], fact["value"]) for fact in facts],
            screenshots=[(shot["name"], shot["content"]) for shot in screenshots],
            **validated_data,
        )

    @transaction.atomic
    def update(self, instance, validated_data):
        facts = validated_data.pop("facts", None)
        screenshots = validated_data.pop("screenshots", [])
        for field, value in validated_data.items():
            setattr(instance, field, value)
        instance.full_clean(exclude=["state"])
        instance.save()
        if facts is not None:
            instance.facts.all().delete()
            created = []
            for fact in facts:
                normalised = fact["normalised"]
                created.append(ViolationFact(
                    report=instance, kind=fact["kind"], raw_value=fact["value"],
                    value=normalised.value, value_ascii=normalised.value_ascii, host=normalised.host,
                ))
            ViolationFact.objects.bulk_create(created)
        for shot in screenshots:
            store_screenshot(instance, shot["name"], shot["content"])
        return instance


class ReturnInputSerializer(TransitionInputSerializer):
    missing = serializers.CharField(help_text=_("What is missing (required)."))


class RejectInputSerializer(TransitionInputSerializer):
    grounds = serializers.CharField(help_text=_("Grounds why there is no violation (required, № 409 бұйрық, 11-т.)."))


class ReferenceInputSerializer(TransitionInputSerializer):
    reference = serializers.IntegerField(help_text=_("Number of the earlier confirmed report sharing a fact."))


class RestrictionInputSerializer(TransitionInputSerializer):
    measure = serializers.CharField(required=False, allow_blank=True, default="")


def _step(name, input_serializer=TransitionInputSerializer, description=""):
    """``cases.api.transition_action`` documented with the report as its response (the shared
    action leaves drf-spectacular to show the input serializer as the response too)."""
    run = transition_action(name, input_serializer, description)
    return extend_schema(request=input_serializer, responses=ViolationReportSerializer, description=description)(run)


class ViolationReportViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Notifications of prohibited information (seed 001 p. 8–11). A state body sees only its own."""

    serializer_class = ViolationReportSerializer
    queryset = (
        ViolationReport.objects.select_related("organisation", "violation_type", "restriction_order")
        .prefetch_related("facts", "screenshots", "transition_logs")
        .order_by("-created_at", "-id")
    )
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        state = self.request.query_params.get("state")
        return queryset.filter(state=state) if state else queryset

    def perform_create(self, serializer):
        organisation = organisation_of(self.request.user)
        if not has_role(self.request.user, *REPORTER_ROLES) or organisation is None or organisation.kind != OrganisationKind.STATE_BODY:
            raise PermissionDenied(_("Only a state body's listed staff send notifications."))
        serializer.save()

    def perform_update(self, serializer):
        if not can_edit_content(self.request.user, serializer.instance):
            raise PermissionDenied(_("Only the reporting state body edits a draft or returned notification."))
        serializer.save()

    submit = _step("submit", description="Seed 001 p. 8–9: send the notification (needs facts, screenshots, confirmation).")
    resubmit = _step("resubmit", description="Send again after completing what was missing.")
    take_into_review = _step("take_into_review", description="Authorised body: take into review.")
    return_for_completion = _step("return_for_completion", ReturnInputSerializer, "Authorised body: return, stating what is missing.")
    confirm = _step("confirm", description="Seed 001 p. 10: confirm the facts.")
    confirm_by_reference = _step("confirm_by_reference", ReferenceInputSerializer, "Confirm by reference to an earlier confirmed report.")
    reject = _step("reject", RejectInputSerializer, "Seed 001 p. 11: reject, stating the grounds why there is no violation.")
    order_restriction = _step("order_restriction", RestrictionInputSerializer, "Seed 001 p. 10: restriction under Art. 41-1.")
    close = _step("close", description="Close the case.")


class ScreenshotFileView(APIView):
    """A screenshot's bytes, only to a user who may see its report (everyone else: 404)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, name):
        shot = Screenshot.objects.visible_to(request.user).filter(file=name).first()
        if shot is None:
            raise Http404
        try:
            handle = shot.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=shot.content_type)
        disposition = "inline" if shot.content_type.startswith("image/") else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="screenshot-{shot.pk}.{name.rsplit(".", 1)[-1]}"'
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        response["Cache-Control"] = "private, no-store"
        return response

