"""API for the state bodies' systems: ``/api/v1/violation-reports/`` (seed 001 p. 8–11).

Screenshots travel **inside the JSON body, base64-encoded** (``{"name": "shot.png",
"content": "<base64>"}``), so a report with its facts and screenshots is created by one
request in one transaction: any invalid fact, file or field answers 400 with field-level errors
(``{"facts": [{}, {"value": ["…"]}], "screenshots": [{"content": ["…"]}]}``) and nothing is
created. Each screenshot is at most 10 MB decoded (PNG, JPEG, WebP or PDF, recognised by content).

Legal steps are POST actions named after the transition (``/submit/``, ``/resubmit/``,
``/take-into-review/``, ``/return-for-completion/``, ``/confirm/``, ``/confirm-by-reference/``,
``/reject/``, ``/order-restriction/``, ``/close/``, ``/withdraw/``), each running the step's one
service and answering the report. A notification sent as a letter outside the system (p. 9) is
submitted with ``occurred_at``, its real time.

A report's ``timeline`` lists its steps and ``events`` everything that happened to it (opened,
steps, terms, letters), both from ``cases.timeline.case_events``; the list leaves both out (read
one report for them), so a page of the list costs a constant number of queries.
"""

import base64
import binascii

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from cases.api import (
    RecordedAfterwardsInputSerializer,
    ScopedViewSetMixin,
    TimelineEventSerializer,
    TransitionInputSerializer,
    drf_validation_error,
    transition_action,
)
from cases.timeline import case_events
from cases.uploads import open_stored
from config.public_url import public_url
from registries.models import Organisation
from registries.roles import STATE_BODY_STAFF, OrganisationKind
from registries.scoping import has_role, organisation_of, sees_everything

from .admin import can_edit_content
from .conditions import MAX_ANSWER, check_fact_count
from .facts import normalise_fact, resource_protocol
from .models import RestrictionOrder, Screenshot, ViolationFact, ViolationReport, ViolationType
from .selectors import restriction_order_of
from .services import create_report, store_screenshot
from .uploads import MAX_SCREENSHOT_BYTES, sniff_content_type


class FactSerializer(serializers.ModelSerializer):
    value = serializers.CharField(max_length=2000, write_only=True, help_text=_("The fact as detected; normalised by the server."))
    value_as_entered = serializers.CharField(source="raw_value", read_only=True)
    normalised = serializers.CharField(source="value", read_only=True)

    class Meta:
        model = ViolationFact
        fields = ("id", "kind", "value", "value_as_entered", "normalised", "value_ascii", "host", "protocol")
        read_only_fields = ("id", "value_ascii", "host")
        extra_kwargs = {"protocol": {"required": False, "allow_blank": True, "max_length": 20}}

    def validate(self, attrs):
        errors = {}
        try:
            fact = normalise_fact(attrs["kind"], attrs["value"])
        except DjangoValidationError as exc:
            errors["value"] = exc.error_list
        try:
            attrs["protocol"] = resource_protocol(attrs["kind"], attrs.get("protocol", ""))
        except DjangoValidationError as exc:
            errors["protocol"] = exc.error_list
        if errors:
            raise drf_validation_error(DjangoValidationError(errors))
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
        return public_url(obj.file.url)


