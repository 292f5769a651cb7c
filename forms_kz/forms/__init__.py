"""The reportlab renderers of the official forms, one per form code (``forms_kz.schemas``)."""

from ..codes import FormCode
from . import s000, s001, s002, s004
from .base import build_pdf

RENDERERS = {
    FormCode.S000_DEMAND: s000.build,
    FormCode.S001_APP1: s001.build_app1,
    FormCode.S001_APP2: s001.build_app2,
    FormCode.S001_SWEEP: s001.build_sweep,
    FormCode.S002_REFUSAL: s002.build_refusal,
    FormCode.S002_COMPLAINT_DECISION: s002.build_complaint_decision,
    FormCode.S004_APP1: s004.build_app1,
    FormCode.S004_APP2: s004.build_app2,
    FormCode.S004_APP3: s004.build_app3,
    FormCode.S004_RESTRICTION: s004.build_restriction,
    FormCode.S004_LIFTING: s004.build_lifting,
}


def render(form_code: str, data: dict, ctx: dict) -> bytes:
    """PDF bytes of form ``form_code`` filled with ``data``; ``ctx`` carries the register fields
    (register_number, issued_at, issuer_name, addressee, signatory_*, verification_url, draft)."""
    story, title = RENDERERS[form_code](data or {}, ctx)
    return build_pdf(story, ctx, title=title, subject=form_code)
