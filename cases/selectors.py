"""Reads shared by every procedure's panels."""

from importlib import import_module

from .models import Deadline


def case_deadlines(case, user) -> list:
    """The case's terms (ordered by due) as ``user`` may read them. A procedure whose terms are
    not all for every viewer of the case (seed 000: each mobile operator sees only its own
    3-working-hour term) says so with ``visible_deadlines(case, user)`` in its ``selectors``."""
    try:
        selectors = import_module(f"{type(case)._meta.app_config.name}.selectors")
    except ModuleNotFoundError:
        selectors = None
    visible = getattr(selectors, "visible_deadlines", None)
    if visible is not None:
        return list(visible(case, user))
    if user is None:
        return []
    return list(Deadline.objects.for_case(case).select_related("awaiting_organisation").order_by("due"))
