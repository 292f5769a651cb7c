"""Side effects shared by every procedure: running transitions safely, deadlines."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from .models import Deadline
from .rules import DeadlineRule


@dataclass
class TransitionRefused(Exception):
    """A transition that may not run: ``status`` 403 (role / organisation), 409 (state), 400 (conditions)."""

    messages: list[str] = field(default_factory=list)
    status: int = 400

    def __str__(self):
        return "; ".join(str(m) for m in self.messages)


def transition_method(case, name: str):
    method = getattr(type(case), name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise TransitionRefused([_("Unknown step: %(name)s.") % {"name": name}], status=404)
    return getattr(case, name)


def unmet_conditions(case, name: str) -> list[str]:
    """The messages of the preconditions of transition ``name`` that the case does not meet."""
    method = transition_method(case, name)
    meta = method._django_fsm
    transition = meta.get_transition(meta.field.get_state(case))
    if transition is None:
        return []
    return [
        str(getattr(condition, "message", condition.__name__))
        for condition in transition.conditions
        if not condition(case)
    ]


def run_transition(case, name: str, user, **kwargs):
    """Run one legal step for ``user``: state (409), role (403) and preconditions (400, with
    what is missing) checked in that order, then the step and the save of the case row in one
    transaction (optimistic lock on the state field)."""
    method = transition_method(case, name)
    meta = method._django_fsm
    state = meta.field.get_state(case)
    if not meta.has_transition(state):
        raise TransitionRefused([_("This step is not possible in the case's current state.")], status=409)
    if not meta.has_transition_perm(case, state, user):
        raise TransitionRefused([_("You may not take this step on this case.")], status=403)
    if not meta.conditions_met(case, state):
        messages = unmet_conditions(case, name)
        raise TransitionRefused(messages or [_("The conditions of this step are not met.")], status=400)
    try:
        with transaction.atomic():
            result = method(by=user, **kwargs)
            case.save()
    except TransitionNotAllowed as exc:
        raise TransitionRefused([_("This step is not possible in the case's current state.")], status=409) from exc
    except ConcurrentTransition as exc:
        raise TransitionRefused([_("Someone else changed this case at the same moment; reload and try again.")], status=409) from exc
    except ValidationError as exc:
        raise TransitionRefused(exc.messages, status=400) from exc
    return result


def open_deadline(case, rule: DeadlineRule, start=None, awaiting=None, schedule=None) -> Deadline:
    """Open a deadline for ``case`` by ``rule``. Working-hour rules count in ``schedule``
    (default: the awaiting organisation's own schedule)."""
    start = start or timezone.now()
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


def meet_deadlines(case, *rules: DeadlineRule, at=None) -> int:
    """Mark the case's open deadlines of these rules met (now, or ``at``)."""
    codes = [rule.code for rule in rules]
    return Deadline.objects.for_case(case).open().filter(rule_code__in=codes).update(met_at=at or timezone.now())
