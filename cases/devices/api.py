"""REST API of the device demands (seed 000, ch. 3-1), ``/api/v1/device-demands/``.

- the penitentiary authority creates demands (lines validated, all or nothing), sends them;
- the identification-code database operator reads the demands sent to it, acknowledges their
  receipt (``receive``), chooses the mobile operator of each line, notifies, informs;
- each mobile operator reads only the lines addressed to it (and the header of those demands,
  and only the terms awaiting it), acknowledges the notification and marks each device executed
  (``POST /device-demands/{id}/devices/{device_id}/execute/``).
Every step runs through its one service; steps done outside the system take ``occurred_at``.
Token auth (settings); every queryset scoped; refusals are machine-readable.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from cases.api import (
    REFUSALS,
    DeadlineSerializer,
    RecordedAfterwardsInputSerializer,
    ScopedViewSetMixin,
    TransitionInputSerializer,
    drf_validation_error,
    transition_action,
)
from cases.services import TransitionRefused
from registries.models import Organisation
from registries.roles import OrganisationKind, Role
from registries.scoping import has_role, organisation_of, sees_everything

from . import selectors, services
from .models import DemandDevice, DemandKind, DeviceDemand, DeviceServiceState, DeviceStatus, ServiceStatus


class ServiceStateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeviceServiceState
        fields = ["imei", "status", "since"]


class DemandDeviceSerializer(serializers.ModelSerializer):
    operator_name = serializers.CharField(source="operator.name_kk", read_only=True, default=None)

    class Meta:
        model = DemandDevice
        fields = ["id", "row", "imei", "phone", "operator", "operator_name", "status", "notified_at", "acknowledged_at",
                  "executed_at", "suspension"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    executed = serializers.IntegerField()
    total = serializers.IntegerField()


class DeviceDemandSerializer(serializers.ModelSerializer):
    answer = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    devices = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = DeviceDemand
        fields = ["id", "kind", "state", "penitentiary", "institution", "reference", "db_operator", "signatory_position",
                  "signatory_name", "sent_at", "received_at", "notified_at", "executed_at", "informed_at", "answer",
                  "withdrawn_at", "withdrawal_reason", "created_at", "progress", "warnings", "devices", "deadlines"]
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    def _prefetched(self, obj, name):
        """A list the viewset prefetched for a list or a read — not after a step, which changed
        the demand since (its answer is the demand as the step left it)."""
        view = self.context.get("view")
        fresh = view is None or getattr(view, "action", None) in ("list", "retrieve")
        return getattr(obj, name) if fresh and hasattr(obj, name) else None

    def _devices(self, obj):
        prefetched = self._prefetched(obj, "visible_devices")
        if prefetched is not None:
            return prefetched
        return list(DemandDevice.objects.visible_to(self._user()).filter(demand=obj).select_related("operator"))

    def get_answer(self, obj) -> str:
        """The answer to the requester without the lines the caller may not see."""
        return selectors.mask_hidden_lines(obj, self._user(), obj.answer)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, obj):
        """What the officials should check, never a refusal: a restoration line whose IMEI has no
        suspension recorded in the system (p. 20-5: restored as the demand arrives)."""
        return services.restoration_warnings(obj, self._devices(obj))

    @extend_schema_field(DemandDeviceSerializer(many=True))
    def get_devices(self, obj):
        """Only the lines the caller may see: a mobile operator sees its own."""
        return DemandDeviceSerializer(self._devices(obj), many=True).data

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, obj):
        deadlines = self._prefetched(obj, "visible_deadlines")
        if deadlines is None:
            deadlines = selectors.visible_deadlines(obj, self._user())
        return DeadlineSerializer(deadlines, many=True).data

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, obj):
        devices = self._devices(obj)
        return {"executed": sum(d.status == DeviceStatus.EXECUTED for d in devices), "total": len(devices)}


class DemandLineInput(serializers.Serializer):
    imei = serializers.CharField(max_length=40, help_text="Identification code: IMEI, 15 digits, Luhn check digit.")
    phone = serializers.CharField(max_length=40, help_text="Kazakh mobile number, e.g. +7 701 234 56 78.")
    operator = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.MOBILE_OPERATOR), required=False, allow_null=True
    )
    suspension = serializers.PrimaryKeyRelatedField(
        queryset=DemandDevice.objects.all(), required=False, allow_null=True,
        help_text="Restoration only: the executed suspension line it restores (found by IMEI when omitted).",
    )


class DeviceDemandCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DemandKind.choices)
    institution = serializers.CharField(max_length=300)
    reference = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    db_operator = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.IMEI_DB_OPERATOR, is_active=True), required=False
    )
    penitentiary = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.PENITENTIARY), required=False,
        help_text="Superusers only; others create for their own organisation.",
    )
    signatory_position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    signatory_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    devices = DemandLineInput(many=True, allow_empty=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        lines = DemandDevice.objects.visible_to(request.user) if request is not None else DemandDevice.objects.none()
        self.fields["devices"].child.fields["suspension"].queryset = lines  # only suspensions the caller may see

    def validate(self, attrs):
        """The lines are checked by the one validator when the demand is created (``lines``)."""
        if not attrs.get("db_operator"):
            db_operator = Organisation.objects.filter(kind=OrganisationKind.IMEI_DB_OPERATOR, is_active=True).first()
            if db_operator is None:
                raise serializers.ValidationError({"db_operator": ["required"]})
            attrs["db_operator"] = db_operator
        return attrs


class DemandWithdrawInput(RecordedAfterwardsInputSerializer):
    reason = serializers.CharField(help_text="Why the demand was opened in error (required).")


class InformInput(RecordedAfterwardsInputSerializer):
    answer = serializers.CharField(
        help_text="What was done, device by device (required: the demand asks to be informed within 24 hours of receipt)."
    )


class OperatorInput(serializers.Serializer):
    operator = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), allow_null=True)


class AcknowledgeResult(serializers.Serializer):
    acknowledged = serializers.IntegerField()


@extend_schema(tags=["device-demands"])
class DeviceDemandViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    """Demands to suspend / restore service of devices in prisons and detention centres (seed 000,
    ch. 3-1). Each caller sees what it made or what is addressed to it; a mobile operator sees only
    its own lines."""

    serializer_class = DeviceDemandSerializer
    queryset = DeviceDemand.objects.all()

    def get_queryset(self):
        user = self.request.user
        queryset = (
            super()
            .get_queryset()
            .select_related("penitentiary", "db_operator")
            .prefetch_related(
                Prefetch(
                    "devices",
                    queryset=DemandDevice.objects.visible_to(user).select_related("operator").order_by("row"),
                    to_attr="visible_devices",
                ),
                Prefetch("devices", queryset=DemandDevice.objects.only("pk", "demand_id", "imei", "phone"), to_attr="all_lines"),
            )
        )
        queryset = queryset.prefetch_related(
            Prefetch("deadlines", queryset=selectors.deadlines_for(user), to_attr="visible_deadlines")
        )
        params = self.request.query_params
        if params.get("state"):
            queryset = queryset.filter(state=params["state"])
        if params.get("kind"):
            queryset = queryset.filter(kind=params["kind"])
        return queryset.order_by("-created_at", "-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, description="Filter by state (e.g. notified)."),
            OpenApiParameter("kind", str, description="suspend or restore"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DeviceDemandCreateSerializer, responses={201: DeviceDemandSerializer})
    def create(self, request, *args, **kwargs):
        """The penitentiary authority creates a draft demand (form of the Appendix)."""
        user = request.user
        if not has_role(user, Role.PENITENTIARY_OFFICER):
            raise PermissionDenied("Only the penitentiary-system authority creates device demands (p. 20-2).")
        payload = DeviceDemandCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        penitentiary = data.get("penitentiary") if user.is_superuser else organisation_of(user)
        if penitentiary is None:
            raise serializers.ValidationError({"penitentiary": ["required"]})
        try:
            demand = services.create_demand(
                kind=data["kind"],
                penitentiary=penitentiary,
                db_operator=data["db_operator"],
                institution=data["institution"],
                reference=data["reference"],
                signatory_position=data["signatory_position"] or penitentiary.head_position,
                signatory_name=data["signatory_name"] or penitentiary.head_name,
                lines=[dict(line) for line in data["devices"]],
                created_by=user,
            )
        except services.LinesInvalid as exc:
            raise serializers.ValidationError({"devices": exc.rows}) from exc
        demand = self.get_queryset().get(pk=demand.pk)
        return Response(self.get_serializer(demand).data, status=status.HTTP_201_CREATED)

    send = transition_action(
        "send", TransitionInputSerializer, response_serializer=DeviceDemandSerializer,
        description="Penitentiary authority: send the demand through the system (p. 20-2 / 20-6).",
    )
    withdraw = transition_action(
        "withdraw", DemandWithdrawInput, response_serializer=DeviceDemandSerializer,
        description="Penitentiary authority: withdraw a demand opened in error, before its receipt, with the reason.",
    )
    receive = transition_action(
        "receive", RecordedAfterwardsInputSerializer, response_serializer=DeviceDemandSerializer,
        description="Database operator: record receipt of the demand (p. 20-2 / 20-6); the 1-hour and 24-hour terms "
                    "run from it (occurred_at: the real time of a demand received by post).",
    )
    notify_operators = transition_action(
        "notify_operators", RecordedAfterwardsInputSerializer, response_serializer=DeviceDemandSerializer,
        description="Database operator: notify the mobile operators (p. 20-3 / 20-7, within 1 hour of receipt).",
    )
    inform_requester = transition_action(
        "inform_requester", InformInput, response_serializer=DeviceDemandSerializer,
        description="Database operator: inform the penitentiary authority (within 24 hours of receipt, form of the Appendix).",
    )

    @extend_schema(request=None, responses={200: AcknowledgeResult})
    @action(detail=True, methods=["post"], url_path="acknowledge")
    def acknowledge(self, request, pk=None):
        """Mobile operator: acknowledge the notification of its devices in this demand."""
        demand = self.get_object()
        devices = list(DemandDevice.objects.visible_to(request.user).filter(demand=demand, operator=organisation_of(request.user)))
        if not devices:
            raise TransitionRefused([gettext("No device of this demand is addressed to you.")], status=404)
        count = services.acknowledge_devices(devices, request.user)
        return Response({"acknowledged": count})

    def _device(self, demand, device_id):
        device = DemandDevice.objects.visible_to(self.request.user).filter(demand=demand, pk=device_id).select_related("demand").first()
        if device is None:
            raise TransitionRefused([gettext("No such device in this demand.")], status=404)
        return device

    @extend_schema(request=RecordedAfterwardsInputSerializer, responses={200: DemandDeviceSerializer, **REFUSALS})
    @action(detail=True, methods=["post"], url_path=r"devices/(?P<device_id>\d+)/execute")
    def execute_device(self, request, pk=None, device_id=None):
        """Mobile operator: service of this device has been suspended / restored (p. 20-4 / 20-8);
        occurred_at: when, if not now. The last line executed completes the demand."""
        demand = self.get_object()
        payload = RecordedAfterwardsInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        (device,) = services.device_demand_execute_device(
            case=demand, actor=request.user, devices=[int(device_id)],
            comment=payload.validated_data["comment"], occurred_at=payload.validated_data["occurred_at"],
        )
        device.refresh_from_db()
        return Response(DemandDeviceSerializer(device).data)

    @extend_schema(request=OperatorInput, responses={200: DemandDeviceSerializer, **REFUSALS})
    @action(detail=True, methods=["post"], url_path=r"devices/(?P<device_id>\d+)/operator")
    def set_operator(self, request, pk=None, device_id=None):
        """Penitentiary authority (draft) or database operator (until notification): choose the
        mobile operator of one line."""
        demand = self.get_object()
        device = self._device(demand, device_id)
        payload = OperatorInput(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.set_device_operator(device, payload.validated_data["operator"], request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(DemandDeviceSerializer(device).data)


class ServiceHistorySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="demand.kind")
    demand = serializers.IntegerField(source="demand_id")

    class Meta:
        model = DemandDevice
        fields = ["id", "demand", "kind", "phone", "operator", "executed_at"]


class DeviceServiceStateDetailSerializer(serializers.ModelSerializer):
    history = serializers.SerializerMethodField()

    class Meta:
        model = DeviceServiceState
        fields = ["id", "imei", "status", "since", "history"]

    @extend_schema_field(ServiceHistorySerializer(many=True))
    def get_history(self, obj):
        user = self.context["request"].user
        scope = None if sees_everything(user) else user
        rows = self._page_histories(scope).get(obj.imei)
        if rows is None:
            rows = obj.history_rows(scope)
        # one serializer for the whole page: building a ModelSerializer per row costs more than its rows
        if "_history" not in self.__dict__:
            self._history = ServiceHistorySerializer(many=True, context=self.context)
        return self._history.to_representation(rows)

    def _page_histories(self, scope) -> dict:
        """In a list, the histories of the whole page, read once (``selectors.service_histories``)."""
        page = getattr(self.parent, "instance", None)
        if page is None:
            return {}
        if "_service_histories" not in self.context:
            self.context["_service_histories"] = selectors.service_histories([state.imei for state in page], scope)
        return self.context["_service_histories"]


@extend_schema(tags=["device-demands"])
class DeviceServiceStateViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Current state of service per IMEI (suspended / restored since) with its history."""

    serializer_class = DeviceServiceStateDetailSerializer
    queryset = DeviceServiceState.objects.all()

    def get_queryset(self):
        queryset = super().get_queryset()
        imei = self.request.query_params.get("imei")
        if imei:
            queryset = queryset.filter(imei=imei)
        status_ = self.request.query_params.get("status")
        if status_ in ServiceStatus.values:
            queryset = queryset.filter(status=status_)
        return queryset.order_by("-since", "pk")

    @extend_schema(parameters=[OpenApiParameter("imei", str), OpenApiParameter("status", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
