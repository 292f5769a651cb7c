"""REST API of the e-gov number-linking service (seed 002).

* ``/api/v1/service-requests/``: the portal, the e-gov mobile app and the banks' apps (token
  users of the provider, role service_provider) record each request with its steps and result;
  list / retrieve for whoever may see them (IIN and phone masked in lists except for the provider;
  every retrieve is written to the personal-data access log); ``daily-share`` gives the share of
  a day's requests answered within the 10-minute term.
* ``/api/v1/complaints/``: complaints (p. 10) with their legal steps as POST actions.
"""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, PermissionDenied, ValidationError
from rest_framework.response import Response

from cases.api import (
    DeadlineSerializer,
    RecordedAfterwardsInputSerializer,
    ScopedViewSetMixin,
    TransitionInputSerializer,
    drf_validation_error,
    transition_action,
)
from cases.models import Deadline
from registries.fields import IinSerializerField, MobilePhoneSerializerField
from registries.models import Organisation
from registries.roles import OrganisationKind

from .models import SUBJECT_MAX_LENGTH, TEXT_MAX_LENGTH, Complaint, PersonalDataAccess, ServiceRequest
from .privacy import mask_iin, mask_phone, record_access, sees_full_in_lists
from .selectors import daily_share_within_term, letters_of, local_day_bounds, provider_staff_organisation
from .services import record_service_request, register_complaint
from .steps import STEP_OUTCOME_FIELDS, STEP_TIME_FIELDS, Step


def parse_day(value) -> date:
    """A local day given as YYYY-MM-DD, or 400 on ``day``."""
    try:
        return date.fromisoformat(value or "")
    except ValueError as exc:
        raise ValidationError({"day": [ErrorDetail(_("Enter the day as YYYY-MM-DD."), code="invalid")]}) from exc


def provider_of(user):
    """The provider organisation a user records requests / registers complaints for, or 403."""
    organisation = provider_staff_organisation(user)
    if organisation is None:
        raise PermissionDenied(_("Only the public-service provider's staff and integrations may do this."))
    return organisation


class MaskingMixin:
    """``full_record`` in the context: a retrieve shows everything; lists are masked except for
    the provider's own staff."""

    def _full(self, provider_id) -> bool:
        if self.context.get("full_record"):
            return True
        request = self.context.get("request")
        return bool(request) and sees_full_in_lists(request.user, provider_id)

    def _iin(self, value, provider_id):
        return value if self._full(provider_id) else mask_iin(value)

    def _phone(self, value, provider_id):
        return value if self._full(provider_id) else mask_phone(value)


# -- service requests ------------------------------------------------------------------------


class ServiceRequestStepSerializer(serializers.Serializer):
    step = serializers.CharField(help_text="submitted, otp, eds or biometrics")
    at = serializers.DateTimeField()
    passed = serializers.BooleanField(default=True, help_text="false: wrong one-time password / failed biometrics (p. 9)")


class ServiceRequestWriteSerializer(serializers.Serializer):
    request_number = serializers.CharField(max_length=64)
    channel = serializers.CharField(max_length=20, help_text="portal, egov_mobile or bank_app")
    kind = serializers.CharField(max_length=20, default="link", help_text="link or number_change (p. 8)")
    applicant_iin = IinSerializerField(help_text="12 digits; spaces and dashes are accepted")
    applicant_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    phone = serializers.CharField(max_length=32)
    previous_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    steps = ServiceRequestStepSerializer(many=True, allow_empty=True, max_length=10)
    result = serializers.CharField(max_length=20, help_text="linked, not_registered or refused")
    completed_at = serializers.DateTimeField()
    refusal_ground = serializers.CharField(required=False, allow_blank=True, default="",
                                           help_text="registry_mismatch or no_consent (standard, row 9)")
    refusal_reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH)


