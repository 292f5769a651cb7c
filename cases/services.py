"""Side effects shared by every procedure: running transitions safely, deadlines.

``run_transition`` is the one runner of a step (state 409 → role 403 → conditions 400);
``legal_step`` is the one transaction a step's service runs in (a refusal leaves nothing
written and the case object as it was); ``validate_occurred_at`` checks the real time of a step
done outside the system; deadlines open with ``open_deadline`` and close either as met by the
step that meets them (``meet_deadlines``) or as not applicable (``close_deadlines_not_applicable``).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from registries.validators import required_text  # noqa: F401  (the services' one required-text check)

from .models import Deadline, DeadlineOutcome
from .rules import DeadlineRule


@dataclass
class TransitionRefused(Exception):
    """A transition that may not run: ``status`` 403 (role / organisation), 409 (state), 400 (conditions)."""

    messages: list[str] = field(default_factory=list)
    status: int = 400
    #: Field-level errors ({field: [messages]}) when the refusal comes from a step's input.
    errors: dict = field(default_factory=dict)
    #: The Django ValidationError behind it, if any (the API keeps its error codes).
    error: object = None

    def __str__(self):
        return "; ".join(str(m) for m in self.messages)

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> "TransitionRefused":
        errors = exc.message_dict if hasattr(exc, "error_dict") else {}
        return cls(list(exc.messages), status=400, errors=errors, error=exc)


def transition_method(case, name: str):
    method = getattr(type(case), name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise TransitionRefused([_("Unknown step: %(name)s.") % {"name": name}], status=404)
    return getattr(case, name)


def unmet_conditions(case, name: str) -> list[str]:
    """The messages (with their clauses) of the preconditions of transition ``name`` that the
    case does not meet — the same predicates the buttons and the legal-path panel use."""
    from .steps import unmet_conditions as unmet

    method = transition_method(case, name)
    meta = method._django_fsm
    transition = meta.get_transition(meta.field.get_state(case))
    if transition is None:
        return []
    return [str(item) for item in unmet(case, transition)]


def validate_occurred_at(case, occurred_at, field_name: str = "occurred_at"):
    """The real time of a step done outside the system (a detection, a receipt, an event): not in
    the future, not before the act it runs under entered into force (``LegalAct.applies_from``, the
    refusal citing the act's rule), not before the case was opened (``opened_at``, where the
    case has one), not before the case's previous step. Returns it (or None)."""
    if occurred_at is None:
        return None
    from registries.models import LegalAct
    from registries.validators import validate_not_in_future

    try:
        validate_not_in_future(occurred_at)
    except ValidationError as exc:
        raise ValidationError({field_name: exc.error_list}) from exc
    act = LegalAct.objects.filter(code=getattr(case, "LEGAL_ACT_CODE", "")).first()
    not_in_force = act.not_in_force_reason(timezone.localtime(occurred_at).date()) if act else None
    if not_in_force:  # the act's own entry-into-force rule and the date it yields
        raise ValidationError({field_name: ValidationError(not_in_force, code="before_act")})
    opened = getattr(case, "opened_at", None)  # a case entered from paper opens at its real time
    if opened and occurred_at < opened:
        message = _("The case was opened at %(at)s; a step cannot precede it.") % {
            "at": f"{timezone.localtime(opened):%d.%m.%Y %H:%M}"
        }
        raise ValidationError({field_name: ValidationError(message, code="before_opening")})
    if case.pk:
        # the previous step that moved the case: parallel steps in one state (one operator's lines
        # among several) may be recorded in any order
        last = (
            case.transition_logs.exclude(source=models.F("target")).order_by("-at", "-pk").values_list("at", flat=True).first()
        )
        if last and occurred_at < last:
            message = _("The case's previous step was recorded at %(at)s; this step cannot precede it.") % {
                "at": f"{timezone.localtime(last):%d.%m.%Y %H:%M}"
            }
            raise ValidationError({field_name: ValidationError(message, code="before_previous_step")})
    return occurred_at


@contextmanager
def legal_step(case):
    """The one transaction of a step's service: the transition, its deadlines and letters are
    written together or not at all. A ValidationError inside (a step's input, a letter's missing
    field) becomes a 400 ``TransitionRefused`` keeping its field errors, and the in-memory case
    is reloaded so it does not claim a state the database does not have."""
    try:
        with transaction.atomic():
            yield
    except ValidationError as exc:
        if case.pk:
            case.refresh_from_db()
        raise TransitionRefused.from_validation_error(exc) from exc
    except TransitionRefused:
        if case.pk:
            case.refresh_from_db()
        raise


