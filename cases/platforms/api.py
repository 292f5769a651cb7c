"""REST API of seed 004: platform cases (transitions as POST actions), the STS's traffic
statistics, and the throttling instructions addressed to the STS."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, PermissionDenied, ValidationError
from rest_framework.response import Response

from cases.api import (
    DeadlineSerializer,
    RecordedAfterwardsInputSerializer,
    ScopedViewSetMixin,
    TimelineEventSerializer,
    TransitionInputSerializer,
    drf_validation_error,
    transition_action,
)
from cases.models import Deadline
from cases.timeline import case_events
from cases.uploads import GuardedFileView
from config.public_url import public_url
from registries.models import RegionalObject
from registries.roles import OrganisationKind
from registries.scoping import organisation_of

from . import services, throttle
from .models import (
    PlatformCase,
    PlatformEvidence,
    ThrottleInstruction,
    ThrottleLimit,
    TrafficStatistic,
)
from .selectors import STS_HIDDEN_FIELDS, active_sts, case_list, hides_personal_data, may_enter_statistics
from .traffic import StatisticsGridRejected, ensure_request_open, save_statistics_grid


class ModelPermissionForWrites(permissions.BasePermission):
    """Reads: scoped querysets decide. Creating a record needs the model's add permission."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS or getattr(view, "action", None) not in ("create", "destroy"):
            return True
        model = view.get_queryset().model
        verb = "add" if view.action == "create" else "delete"
        return request.user.has_perm(f"{model._meta.app_label}.{verb}_{model._meta.model_name}")


# --- cases -------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformEvidence
        fields = ("id", "url", "screenshot", "description")
        read_only_fields = ("screenshot",)


class PlatformEvidenceFileView(GuardedFileView):
    """A screenshot of the Appendix 1 attachment, only to who may see its case (others: 404)."""

    model = PlatformEvidence
    field = "screenshot"
    download_name = "screenshot"


class PlatformCaseSerializer(serializers.ModelSerializer):
    """The STS gets the case without the posting user's and the complainant's data."""

    platform_name = serializers.CharField(source="platform.name", read_only=True)
    evidence = EvidenceSerializer(many=True, required=False)
    deadlines = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    allowed_throttle_level = serializers.SerializerMethodField()

    class Meta:
        model = PlatformCase
        fields = (
            "id", "organisation", "platform", "platform_name", "ground", "state", "detected_at", "detection_summary",
            "complaint_received_at", "complaint_from", "complaint_text", "complaint_reports_repeated",
            "offending_user_data", "legal_norms", "violation_type", "content_to_remove", "evidence",
            "sts", "warning_sent_at", "notice_sent_at", "notice_register_number", "notice_received_at",
            "content_removed_at", "restriction_ordered_at", "restriction_basis", "statistics_requested_at", "statistics_answered_at",
            "withdrawal_reason", "closed_at", "allowed_throttle_level", "deadlines", "timeline", "created_at",
        )
        read_only_fields = (
            "state", "detected_at", "sts", "warning_sent_at", "notice_sent_at", "notice_register_number",
            "notice_received_at", "content_removed_at", "restriction_ordered_at", "restriction_basis", "statistics_requested_at",
            "statistics_answered_at", "withdrawal_reason", "closed_at", "created_at",
        )
        extra_kwargs = {"organisation": {"required": False}}

    def _hides(self) -> bool:
        request = self.context.get("request")
        return request is None or hides_personal_data(request.user)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and hides_personal_data(request.user):
            for name in STS_HIDDEN_FIELDS:
                fields.pop(name, None)
        view = self.context.get("view")
        if getattr(view, "action", None) == "list":
            fields.pop("timeline", None)  # a case's timeline is read on the case (several queries each)
        return fields

    @extend_schema(responses=DeadlineSerializer(many=True))
    def get_deadlines(self, obj) -> list[dict]:
        # prefetched with their organisations on lists (``PlatformCaseViewSet.queryset``)
        # one serializer for the whole page: building a ModelSerializer per row costs more than its rows
        if "_deadlines" not in self.__dict__:
            self._deadlines = DeadlineSerializer(many=True, context=self.context)
        return self._deadlines.to_representation(sorted(obj.deadlines.all(), key=lambda d: (d.due, d.pk)))

    @extend_schema(responses=TimelineEventSerializer(many=True))
    def get_timeline(self, obj) -> list[dict]:
        if self._hides():
            return []
        return TimelineEventSerializer(case_events(obj, self.context["request"].user), many=True).data

    def get_allowed_throttle_level(self, obj) -> int | None:
        return obj.allowed_throttle_level()

    def validate_organisation(self, value):
        if value.kind != OrganisationKind.AUTHORISED_BODY:
            raise ValidationError(_("A platform case is run by the authorised body (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы)."), code="not_authorised_body")
        request = self.context["request"]
        own = organisation_of(request.user)
        if not request.user.is_superuser and (own is None or own.pk != value.pk):
            raise ValidationError(_("You may open cases only for your own organisation."), code="other_organisation")
        return value

    def validate(self, attrs):
        request = self.context["request"]
        if "organisation" not in attrs:
            own = organisation_of(request.user)
            if own is None or own.kind != OrganisationKind.AUTHORISED_BODY:
                raise ValidationError({"organisation": [ErrorDetail(str(_("This field is required.")), code="required")]})
            attrs["organisation"] = own
        evidence = attrs.pop("evidence", [])
        case = PlatformCase(**attrs)
        try:
            case.clean()
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        attrs["evidence"] = evidence
        return attrs

    def create(self, validated_data):
        evidence = validated_data.pop("evidence", [])
        with transaction.atomic():
            case = PlatformCase.objects.create(**validated_data)
            PlatformEvidence.objects.bulk_create(PlatformEvidence(case=case, **item) for item in evidence)
        return case


