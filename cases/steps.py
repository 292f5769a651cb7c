"""One way to declare, judge and take a legal step.

Declaring (in a procedure's ``models.py``)::

    @transition(
        field=state, source=S.DETECTED, target=S.NOTICE_SENT,
        conditions=[platform_is_foreign, platform_over_threshold],      # pure, from conditions.py
        permission=role_permission(*AUTHORISED_OFFICIALS, organisation_field="organisation"),
        custom=step(_("Issue the legal-representative notice (Appendix 2)"), NOTICE.citation,
                    form="cases.platforms.forms.NoticeForm", afterwards=True),
    )
    def send_notice(self, by=None, comment="", notice_sent_at=None):
        self.notice_sent_at = notice_sent_at           # the case's own fields only

Conditions are pure predicates of the case made with ``precondition(message, clause)``; the
same predicates decide the button, the refusal and the legal-path panel (``moves``), so the
three cannot disagree.

Taking (in a procedure's ``services.py``): one keyword-only service per step, named after the
model and the step, registered with ``@step_service(Model.step)``::

    @step_service(PlatformCase.send_notice)
    def platform_case_send_notice(*, case, actor, comment="", occurred_at=None):
        with legal_step(case):
            run_transition(case, "send_notice", actor, comment=comment, occurred_at=occurred_at, ...)
            ... deadlines, letters ...

The admin, the API, commands and tests call the service (directly, or through ``take_step``,
which finds it by the transition's name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module

from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ANY_OTHER_STATE, ANY_STATE

from registries.roles import Role

# --- declaring ---------------------------------------------------------------------------


def precondition(message, clause="", *, other_road=False):
    """Mark a pure condition of a step with the message shown when it is not met and the clause
    of the act it comes from (``clause`` may be empty when the message already quotes it).

    ``other_road=True`` says that, when unmet, the case went another lawful way: a step the
    system takes is then not on the case's path at all (seed 000: a demand posted on paper is
    received by the operator's own step, never delivered by the system)."""

    def decorate(function):
        function.message = message
        function.clause = clause
        function.other_road = other_road
        return function

    return decorate


def step(label, citation, *, form=None, button=True, afterwards=False, help_text=None, confirm=None):
    """The ``custom`` of a ``@transition``: its button label and legal citation.

    ``button=False`` marks a step the system takes (never a button); ``afterwards=True`` lets an
    official record a step done outside the system with its real time (``occurred_at``);
    ``form`` is the dotted path of the step's admin form (its cleaned data are the service's
    keyword arguments). ``confirm`` (lazy text saying what will happen) marks an irreversible
    decision: the admin never takes it in one click but first shows the step's page with this
    consequence and asks once more (the API is unaffected: confirmation is an interface matter).
    """
    custom = {"admin": bool(button), "label": label, "citation": citation, "afterwards": bool(afterwards)}
    if form:
        custom["form"] = form
    if help_text:
        custom["help_text"] = help_text
    if confirm:
        custom["confirm"] = confirm
    return custom


def confirmation_of(transition) -> str:
    """What an irreversible step will do, as its page says before asking once more ("" for a
    step taken without confirmation)."""
    return str((transition.custom or {}).get("confirm") or "") if transition is not None else ""


def state_field(model):
    return model._meta.get_field("state")


def transitions_from(case) -> list:
    """The django-fsm transitions of the case's state field that start in its current state."""
    model = type(case)
    current = state_field(model).value_from_object(case)
    found = []
    for transition in state_field(model).get_all_transitions(model):
        if transition.source in (current, ANY_STATE) or (transition.source == ANY_OTHER_STATE and transition.target != current):
            found.append(transition)
    return found


def transition_named(model, name):
    for transition in state_field(model).get_all_transitions(model):
        if transition.name == name:
            return transition
    return None


def step_time(case):
    """When the step being judged happens: its real time when it is recorded afterwards
    (``run_transition(..., occurred_at=...)``), else now. Conditions about terms use this."""
    from django.utils import timezone

    return getattr(case, "_step_occurred_at", None) or timezone.now()


# --- judging -----------------------------------------------------------------------------


class MoveStatus(StrEnum):
    AVAILABLE = "available"  # a button for this user
    BLOCKED = "blocked"  # this user's step, conditions unmet (each named with its clause)
    OTHERS = "others"  # someone else's step (the organisation or role is named)
    SYSTEM = "system"  # the system takes it; never a button


@dataclass
class Unmet:
    message: str
    clause: str = ""

    def __str__(self):
        if self.clause and self.clause not in self.message:
            return f"{self.message} ({self.clause})"
        return self.message


@dataclass
class Move:
    name: str
    label: str
    citation: str
    source: str
    target: str
    status: MoveStatus
    actor: str = ""
    unmet: list[Unmet] = field(default_factory=list)
    form: str | None = None
    afterwards: bool = False
    confirm: str = ""

    @property
    def is_button(self) -> bool:
        return self.status == MoveStatus.AVAILABLE