class RestrictionOrderSerializer(serializers.ModelSerializer):
    """The restriction order (seed 001 p. 10, Art. 41-1): a document of the case."""

    number = serializers.IntegerField(read_only=True)
    ordered_by = serializers.StringRelatedField()

    class Meta:
        model = RestrictionOrder
        fields = ("id", "number", "ordered_at", "ordered_by", "measure", "legal_basis")
        read_only_fields = fields


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
    events = serializers.SerializerMethodField()
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    reference_report = serializers.SerializerMethodField(
        help_text=_("The earlier confirmed report this one was confirmed by reference to (p. 10); null when it is "
                    "another state body's report the reader may not see.")
    )

    class Meta:
        model = ViolationReport
        fields = (
            "id", "state", "state_display", "organisation", "reporter", "addressee", "channel",
            "signatory_position", "signatory_name", "violation_type", "legal_act", "legal_norm", "description",
            "lawfulness_confirmed", "lawfulness_confirmed_at", "created_at", "submitted_at", "decided_at",
            "return_reason", "rejection_grounds", "withdrawal_reason", "reference_report", "facts", "screenshots",
            "screenshot_files", "restriction_order", "timeline", "events",
        )
        read_only_fields = (
            "id", "state", "organisation", "reporter", "lawfulness_confirmed_at", "created_at", "submitted_at",
            "decided_at", "return_reason", "rejection_grounds", "withdrawal_reason", "reference_report",
        )

    def to_internal_value(self, data):
        """More than ``MAX_FACTS`` facts are refused before any of them is read (``{"facts": [...]}``,
        code ``too_many_facts``)."""
        facts = data.get("facts") if hasattr(data, "get") else None
        if isinstance(facts, list):
            try:
                check_fact_count(len(facts))
            except DjangoValidationError as exc:
                raise drf_validation_error(exc) from exc
        return super().to_internal_value(data)

    @extend_schema_field(OpenApiTypes.INT)
    def get_reference_report(self, obj) -> int | None:
        """Another body's report is never named to a state body (only the authorised body sees across bodies)."""
        if not obj.reference_report_id:
            return None
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if sees_everything(user):
            return obj.reference_report_id
        owner = getattr(obj, "reference_organisation_id", None)
        if owner is None:
            owner = ViolationReport.objects.filter(pk=obj.reference_report_id).values_list("organisation_id", flat=True).first()
        organisation = organisation_of(user)
        return obj.reference_report_id if organisation is not None and owner == organisation.pk else None

    @extend_schema_field(RestrictionOrderSerializer(allow_null=True))
    def get_restriction_order(self, obj):
        if type(obj).restriction_order.is_cached(obj):  # the list reads it with the page (select_related)
            order = getattr(obj, "restriction_order", None)
        else:
            order = restriction_order_of(obj)
        return RestrictionOrderSerializer(order).data if order else None

    def _events(self, obj):
        """``case_events`` of the report for the requesting user, computed once per report."""
        cache = self.context.setdefault("_events", {})
        if obj.pk not in cache:
            request = self.context.get("request")
            events = case_events(obj, getattr(request, "user", None))
            cache[obj.pk] = TimelineEventSerializer(events, many=True).data
        return cache[obj.pk]

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, obj):
        """The report's steps (the step events of its timeline), oldest first."""
        return [event for event in self._events(obj) if event["kind"] == "transition"]

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_events(self, obj):
        """Everything that happened to the report: opened, steps, terms, letters, oldest first."""
        return self._events(obj)

    def create(self, validated_data):
        facts = validated_data.pop("facts", [])
        screenshots = validated_data.pop("screenshots", [])
        request = self.context["request"]
        return create_report(
            reporter=request.user,
            facts=[(fact["kind"], fact["value"], fact.get("protocol", "")) for fact in facts],
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
                    report=instance, kind=fact["kind"], raw_value=fact["value"], protocol=fact.get("protocol", ""),
                    value=normalised.value, value_ascii=normalised.value_ascii, host=normalised.host,
                ))
            ViolationFact.objects.bulk_create(created)
        for shot in screenshots:
            store_screenshot(instance, shot["name"], shot["content"])
        return instance


class ViolationReportListSerializer(ViolationReportSerializer):
    """A report in the list: everything but its timeline (read one report for it)."""

    class Meta(ViolationReportSerializer.Meta):
        fields = tuple(f for f in ViolationReportSerializer.Meta.fields if f not in ("timeline", "events"))


class ReturnInputSerializer(TransitionInputSerializer):
    missing = serializers.CharField(max_length=MAX_ANSWER, help_text=_("What is missing (required)."))


class RejectInputSerializer(TransitionInputSerializer):
    grounds = serializers.CharField(max_length=MAX_ANSWER, help_text=_("Grounds why there is no violation (required, p. 11 of the Rules approved by order № 409)."))