def check_step(case, name: str, user, occurred_at=None):
    """Refuse step ``name`` for ``user`` as ``run_transition`` would — state (409), role (403),
    the real time of a step recorded afterwards (400), conditions (400, each with its clause) —
    without running it; returns the bound transition. Conditions judge the step at its real time
    (``cases.steps.step_time``). A service that must act before the transition (e.g. supersede an
    older list) checks first."""
    method = transition_method(case, name)
    meta = method._django_fsm
    state = meta.field.get_state(case)
    if not meta.has_transition(state):
        raise TransitionRefused([_("This step is not possible in the case's current state.")], status=409)
    if not meta.has_transition_perm(case, state, user):
        raise TransitionRefused([_("You may not take this step on this case.")], status=403)
    try:
        validate_occurred_at(case, occurred_at)
    except ValidationError as exc:
        raise TransitionRefused.from_validation_error(exc) from exc
    case._step_occurred_at = occurred_at
    if not meta.conditions_met(case, state):
        messages = unmet_conditions(case, name)
        raise TransitionRefused(messages or [_("The conditions of this step are not met.")], status=400)
    return method


def run_transition(case, name: str, user, *, occurred_at=None, **kwargs):
    """Run one legal step for ``user``: state (409), role (403) and preconditions (400, with
    what is missing) checked in that order, then the step and the save of the case row in one
    transaction (optimistic lock on the state field). ``occurred_at`` is the real time of a step
    done outside the system (validated; the log says it was entered afterwards and by whom)."""
    try:
        method = check_step(case, name, user, occurred_at)
        with transaction.atomic():
            result = method(by=user, **kwargs)
            case.save()
    except TransitionNotAllowed as exc:
        raise TransitionRefused([_("This step is not possible in the case's current state.")], status=409) from exc
    except ConcurrentTransition as exc:
        raise TransitionRefused([_("Someone else changed this case at the same moment; reload and try again.")], status=409) from exc
    except ValidationError as exc:
        raise TransitionRefused.from_validation_error(exc) from exc
    finally:
        case._step_occurred_at = None
    return result


#: ``open_deadline``'s default start: the moment the step runs (an explicit ``start=None`` is a
#: start that is not known).
NOW = object()


def open_deadline(case, rule: DeadlineRule, start=NOW, awaiting=None, schedule=None) -> Deadline | None:
    """Open a deadline for ``case`` by ``rule`` from ``start`` (default: now). Working-hour rules
    count in ``schedule`` (default: the awaiting organisation's own schedule).

    A term whose start is not known (``start=None``, e.g. a receipt not yet recorded) is not
    opened — it is never shown as running or overdue from a moment it did not start; the step
    that records its start opens it. Returns the deadline, or None."""
    if start is None:
        return None
    if start is NOW:
        start = timezone.now()
    if schedule is None and awaiting is not None:
        schedule = awaiting.schedule
    return Deadline.objects.create(
        case=case,
        rule_code=rule.code,
        citation=rule.citation,
        start=start,
        due=rule.due(start, schedule=schedule),
        awaiting_organisation=awaiting,
    )


def meet_deadlines(case, *rules: DeadlineRule, at=None, awaiting=None) -> int:
    """Mark the case's open deadlines of these rules met (now, or ``at``); with ``awaiting``, only
    the terms awaiting that organisation (e.g. one mobile operator's term, seed 000 p. 20-4). Only
    the step that meets a term calls this; a term that no longer applies is closed with
    ``close_deadlines_not_applicable``."""
    queryset = Deadline.objects.for_case(case).open().filter(rule_code__in=[rule.code for rule in rules])
    if awaiting is not None:
        queryset = queryset.filter(awaiting_organisation=awaiting)
    return queryset.update(met_at=at or timezone.now(), outcome=DeadlineOutcome.MET)


def close_deadlines_not_applicable(case, *rules: DeadlineRule, at=None) -> int:
    """Close the case's open deadlines (of these rules, or all) as not applicable: the case was
    withdrawn or took another road, so nobody met them and nobody is late."""
    queryset = Deadline.objects.for_case(case).open()
    if rules:
        queryset = queryset.filter(rule_code__in=[rule.code for rule in rules])
    return queryset.update(met_at=at or timezone.now(), outcome=DeadlineOutcome.NOT_APPLICABLE)