def unmet_conditions(case, transition) -> list[Unmet]:
    return [
        Unmet(str(getattr(condition, "message", condition.__name__)), str(getattr(condition, "clause", "") or ""))
        for condition in transition.conditions
        if not condition(case)
    ]


def role_labels(roles) -> list[str]:
    labels = []
    for role in roles:
        try:
            labels.append(str(Role(role).label))
        except ValueError:
            labels.append(str(role))
    return labels


def actor_of(case, transition) -> str:
    """Who takes the step: the organisation the permission names on the case, else the roles."""
    permission = transition.permission
    organisation_field = getattr(permission, "organisation_field", None)
    roles = ", ".join(role_labels(getattr(permission, "roles", ()) or ()))
    if organisation_field:
        organisation = getattr(case, organisation_field, None)
        if organisation is not None:
            return f"{organisation} ({roles})" if roles else str(organisation)
    return roles


def judge(case, transition, user) -> Move:
    custom = transition.custom or {}
    model = type(case)
    current = str(state_field(model).value_from_object(case))
    target = current if transition.target is None else str(transition.target)
    move = Move(
        name=transition.name,
        label=str(custom.get("label") or transition.name),
        citation=str(custom.get("citation") or ""),
        source=current,
        target=target,
        status=MoveStatus.SYSTEM,
        actor=actor_of(case, transition),
        form=custom.get("form"),
        afterwards=bool(custom.get("afterwards")),
        confirm=str(custom.get("confirm") or ""),
    )
    if not custom.get("admin"):
        return move
    if user is None or not transition.has_perm(case, user):
        move.status = MoveStatus.OTHERS
        return move
    move.unmet = unmet_conditions(case, transition)
    move.status = MoveStatus.BLOCKED if move.unmet else MoveStatus.AVAILABLE
    return move


def moves(case, user) -> list[Move]:
    """Every step out of the case's current state, judged for ``user`` by the step's own
    permission and conditions: the buttons are exactly the ``AVAILABLE`` ones. A step the system
    takes is left out when a condition marked ``other_road`` is unmet (the case went another way)."""
    return [
        judge(case, transition, user)
        for transition in transitions_from(case)
        if (transition.custom or {}).get("admin") or not _on_another_road(case, transition)
    ]


def _on_another_road(case, transition) -> bool:
    return any(getattr(condition, "other_road", False) and not condition(case) for condition in transition.conditions)


# --- taking ------------------------------------------------------------------------------

_SERVICES: dict[tuple[str, str], object] = {}


def step_service(transition_method):
    """Register the one service of a step: ``@step_service(PlatformCase.send_notice)``."""
    meta = transition_method._django_fsm
    key = (meta.field.model._meta.label, transition_method.__name__)

    def register(service):
        _SERVICES[key] = service
        service.transition_name = transition_method.__name__
        return service

    return register


def service_for(model, name):
    """The registered service of step ``name`` of ``model`` (the app's ``services`` module is
    imported by convention), or None."""
    key = (model._meta.label, name)
    if key not in _SERVICES:
        try:
            import_module(f"{model._meta.app_config.name}.services")
        except ModuleNotFoundError:
            return None
    return _SERVICES.get(key)


def take_step(case, name, actor, **data):
    """Run step ``name`` of ``case`` for ``actor`` through its one service."""
    from .services import TransitionRefused, run_transition, transition_method

    service = service_for(type(case), name)
    if service is not None:
        return service(case=case, actor=actor, **data)
    transition_method(case, name)  # 404 for a name that is no step
    if type(case)._meta.label in SERVICE_REQUIRED:
        raise TransitionRefused([_gettext("Unknown step: %(name)s.") % {"name": name}], status=404)
    return run_transition(case, name, actor, **data)


#: Procedures whose every step has its service (``take_step`` refuses a step without one).
SERVICE_REQUIRED: set[str] = {"stafflists.StaffList", "sweeps.AccountSweep", "egov.Complaint", "platforms.PlatformCase", "violations.ViolationReport", "devices.DeviceDemand"}


#: What the irreversible steps shared by the procedures do (``step(confirm=...)``).
CONFIRM_WITHDRAW = _(
    "The case ends as withdrawn with the reason you give; its open terms close as not applicable. "
    "It cannot be reopened."
)
CONFIRM_CLOSE = _("The case is closed: it is finished and no further step can be taken.")


#: The label of the "recorded afterwards" field of step forms and serializers.
OCCURRED_AT_LABEL = _("when it actually happened")
OCCURRED_AT_HELP = _(
    "Only for a step done outside the system (on paper, by post): its real date and time. "
    "Empty: now. Not in the future, not before the act entered into force."
)
