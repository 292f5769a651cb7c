"""The audit trail of a case: who did what, when — for those who may see the case.

- ``case_timeline``: the per-case timeline page — transitions (who, when, from, to, comment),
  deadlines (opened with their legal citation, due, met) and letters (drafted, issued,
  cancelled) in the order they happened. A case the user may not see answers 404, exactly like
  its change form; a user without the model's view permission gets 403.
  URL (config/urls.py, before ``admin/``):
  ``path("admin/timeline/<str:app_label>/<str:model_name>/<int:pk>/", admin.site.admin_view(case_timeline), name="case-timeline")``.
- (history pages are scoped by ``cases.admin_mixins.ScopedAdminMixin``) django-simple-history's history page and its version / revert page
  look the record up without the admin's scoped queryset (``SimpleHistoryAdmin.history_view``
  falls back to the newest historical row of any record; ``history_form_view`` reads the
  historical table directly), so another organisation's record's history could be read and
  reverted. Both now answer 404 unless the record is in the user's scoped queryset.
"""

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registries.people import person_label
from registries.scoping import scoped

from .base import ProcedureCase
from .models import TransitionLog
from .rules import rule_label
from .selectors import case_deadlines


@dataclass
class Event:
    at: datetime
    kind: str  # "transition", "deadline", "deadline_met", "letter", "created"
    title: str
    detail: str = ""
    by: object = None
    link: str = ""
    comment: str = ""
    overdue: bool = False
    order: int = 0
    #: a step's transition name and its states (codes, for integrations), and whether it was
    #: entered afterwards with its real time
    transition: str = ""
    source: str = ""
    target: str = ""
    recorded_afterwards: bool = False

    @property
    def by_label(self) -> str:
        """Who, by full name and position (``registries.people.person_label``), never a login."""
        return person_label(self.by)


def procedure_hook(case, name: str):
    """The function ``name`` of the case's procedure ``selectors`` module, or None: how a
    procedure tells the shared panels what a viewer may read of its case."""
    try:
        selectors = import_module(f"{type(case)._meta.app_config.name}.selectors")
    except ModuleNotFoundError:
        return None
    return getattr(selectors, name, None)


def case_logs(case, user) -> list[TransitionLog]:
    """The case's step log (oldest first) as ``user`` may read it — the one reader of the log
    for the timeline page, the timeline panel, the legal path and the API.

    The case itself is already one the user may see. A procedure where not every viewer of the
    case may read every line of its log says so with ``visible_logs(case, user, logs)`` in its
    ``selectors`` (seed 000: a mobile operator reads only its own devices' executions, and no
    comment naming another operator's device); it returns the logs to show, with ``by`` or
    ``comment`` cleared where the viewer may not read them (unsaved copies)."""
    if case.pk is None:
        return []
    from django.contrib.contenttypes.models import ContentType

    logs = list(
        TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(case), object_id=case.pk)
        .select_related("by")
        .order_by("at", "pk")
    )
    visible = procedure_hook(case, "visible_logs")
    return list(visible(case, user, logs)) if visible is not None else logs


def case_events(case, user) -> list[Event]:
    """The case's transitions, deadlines and letters as ``user`` may read them, oldest first
    (ties keep the order they were written): the log through ``case_logs``, the terms through
    ``cases.selectors.case_deadlines``, the letters through the letter register's scoping."""
    events = [Event(at=getattr(case, "opened_at", None) or case.created_at, kind="created", title=gettext("Case opened"), order=0)]
    events += [
        Event(
            at=log.at,
            kind="transition",
            title=_transition_label(case, log.transition),
            detail=_transition_detail(case, log),
            by=log.by,
            comment=log.comment,
            order=log.pk,
            transition=log.transition,
            source=log.source,
            target=log.target,
            recorded_afterwards=log.recorded_afterwards,
        )
        for log in case_logs(case, user)
    ]
    now = timezone.now()
    for deadline in case_deadlines(case, user):
        awaiting = f" — {deadline.awaiting_organisation}" if deadline.awaiting_organisation_id else ""
        events.append(Event(
            at=deadline.start,
            kind="deadline",
            title=gettext("Term opened: due %(due)s") % {"due": timezone.localtime(deadline.due).strftime("%d.%m.%Y %H:%M")},
            detail=f"{rule_label(deadline.rule_code)} — {deadline.citation}{awaiting}",
            overdue=deadline.is_overdue(now),
            order=deadline.pk,
        ))
        if deadline.met_at and deadline.not_applicable:
            events.append(Event(
                at=deadline.met_at,
                kind="deadline_met",
                title=gettext("Term closed: no longer applies"),
                detail=f"{rule_label(deadline.rule_code)} — {deadline.citation}",
                order=deadline.pk,
            ))
        elif deadline.met_at:
            events.append(Event(
                at=deadline.met_at,
                kind="deadline_met",
                title=gettext("Term met") if deadline.met_at <= deadline.due else gettext("Term met late"),
                detail=f"{rule_label(deadline.rule_code)} — {deadline.citation}",
                overdue=deadline.met_at > deadline.due,
                order=deadline.pk,
            ))
    events += letter_events(case, user)
    return sorted(events, key=lambda e: (e.at, e.order))