class ServiceRequestSerializer(MaskingMixin, serializers.ModelSerializer):
    applicant_iin = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    previous_phone = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    duration_seconds = serializers.SerializerMethodField()
    letters = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = ["id", "provider", "request_number", "channel", "kind", "applicant_iin", "applicant_name", "phone",
                  "previous_phone", "steps", "result", "refusal_ground", "refusal_reasons", "submitted_at",
                  "completed_at", "duration_seconds", "within_term", "letters", "created_at"]

    def get_applicant_iin(self, obj) -> str:
        return self._iin(obj.applicant_iin, obj.provider_id)

    def get_phone(self, obj) -> str:
        return self._phone(obj.phone, obj.provider_id)

    def get_previous_phone(self, obj) -> str:
        return self._phone(obj.previous_phone, obj.provider_id)

    @extend_schema_field(ServiceRequestStepSerializer(many=True))
    def get_steps(self, obj):
        steps = []
        for step in Step.values:
            at = getattr(obj, STEP_TIME_FIELDS[step])
            if at is None:
                continue
            outcome = getattr(obj, STEP_OUTCOME_FIELDS[step]) if step in STEP_OUTCOME_FIELDS else True
            steps.append({"step": step, "at": at, "passed": outcome is not False})
        steps.sort(key=lambda s: s["at"])
        return ServiceRequestStepSerializer(steps, many=True).data

    def get_duration_seconds(self, obj) -> float:
        return obj.duration.total_seconds()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_letters(self, obj):
        request = self.context.get("request")
        if not self.context.get("full_record") or request is None:
            return []
        return [{"register_number": letter.register_number, "form_code": letter.form_code, "issued_at": letter.issued_at}
                for letter in letters_of(obj, request.user)]


class ServiceRequestDailyShareSerializer(serializers.Serializer):
    day = serializers.DateField()
    total = serializers.IntegerField()
    within_term = serializers.IntegerField()
    over_term = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("day", OpenApiTypes.DATE, description="requests made on this local day"),
        OpenApiParameter("within_term", OpenApiTypes.BOOL),
        OpenApiParameter("result", OpenApiTypes.STR),
    ]),
    create=extend_schema(request=ServiceRequestWriteSerializer, responses={201: ServiceRequestSerializer}),
)
class ServiceRequestViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                            mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requests for the service "link a subscriber number to the e-gov account" (seed 002 p. 4–9)."""

    queryset = ServiceRequest.objects.all()
    serializer_class = ServiceRequestSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["full_record"] = self.action in ("retrieve", "create")
        return context

    def get_queryset(self):
        queryset = super().get_queryset()
        params = self.request.query_params
        if params.get("day"):
            start, end = local_day_bounds(parse_day(params["day"]))
            queryset = queryset.filter(submitted_at__gte=start, submitted_at__lt=end)
        if params.get("within_term") in ("true", "false"):
            queryset = queryset.filter(within_term=params["within_term"] == "true")
        if params.get("result"):
            queryset = queryset.filter(result=params["result"])
        return queryset

    def create(self, request, *args, **kwargs):
        provider = provider_of(request.user)
        payload = ServiceRequestWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            service_request = record_service_request(user=request.user, provider=provider, data=payload.validated_data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(self.get_serializer(service_request).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        record_access(request.user, instance, PersonalDataAccess.Via.API)
        return Response(self.get_serializer(instance).data)

    @extend_schema(parameters=[OpenApiParameter("day", OpenApiTypes.DATE, required=True)],
                   responses=ServiceRequestDailyShareSerializer)
    @action(detail=False, methods=["get"], url_path="daily-share", serializer_class=ServiceRequestDailyShareSerializer)
    def daily_share(self, request):
        """Share of the day's requests answered within the 10-minute term (standard, row 3)."""
        figures = daily_share_within_term(parse_day(request.query_params.get("day")), queryset=super().get_queryset())
        return Response(ServiceRequestDailyShareSerializer({
            "day": figures.day, "total": figures.total, "within_term": figures.within_term,
            "over_term": figures.over_term, "share": figures.share,
        }).data)


# -- complaints ------------------------------------------------------------------------------


class ComplaintSerializer(MaskingMixin, serializers.ModelSerializer):
    complainant_iin = serializers.SerializerMethodField()
    complainant_phone = serializers.SerializerMethodField()
    linked_request = serializers.SerializerMethodField()
    deadlines = DeadlineSerializer(many=True, read_only=True)

    class Meta:
        model = Complaint
        fields = ["id", "registration_number", "state", "provider", "reviewing_body", "service_request", "linked_request",
                  "complainant_name", "complainant_iin", "complainant_phone", "subject", "contested_decision",
                  "received_at", "registered_at", "registered_afterwards", "resolution", "satisfied_at",
                  "administrative_case", "forwarded_at", "authority_registration_number", "authority_registered_at",
                  "decision_reasons", "measures", "partially", "decided_at",
                  "withdrawal_reason", "withdrawn_at", "deadlines"]

    def get_complainant_iin(self, obj) -> str:
        return self._iin(obj.complainant_iin, obj.provider_id)

    def get_complainant_phone(self, obj) -> str:
        return self._phone(obj.complainant_phone, obj.provider_id)

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_linked_request(self, obj):
        request = obj.service_request
        if request is None:
            return None
        return {
            "request_number": request.request_number,
            "channel": request.channel,
            "applicant_iin": self._iin(request.applicant_iin, obj.provider_id),
            "phone": self._phone(request.phone, obj.provider_id),
            "submitted_at": request.submitted_at,
            "result": request.result,
            "refusal_ground": request.refusal_ground,
        }


