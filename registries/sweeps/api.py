"""API of the sweeps (the authorised body's integrations); the same rules as the admin."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from cases.api import ScopedViewSetMixin, transition_action
from registries.roles import AUTHORISED_OFFICIALS

from .models import AccountDeactivation, AccountSweep, AccountSweepEntry
from .permissions import is_authorised_body_user
from .services import form_sweep, reactivate_account, set_exclusion


class IsSweepOfficial(permissions.BasePermission):
    """Only the authorised body's officials (officer, supervisor) reach the sweeps at all."""

    def has_permission(self, request, view):
        return is_authorised_body_user(request.user, *AUTHORISED_OFFICIALS)


class AccountSweepSerializer(serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = AccountSweep
        fields = [
            "id", "half_year", "state", "citation", "rule_text", "period_start", "period_end", "min_account_age_days",
            "entries_count", "deactivated_count", "formed_by", "created_at", "applied_at", "applied_by",
        ]
        read_only_fields = [f for f in fields if f != "half_year"]
        extra_kwargs = {"half_year": {"validators": []}}


class AccountSweepEntrySerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = AccountSweepEntry
        fields = [
            "id", "sweep", "user", "username", "organisation", "last_login", "last_action_at", "date_joined", "reason",
            "excluded", "exclusion_reason", "excluded_by", "excluded_at", "deactivated_at",
        ]
        read_only_fields = fields


class ExclusionSerializer(serializers.Serializer):
    excluded = serializers.BooleanField()
    exclusion_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReactivationSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ReactivationResultSerializer(serializers.Serializer):
    """The answer of a reactivation: the account, now active, and its record."""

    user = serializers.IntegerField()
    is_active = serializers.BooleanField()
    reactivation = serializers.IntegerField(help_text="The AccountDeactivation record of the reactivation.")
    at = serializers.DateTimeField()


class AccountSweepViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Sweeps: POST {"half_year": "2026-H1"} forms one (or returns the existing, 200)."""

    queryset = AccountSweep.objects.select_related("formed_by", "applied_by")
    serializer_class = AccountSweepSerializer
    permission_classes = [permissions.IsAuthenticated, IsSweepOfficial]

    @extend_schema(
        responses={
            201: AccountSweepSerializer,
            200: OpenApiResponse(AccountSweepSerializer, description="The half-year's sweep was already formed: here it is."),
        }
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            sweep, created = form_sweep(serializer.validated_data["half_year"], by=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(self.get_serializer(sweep).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    start_review = transition_action(
        "start_review", description="Start the review of the formed list.", response_serializer=AccountSweepSerializer
    )
    apply = transition_action(
        "apply",
        description="Deactivate the remaining accounts: only a sweep under review; the supervisor only.",
        response_serializer=AccountSweepSerializer,
    )
    close = transition_action("close", description="Close the applied sweep.", response_serializer=AccountSweepSerializer)


class AccountSweepEntryViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Entries; filter with ?sweep=<id>&excluded=true|false."""

    queryset = AccountSweepEntry.objects.select_related("user").order_by("sweep", "organisation", "user")
    serializer_class = AccountSweepEntrySerializer
    permission_classes = [permissions.IsAuthenticated, IsSweepOfficial]

    def get_queryset(self):
        queryset = super().get_queryset()
        params = self.request.query_params
        if params.get("sweep", "").isdigit():
            queryset = queryset.filter(sweep_id=int(params["sweep"]))
        if params.get("excluded") in ("true", "false"):
            queryset = queryset.filter(excluded=params["excluded"] == "true")
        return queryset

    @extend_schema(request=ExclusionSerializer, responses=AccountSweepEntrySerializer)
    @action(detail=True, methods=["post"], url_path="exclusion", serializer_class=ExclusionSerializer)
    def exclusion(self, request, pk=None):
        """Exclude the entry (reason required) or include it again, while the sweep is reviewable."""
        entry = self.get_object()
        payload = ExclusionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            set_exclusion(entry, request.user, payload.validated_data["excluded"], payload.validated_data["exclusion_reason"])
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(AccountSweepEntrySerializer(entry).data)

    @extend_schema(request=ReactivationSerializer, responses=ReactivationResultSerializer)
    @action(detail=True, methods=["post"], url_path="reactivate", serializer_class=ReactivationSerializer)
    def reactivate(self, request, pk=None):
        """Reactivate the entry's deactivated account, with a reason (supervisor only)."""
        entry = self.get_object()
        payload = ReactivationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = get_user_model().objects.get(pk=entry.user_id)
        try:
            record = reactivate_account(user, request.user, payload.validated_data["reason"])
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response({"user": user.pk, "is_active": True, "reactivation": record.pk, "at": record.at})


class AccountDeactivationSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccountDeactivation
        fields = ["id", "user", "action", "sweep", "reason", "by", "at"]
        read_only_fields = fields


class AccountDeactivationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = AccountDeactivation.objects.all()
    serializer_class = AccountDeactivationSerializer
    permission_classes = [permissions.IsAuthenticated, IsSweepOfficial]
