"""The reportlab renderers of the official forms, one per form code (``forms_kz.schemas``)."""

from . import s000, s001, s002, s004
from .base import build_pdf

RENDERERS = {
    "s000-demand": s000.build,
    "s001-app1": s001.build_app1,
    "s001-app2": s001.build_app2,
    "s001-sweep": s001.build_sweep,
    "s002-refusal": s002.build_refusal,
    "s002-complaint-decision": s002.build_complaint_decision,
    "s004-app1": s004.build_app1,
    "s004-app2": s004.build_app2,
    "s004-app3": s004.build_app3,
}


def render(form_code: str, data: dict, ctx: dict) -> bytes:
    """PDF bytes of form ``form_code`` filled with ``data``; ``ctx`` carries the register fields
    (register_number, issued_at, issuer_name, addressee, signatory_*, verification_url, draft)."""
    story, title = RENDERERS[form_code](data or {}, ctx)
    return build_pdf(story, ctx, title=title, subject=form_code)
