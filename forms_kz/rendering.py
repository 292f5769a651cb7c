"""Rendering a letter from its stored fields (no storage, no numbering): the preview of a draft
and the byte-identical PDF of an issued letter. ``forms_kz.services`` re-exports these."""

from __future__ import annotations

from .models import LetterState


def letter_context(letter, *, draft: bool) -> dict:
    data = letter.data or {}
    return {
        "draft": draft,
        "register_number": None if draft else letter.register_number,
        "issued_at": None if draft else letter.issued_at,
        "issuer_name": letter.issuer_name or letter.organisation.name_kk,
        "addressee": letter.addressee,
        "signatory_position": letter.signatory_position or data.get("signatory_position", ""),
        "signatory_name": letter.signatory_name or data.get("signatory_name", ""),
        "verification_url": None if draft else letter.verification_url,
        "document_id": letter.verification_token,
    }


def render_letter(letter, *, draft: bool | None = None) -> bytes:
    """The PDF bytes of ``letter``: a watermarked preview for drafts; for an issued letter the
    same bytes every time (depends only on the letter's stored fields)."""
    from .forms import render

    if draft is None:
        draft = letter.state == LetterState.DRAFT
    return render(letter.form_code, letter.data, letter_context(letter, draft=draft))