class ReferenceInputSerializer(TransitionInputSerializer):
    reference = serializers.IntegerField(help_text=_("Number of the earlier confirmed report sharing a fact."))


class RestrictionInputSerializer(TransitionInputSerializer):
    measure = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_ANSWER)


class WithdrawInputSerializer(TransitionInputSerializer):
    reason = serializers.CharField(max_length=MAX_ANSWER, help_text=_("Why the notification is withdrawn (required), e.g. recorded in error."))


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
        ViolationReport.objects.select_related("organisation", "violation_type", "restriction_order__ordered_by")
        .prefetch_related("facts", "screenshots")
        .annotate(reference_organisation_id=F("reference_report__organisation_id"))
        .order_by("-created_at", "-id")
    )
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return ViolationReportListSerializer if self.action == "list" else super().get_serializer_class()

    def get_queryset(self):
        queryset = super().get_queryset()
        state = self.request.query_params.get("state")
        return queryset.filter(state=state) if state else queryset

    def perform_create(self, serializer):
        organisation = organisation_of(self.request.user)
        if not has_role(self.request.user, *STATE_BODY_STAFF) or organisation is None or organisation.kind != OrganisationKind.STATE_BODY:
            raise PermissionDenied(_("Only a state body's listed staff send notifications."))
        serializer.save()

    def perform_update(self, serializer):
        if not can_edit_content(self.request.user, serializer.instance):
            raise PermissionDenied(_("Only the reporting state body edits a draft or returned notification."))
        serializer.save()

    submit = transition_action(
        "submit", RecordedAfterwardsInputSerializer,
        "Seed 001 p. 8–9: send the notification (facts, screenshots, confirmation; a letter also its signatory). "
        "A letter already sent through the electronic document system: occurred_at is its real time.",
        response_serializer=ViolationReportSerializer,
    )
    resubmit = transition_action(
        "resubmit", RecordedAfterwardsInputSerializer, "Seed 001 p. 8–9: send again after completing what was missing.",
        response_serializer=ViolationReportSerializer,
    )
    take_into_review = transition_action(
        "take_into_review", description="Seed 001 p. 10–11, authorised body: take into review.",
        response_serializer=ViolationReportSerializer,
    )
    return_for_completion = transition_action(
        "return_for_completion", ReturnInputSerializer, "Authorised body: return, stating what is missing (p. 8).",
        response_serializer=ViolationReportSerializer,
    )
    confirm = transition_action(
        "confirm", description="Seed 001 p. 10: confirm the facts.", response_serializer=ViolationReportSerializer,
    )
    confirm_by_reference = transition_action(
        "confirm_by_reference", ReferenceInputSerializer, "Seed 001 p. 10: confirm by reference to an earlier confirmed report.",
        response_serializer=ViolationReportSerializer,
    )
    reject = transition_action(
        "reject", RejectInputSerializer, "Seed 001 p. 11: reject, stating the grounds why there is no violation.",
        response_serializer=ViolationReportSerializer,
    )
    order_restriction = transition_action(
        "order_restriction", RestrictionInputSerializer, "Seed 001 p. 10: the restriction order under Art. 41-1.",
        response_serializer=ViolationReportSerializer,
    )
    close = transition_action(
        "close", description="Close the case once its restriction order is recorded (p. 10).",
        response_serializer=ViolationReportSerializer,
    )
    withdraw = transition_action(
        "withdraw", WithdrawInputSerializer, "The state body withdraws a notification recorded in error, stating why.",
        response_serializer=ViolationReportSerializer,
    )


class ScreenshotFileView(APIView):
    """A screenshot's bytes, only to a user who may see its report (everyone else: 404)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, name):
        shot = Screenshot.objects.visible_to(request.user).filter(file=name).first()
        if shot is None:
            raise Http404
        handle = open_stored(shot.file)  # 404 when the store no longer holds it (local folder or object store)
        response = FileResponse(handle, content_type=shot.content_type)
        disposition = "inline" if shot.content_type.startswith("image/") else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="screenshot-{shot.pk}.{name.rsplit(".", 1)[-1]}"'
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        response["Cache-Control"] = "private, no-store"
        return response

