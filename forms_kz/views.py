"""The public verification page and the permission-checked PDF download."""

import hashlib
import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .models import LetterState, OutgoingLetter

MAX_UPLOAD = 20 * 1024 * 1024


class VerifyForm(forms.Form):
    sha256 = forms.CharField(label=_("SHA-256 of the file"), required=False, max_length=64,
                             widget=forms.TextInput(attrs={"size": 70, "autocomplete": "off"}))
    file = forms.FileField(label=_("or the PDF file itself"), required=False)

    def clean_sha256(self):
        value = (self.cleaned_data.get("sha256") or "").strip().lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(_("A SHA-256 hash is 64 hexadecimal characters."))
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("sha256") and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError(_("Paste the file's SHA-256 or choose the file."))
        return cleaned

    def presented_hash(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            return digest.hexdigest()
        return self.cleaned_data["sha256"]


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, token):
    """Public (no login): number, date, issuing organisation, and whether a presented file's
    hash matches. Never the content, the addressee or any personal data."""
    letter = (
        OutgoingLetter._base_manager.select_related("organisation")
        .filter(verification_token=token, state__in=[LetterState.ISSUED, LetterState.CANCELLED])
        .only("register_number", "issued_at", "issuer_name", "organisation__name_kk", "organisation__name_ru",
              "sha256", "state", "cancelled_at")
        .first()
    )
    if letter is None:
        raise Http404
    result = None
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    if request.method == "POST" and form.is_valid():
        result = form.presented_hash() == letter.sha256
    return render(request, "forms_kz/verify.html", {
        "letter": letter,
        "issuer": letter.issuer_name or letter.organisation.name_kk,
        "form": form,
        "result": result,
        "cancelled": letter.state == LetterState.CANCELLED,
    })


@login_required
def download(request, pk):
    """The stored PDF of a letter the user may see (scoped); drafts are previews, see the admin."""
    letter = get_object_or_404(OutgoingLetter.objects.visible_to(request.user), pk=pk)
    if not letter.pdf:
        raise Http404
    return FileResponse(letter.pdf.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"{(letter.register_number or 'letter').replace('/', '-')}.pdf")