class ComplaintWriteSerializer(serializers.Serializer):
    service_request = serializers.PrimaryKeyRelatedField(queryset=ServiceRequest.objects.all(), required=False,
                                                         allow_null=True)
    reviewing_body = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(
        kind__in=[OrganisationKind.COMPLAINT_BODY, OrganisationKind.QUALITY_BODY], is_active=True))
    complainant_name = serializers.CharField(max_length=300)
    complainant_iin = IinSerializerField(help_text="12 digits; spaces and dashes are accepted")
    complainant_phone = MobilePhoneSerializerField(required=False, allow_blank=True, default="",
                                                   help_text="+77XXXXXXXXX; \"+7 (701) 123-45-67\" is accepted")
    subject = serializers.CharField(max_length=SUBJECT_MAX_LENGTH)
    contested_decision = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    received_at = serializers.DateTimeField(help_text="when the complaint really arrived (also by post)")
    registered_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None,
        help_text="a complaint already registered on paper: its real registration time (empty: now)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        visible = ServiceRequest.objects.visible_to(request.user) if request else ServiceRequest.objects.none()
        self.fields["service_request"].queryset = visible


class ComplaintSatisfyInput(RecordedAfterwardsInputSerializer):
    resolution = serializers.CharField(max_length=TEXT_MAX_LENGTH,
                                       help_text="the decision or action that fully satisfies the complaint")


class ComplaintForwardInput(RecordedAfterwardsInputSerializer):
    administrative_case = serializers.CharField(max_length=TEXT_MAX_LENGTH,
                                                help_text="the documents of the administrative case sent with it")


class ComplaintAuthorityRegistrationInput(RecordedAfterwardsInputSerializer):
    registration_number = serializers.CharField(
        max_length=40,
        help_text="the complaint's registration number at the service-quality authority",
    )


class ComplaintDismissInput(TransitionInputSerializer):
    reasons = serializers.CharField(max_length=TEXT_MAX_LENGTH, help_text="the reasons of the decision")


class ComplaintWithdrawInput(TransitionInputSerializer):
    reason = serializers.CharField(max_length=TEXT_MAX_LENGTH, help_text="why the complaint registered in error is withdrawn")


class ComplaintUpholdInput(ComplaintDismissInput):
    measures = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    partially = serializers.BooleanField(required=False, default=False)


def step_action(name, input_serializer, description):
    """``cases.api.transition_action`` answering with the complaint."""
    return transition_action(name, input_serializer, description, response_serializer=ComplaintSerializer)


@extend_schema_view(create=extend_schema(request=ComplaintWriteSerializer, responses={201: ComplaintSerializer}))
class ComplaintViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    """Complaints about the service (seed 002 p. 10)."""

    queryset = Complaint.objects.select_related("provider", "reviewing_body", "service_request").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.select_related("awaiting_organisation"))
    )
    serializer_class = ComplaintSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["full_record"] = self.action in ("retrieve", "create")
        return context

    def create(self, request, *args, **kwargs):
        provider = provider_of(request.user)
        payload = ComplaintWriteSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        complaint = Complaint(provider=provider, **payload.validated_data)
        try:
            register_complaint(complaint, request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(self.get_serializer(complaint).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        record_access(request.user, instance, PersonalDataAccess.Via.API)
        return Response(self.get_serializer(instance).data)

    satisfy = step_action("satisfy", ComplaintSatisfyInput,
                          "Fully satisfy the complaint within 3 working days of its arrival (p. 10 para 4).")
    forward = step_action("forward", ComplaintForwardInput,
                          "Forward with the administrative case to the reviewing body (p. 10 para 3).")
    register_at_authority = step_action(
        "register_at_authority", ComplaintAuthorityRegistrationInput,
        "The service-quality authority registers the forwarded complaint; its 15 working days run from this "
        "registration (p. 10 para 6).",
    )
    uphold = step_action("uphold", ComplaintUpholdInput,
                         "Uphold the complaint, with reasons; the decision letter is issued (p. 10 para 5-6).")
    dismiss = step_action("dismiss", ComplaintDismissInput,
                          "Dismiss the complaint, with reasons; the decision letter is issued (p. 10 para 5-6).")
    withdraw = step_action("withdraw", ComplaintWithdrawInput,
                           "Withdraw a complaint registered in error, with its reason (p. 10 para 2).")