class PlatformDetectInput(RecordedAfterwardsInputSerializer):
    detection_summary = serializers.CharField(required=False, allow_blank=True, default="")


class PlatformStsInput(TransitionInputSerializer):
    sts = serializers.PrimaryKeyRelatedField(queryset=active_sts(), required=False, default=None)


class PlatformRestrictionInput(PlatformStsInput):
    basis = serializers.CharField(help_text="Art. 41-1 of the Law on Communications: printed in the instruction.")


class PlatformNoticeInput(RecordedAfterwardsInputSerializer):
    register_number = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Only for a notice sent on paper (with occurred_at): its register number. Empty: issued now.",
    )


class PlatformRepresentativeInput(TransitionInputSerializer):
    representative = serializers.CharField(max_length=500)


class PlatformRepresentativeAfterwardsInput(RecordedAfterwardsInputSerializer):
    representative = serializers.CharField(max_length=500)


class PlatformStatisticsRequestInput(RecordedAfterwardsInputSerializer):
    sts = serializers.PrimaryKeyRelatedField(queryset=active_sts(), required=False, default=None)


class PlatformThrottleInput(RecordedAfterwardsInputSerializer):
    level = serializers.ChoiceField(
        choices=[(level, f"{level} %") for level in throttle.LEVELS], required=False, allow_null=True, default=None,
        help_text="Seed 004 p. 9: 10 within 8 months of the notice, 50 within 1 year, 90 within 1 year 6 months.",
    )
    register_number = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Only for an instruction sent on paper (with occurred_at): its register number. Empty: issued now.",
    )


class PlatformExecutionReportInput(RecordedAfterwardsInputSerializer):
    executed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    report = serializers.CharField()


class PlatformWithdrawInput(TransitionInputSerializer):
    reason = serializers.CharField(help_text="Why the case is withdrawn (opened in error, p. 5 / p. 6 not applicable).")


def step_action(name, input_serializer, description):
    """A step as ``POST …/{id}/<step>/`` answering the case (documented as such)."""
    return transition_action(name, input_serializer, description, response_serializer=PlatformCaseSerializer)


class PlatformCaseViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Seed 004 cases. The authorised body sees all; the STS only those addressed to it."""

    queryset = case_list(PlatformCase.objects.all()).prefetch_related(
        "evidence", Prefetch("deadlines", queryset=Deadline.objects.select_related("awaiting_organisation"))
    )
    serializer_class = PlatformCaseSerializer
    permission_classes = [ModelPermissionForWrites]

    def get_queryset(self):
        queryset = super().get_queryset()
        state = self.request.query_params.get("state")
        return queryset.filter(state=state) if state else queryset

    detect = step_action("detect", PlatformDetectInput, "Record the detected violation (p. 3–5).")
    send_warning = step_action("send_warning", TransitionInputSerializer, "Issue the Appendix 1 warning letter (p. 5).")
    confirm_removal = step_action("confirm_removal", RecordedAfterwardsInputSerializer, "The information was removed.")
    order_restriction = step_action("order_restriction", PlatformRestrictionInput, "Not removed: the Art. 41-1 instruction.")
    send_notice = step_action("send_notice", PlatformNoticeInput, "Issue (or record the paper) Appendix 2 notice (p. 6).")
    record_notice_receipt = step_action(
        "record_notice_receipt", RecordedAfterwardsInputSerializer, "The platform received the notice (occurred_at)."
    )
    record_content_removal = step_action(
        "record_content_removal", RecordedAfterwardsInputSerializer, "The identified violations were removed (Appendix 2)."
    )
    order_restriction_after_notice = step_action(
        "order_restriction_after_notice", PlatformRestrictionInput, "Restriction within 6 hours of receipt (Appendix 2)."
    )
    confirm_representative = step_action("confirm_representative", PlatformRepresentativeAfterwardsInput, "A representative was appointed.")
    request_statistics = step_action("request_statistics", PlatformStatisticsRequestInput, "Request statistics from the STS (p. 7).")
    submit_statistics = step_action(
        "submit_statistics", RecordedAfterwardsInputSerializer, "The STS sends its statistics (p. 8)."
    )
    issue_throttle_instruction = step_action("issue_throttle_instruction", PlatformThrottleInput, "Appendix 3 instruction (p. 9).")
    escalate_throttling = step_action("escalate_throttling", PlatformThrottleInput, "The next throttling level (p. 9).")
    report_execution = step_action("report_execution", PlatformExecutionReportInput, "The STS reports execution (p. 10).")
    lift_limits = step_action("lift_limits", PlatformRepresentativeInput, "Complied: the lifting instruction.")
    withdraw = step_action("withdraw", PlatformWithdrawInput, "Withdraw a case opened in error or not applicable.")


# --- traffic statistics ------------------------------------------------------------------


class TrafficStatisticSerializer(serializers.ModelSerializer):
    regional_object = serializers.SlugRelatedField(
        slug_field="code",
        queryset=RegionalObject.objects.all(),
        error_messages={
            "does_not_exist": _(
                "Unknown regional object “{value}” of the centralised network-management system (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы)."
            ),
            "invalid": _("Give the code of a regional object (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы)."),
        },
    )
    peak_kbps = serializers.DecimalField(
        max_digits=16,
        decimal_places=3,
        min_value=0,
        error_messages={
            "invalid": _("The peak throughput must be a number of Kbit/s (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы)."),
            "min_value": _("The peak throughput cannot be negative (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы)."),
        },
    )

    class Meta:
        model = TrafficStatistic
        fields = ("id", "case", "regional_object", "period_start", "period_end", "peak_kbps", "submitted_at")
        read_only_fields = ("submitted_at",)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "case" in fields and not fields["case"].read_only:
            fields["case"].queryset = PlatformCase.objects.visible_to(request.user)
        return fields

    def validate_case(self, case):
        try:
            ensure_request_open(case)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict["case"], code="request_not_open") from exc
        return case


class StatisticsGridCellSerializer(serializers.Serializer):
    regional_object = serializers.SlugRelatedField(
        slug_field="code", queryset=RegionalObject.objects.all(),
        error_messages=TrafficStatisticSerializer._declared_fields["regional_object"].error_messages,
    )
    period_start = serializers.TimeField()
    period_end = serializers.TimeField(help_text="At or before the start: the period runs past midnight.")
    peak_kbps = serializers.CharField(
        allow_null=True, allow_blank=True, required=False, default=None, max_length=40,
        help_text='Kbit/s: a number, or text as typed in Kazakhstan ("1 234,5"); null or "" deletes the row.',
    )


class StatisticsGridInput(serializers.Serializer):
    case = serializers.PrimaryKeyRelatedField(queryset=PlatformCase.objects.none())
    cells = StatisticsGridCellSerializer(many=True, allow_empty=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["case"].queryset = PlatformCase.objects.visible_to(request.user)


class StatisticsGridResult(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()


#: Which input field an error code of ``traffic.save_statistics_grid`` belongs to.
GRID_ERROR_FIELDS = {"overlap": "period_start", "does_not_exist": "regional_object"}


def grid_cell_errors(keys: list, rejected: StatisticsGridRejected) -> list[dict]:
    """The refused cells as DRF errors, index-aligned with the posted cells, each under its field
    with its code (empty for a good cell)."""
    errors: list[dict] = [{} for _key in keys]
    for index, key in enumerate(keys):
        for error in rejected.cell_errors.get(key, []):
            field = GRID_ERROR_FIELDS.get(error.code, "peak_kbps")
            errors[index].setdefault(field, []).extend(ErrorDetail(str(m), code=error.code or "invalid") for m in error.messages)
    return errors


class TrafficStatisticViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Traffic statistics by regional object and period of the day (p. 7–8), entered by the STS.
    POST one object or a list of objects: the list is saved all or nothing."""

    queryset = TrafficStatistic.objects.select_related("regional_object", "case")
    serializer_class = TrafficStatisticSerializer
    permission_classes = [ModelPermissionForWrites]

    def get_queryset(self):
        queryset = super().get_queryset()
        case = self.request.query_params.get("case")
        return queryset.filter(case_id=case) if case and case.isdigit() else queryset

    @extend_schema(request=TrafficStatisticSerializer(many=True), responses=TrafficStatisticSerializer(many=True))
    def create(self, request, *args, **kwargs):
        many = isinstance(request.data, list)
        serializer = self.get_serializer(data=request.data, many=many)
        if not serializer.is_valid():
            raise ValidationError(self._row_aligned(serializer.errors, len(request.data)) if many else serializer.errors)
        items = serializer.validated_data if many else [serializer.validated_data]
        by_case: dict = {}
        for index, item in enumerate(items):
            by_case.setdefault(item["case"], []).append(index)
        errors: list[dict] = [{} for _item in items]
        saved = []
        with transaction.atomic():
            for case, indexes in by_case.items():
                rows = [services.StatisticRow(**{k: items[i][k] for k in ("regional_object", "period_start", "period_end", "peak_kbps")}) for i in indexes]
                try:
                    saved += services.record_statistics(case, rows, by=request.user)
                except services.StatisticsRejected as rejected:
                    for i, row_errors in zip(indexes, rejected.row_errors, strict=True):
                        errors[i] = {
                            field: [ErrorDetail(str(m), code="overlap" if field == "period_start" else "invalid") for m in messages]
                            for field, messages in row_errors.items()
                        }
                except DjangoValidationError as exc:
                    for i in indexes:
                        errors[i] = {"case": [ErrorDetail(m, code="request_not_open") for m in exc.messages]}
            if any(errors):
                raise ValidationError(errors if many else errors[0])
        data = self.get_serializer(saved, many=True).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)

    @extend_schema(request=StatisticsGridInput, responses=StatisticsGridResult)
    @action(detail=False, methods=["put"], url_path="grid")
    def grid(self, request):
        """A case's statistics as one grid (p. 7–8), the service of the admin's grid: each posted cell
        creates, updates or (empty) deletes the row of its regional object and period of the day,
        all or nothing. Errors: ``{"cells": [{}, {"peak_kbps": [...]}, ...]}``, aligned with the cells,
        with their codes (invalid, max_decimal_places, max_digits, min_value, overlap, duplicate)."""
        serializer = StatisticsGridInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        case, cells = serializer.validated_data["case"], serializer.validated_data["cells"]
        if not may_enter_statistics(case, request.user):
            raise PermissionDenied(_("Only the State Technical Service the request went to enters its statistics (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы)."))
        keys = [(cell["regional_object"].pk, cell["period_start"], cell["period_end"]) for cell in cells]
        duplicates = [{} for _key in keys]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                duplicates[index] = {"period_start": [ErrorDetail(str(_("This regional object and period of the day are given twice.")), code="duplicate")]}
        if any(duplicates):
            raise ValidationError({"cells": duplicates})
        try:
            saved = save_statistics_grid(case, {key: cell["peak_kbps"] for key, cell in zip(keys, cells, strict=True)}, by=request.user)
        except StatisticsGridRejected as rejected:
            raise ValidationError({"cells": grid_cell_errors(keys, rejected)}) from rejected
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(StatisticsGridResult(saved).data)

    @staticmethod
    def _row_aligned(errors, count):
        """One error dict per posted row (empty for a good row), whatever shape DRF used."""
        if isinstance(errors, dict) and not any(str(k).isdigit() for k in errors):
            return errors
        if isinstance(errors, dict):
            return [errors.get(i, errors.get(str(i), {})) for i in range(count)]
        return list(errors)

    def perform_destroy(self, instance):
        try:
            ensure_request_open(instance.case)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        instance.delete()