def letter_events(case, user) -> list[Event]:
    try:
        from forms_kz.models import OutgoingLetter
    except ImportError:  # pragma: no cover - forms_kz is installed
        return []
    letters = OutgoingLetter.objects.for_case(case).visible_to(user).select_related("organisation", "issued_by", "created_by")
    events = []
    for letter in letters:
        name = f"{letter_title(letter)} — {letter.organisation}"
        events.append(Event(at=letter.created_at, kind="letter", title=gettext("Letter drafted"), detail=name,
                            by=letter.created_by, order=letter.pk))
        if letter.issued_at:
            try:
                link = reverse("admin:forms_kz_outgoingletter_download", args=[letter.pk]) if letter.pdf else ""
            except NoReverseMatch:  # pragma: no cover
                link = ""
            events.append(Event(
                at=letter.issued_at, kind="letter",
                title=gettext("Letter issued: %(number)s") % {"number": letter.register_number},
                detail=name, by=letter.issued_by, link=link, order=letter.pk,
            ))
        if letter.cancelled_at:
            events.append(Event(at=letter.cancelled_at, kind="letter",
                                title=gettext("Letter cancelled: %(number)s") % {"number": letter.register_number},
                                detail=letter.cancel_reason, order=letter.pk))
    return events


def letter_title(letter) -> str:
    """The letter's form by its title ("Хабарлама (заңды өкілді тағайындау талабы туралы)"), never
    its code."""
    from forms_kz.schemas import FORM_SCHEMAS

    schema = FORM_SCHEMAS.get(letter.form_code)
    return schema.title if schema is not None else letter.form_code


def _transition_detail(case, log) -> str:
    detail = f"{_state_label(case, log.source)} → {_state_label(case, log.target)}"
    if log.recorded_afterwards:
        detail += " · " + gettext("done outside the system, entered on %(entered)s by %(by)s") % {
            "entered": timezone.localtime(log.entered_at).strftime("%d.%m.%Y %H:%M"),
            "by": person_label(log.by) or "—",
        }
    return detail


def state_label(model, value) -> str:
    """The label of a state of ``model`` (a procedure case class) in the active language."""
    field = model._meta.get_field("state")
    return str(dict(field.flatchoices).get(value, value))


def step_label(model, name) -> str:
    """The label of the step (transition) ``name`` of ``model``; never the method's name when
    the step declares a label."""
    method = getattr(model, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is not None:
        for transition in meta.transitions.values():
            label = transition.custom.get("label")
            if label:
                return str(label)
    return name.replace("_", " ")


def _state_label(case, value):
    return state_label(type(case), value)


def _transition_label(case, name):
    return step_label(type(case), name)


def case_model(app_label: str, model_name: str):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    if not issubclass(model, ProcedureCase):
        raise Http404
    return model


def case_timeline(request, app_label: str, model_name: str, pk: int):
    """The per-case timeline page (wrap in ``admin.site.admin_view``)."""
    model = case_model(app_label, model_name)
    opts = model._meta
    if not (request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            or request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")):
        raise PermissionDenied
    case = scoped(model._default_manager.all(), request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    model_admin = admin.site._registry.get(model)
    if model_admin is not None and not model_admin.get_queryset(request).filter(pk=pk).exists():
        raise Http404
    try:
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[case.pk])
    except NoReverseMatch:  # pragma: no cover - every case model is in the admin
        change_url = ""
    context = {
        **admin.site.each_context(request),
        "title": gettext("Timeline: %(case)s") % {"case": case},
        "subtitle": None,
        "opts": opts,
        "original": case,
        "case": case,
        "change_url": change_url,
        "events": case_events(case, request.user),
    }
    return TemplateResponse(request, "cases/timeline_page.html", context)


#: Column headings of the page (so makemessages finds them in one place).
HEADINGS = (_("When"), _("What"), _("Details"), _("Who"))
