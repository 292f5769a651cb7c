"""Read-only API of the letter register (letters are issued through the procedures' own
steps or the admin). An issued letter's data and file never change, so there is no write."""

from django.http import FileResponse, Http404
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from cases.api import ScopedViewSetMixin

from .models import OutgoingLetter


class OutgoingLetterSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name_kk", read_only=True)
    case_type = serializers.SerializerMethodField()

    class Meta:
        model = OutgoingLetter
        fields = ["id", "form_code", "state", "register_number", "year", "sequence", "organisation",
                  "organisation_name", "addressee", "addressee_organisation", "case_type", "object_id",
                  "signatory_position", "signatory_name", "data", "sha256", "issued_at", "cancel_reason",
                  "cancelled_at"]
        read_only_fields = fields

    def get_case_type(self, obj) -> str | None:
        return f"{obj.content_type.app_label}.{obj.content_type.model}" if obj.content_type_id else None


class OutgoingLetterViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = OutgoingLetter.objects.select_related("organisation", "content_type").order_by("-issued_at", "-pk")
    serializer_class = OutgoingLetterSerializer
    filterset_fields = None

    def get_queryset(self):
        qs = super().get_queryset()
        params = self.request.query_params
        if params.get("state"):
            qs = qs.filter(state=params["state"])
        if params.get("form_code"):
            qs = qs.filter(form_code=params["form_code"])
        return qs

    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The stored PDF of an issued letter (404 for drafts)."""
        letter = self.get_object()
        if not letter.pdf:
            raise Http404
        return FileResponse(letter.pdf.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"{letter.register_number.replace('/', '-')}.pdf")