# --- throttling instructions -------------------------------------------------------------


class ThrottleLimitSerializer(serializers.ModelSerializer):
    regional_object = serializers.SlugRelatedField(slug_field="code", read_only=True)
    regional_object_name = serializers.CharField(source="regional_object.name_kk", read_only=True)

    class Meta:
        model = ThrottleLimit
        fields = ("regional_object", "regional_object_name", "period_start", "period_end", "peak_kbps", "limit_kbps")


class ThrottleInstructionSerializer(serializers.ModelSerializer):
    rows = ThrottleLimitSerializer(many=True, read_only=True)
    platform_name = serializers.CharField(source="case.platform.name", read_only=True)
    letter_pdf = serializers.SerializerMethodField()

    class Meta:
        model = ThrottleInstruction
        fields = (
            "id", "case", "platform_name", "kind", "level", "register_number", "issued_at", "notice_register_number",
            "notice_sent_at", "letter_pdf", "executed_at", "execution_report", "rows",
        )

    def get_letter_pdf(self, obj) -> str | None:
        letter = self._page_letters().get(obj.letter_id) if obj.letter_id else None
        if letter is None:
            letter = obj.letter
        if letter is None or not letter.pdf:
            return None
        # the permission-checked download of the letters API (MEDIA_ROOT is never served directly)
        return public_url(reverse("outgoing-letter-pdf", args=[letter.pk]))

    def _page_letters(self) -> dict:
        """In a list, the letters of the whole page, read once: id -> letter."""
        page = getattr(self.parent, "instance", None)
        if page is None:
            return {}
        if "_letters" not in self.context:
            from forms_kz.models import OutgoingLetter

            ids = {instruction.letter_id for instruction in page if instruction.letter_id}
            self.context["_letters"] = OutgoingLetter.objects.in_bulk(ids) if ids else {}
        return self.context["_letters"]


class ThrottleInstructionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Appendix 3 instructions (and lifting instructions) addressed to the STS."""

    queryset = ThrottleInstruction.objects.select_related("case__platform").prefetch_related("rows__regional_object")
    serializer_class = ThrottleInstructionSerializer
