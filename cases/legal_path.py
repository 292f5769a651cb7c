"""Where the case stands: the legal path of a case, drawn from its transitions (DESIGN, "Architecture": every step shows its clause and who acts).

The path is built from the django-fsm-2 transitions of the model's ``state`` field — never from a
hand-written list — so it cannot drift from the code: every state reachable from the initial
state is a step, every transition an edge. For one case each step is marked

- ``done``: a state the case passed through (``TransitionLog`` of the case, and the initial state),
- ``current``: the case's state, with its open deadlines (``Deadline``) and the moves from it,
- ``next``: a state one transition away from the current one,
- ``later``: a state still reachable from the current one, further away,
- ``off``: a state of another branch, no longer reachable for this case.

Each transition carries its clause (``custom["citation"]``, declared with ``cases.steps.step``)
and who must act (the roles stored by
``registries.scoping.role_permission`` on the permission check, named by ``Role`` labels).

``render_legal_path(case, user)`` renders it server-side as an HTML/CSS step list (no CDN, no JS);
``LegalPathAdminMixin`` shows it on the change form of every case admin.
"""

from collections import deque
from dataclasses import dataclass, field

from django.contrib.admin import helpers
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ANY_OTHER_STATE, ANY_STATE

from registries.people import person_label

from .rules import rule_label
from .selectors import case_deadlines
from .steps import role_labels
from .timeline import case_logs

STATUS_DONE = "done"
STATUS_CURRENT = "current"
STATUS_NEXT = "next"
STATUS_LATER = "later"
STATUS_OFF = "off"

STATUS_LABELS = {
    STATUS_DONE: _("done"),
    STATUS_CURRENT: _("current"),
    STATUS_NEXT: _("next"),
    STATUS_LATER: _("later"),
    STATUS_OFF: _("not on this path"),
}


def citation_of(model, transition) -> str:
    """The clause a step declares in ``custom=step(label, citation)`` (cases.steps)."""
    return str((transition.custom or {}).get("citation") or "")


def roles_of(transition) -> tuple[str, ...]:
    """The role codes the transition's permission admits (``role_permission`` stores them)."""
    return tuple(getattr(transition.permission, "roles", ()) or ())


def _target_states(transition, states: list[str]) -> list[str]:
    target = transition.target
    if target is None:
        targets = [transition.source]
    elif isinstance(target, str | int):
        targets = [target]
    else:  # RETURN_VALUE / GET_STATE: any of the allowed states (all when not restricted)
        targets = list(getattr(target, "allowed_states", None) or states)
    if transition.on_error:
        targets.append(transition.on_error)
    return [str(t) for t in targets]


def edges_of(model) -> set[tuple[str, str, str]]:
    """Every (source, target, transition name) of the model's state field, wildcards expanded."""
    state_field = model._meta.get_field("state")
    states = [str(value) for value, _label in state_field.choices]
    edges = set()
    for transition in state_field.get_all_transitions(model):
        if transition.source == ANY_STATE:
            sources = states
        elif transition.source == ANY_OTHER_STATE:
            sources = [s for s in states if s != transition.target]
        else:
            sources = [str(transition.source)]
        for source in sources:
            for target in _target_states(transition, states):
                if target in (ANY_STATE, ANY_OTHER_STATE):
                    continue
                edges.add((source, source if transition.target is None else target, transition.name))
    return edges


def initial_state(model) -> str:
    return str(model._meta.get_field("state").get_default())


def reachable_states(model, start=None) -> list[str]:
    """States reachable from ``start`` (the initial state), breadth-first, ties in the order of the choices."""
    order = {str(value): index for index, (value, _label) in enumerate(model._meta.get_field("state").choices)}
    outgoing: dict[str, set[str]] = {}
    for source, target, _name in edges_of(model):
        outgoing.setdefault(source, set()).add(target)
    start = initial_state(model) if start is None else str(start)
    seen, queue, result = {start}, deque([start]), [start]
    while queue:
        state = queue.popleft()
        for target in sorted(outgoing.get(state, ()), key=lambda s: order.get(s, len(order))):
            if target not in seen:
                seen.add(target)
                result.append(target)
                queue.append(target)
    return result


@dataclass
class Move:
    """A transition: its button label, clause and who must act."""

    name: str
    label: str
    source: str
    target: str
    citation: str
    roles: list[str]
    admin_button: bool
    yours: bool = False
    taken_at: object = None
    #: From the current state only: ``cases.steps.MoveStatus`` for the viewer, what is unmet
    #: (message and clause) and who takes the step.
    status: str = ""
    unmet: list = field(default_factory=list)
    actor: str = ""


@dataclass
class Step:
    state: str
    label: str
    status: str
    visited: bool = False
    reached_at: object = None
    reached_by: str = ""
    moves_in: list[Move] = field(default_factory=list)
    moves_out: list[Move] = field(default_factory=list)
    deadlines: list = field(default_factory=list)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class LegalPath:
    case: object
    steps: list[Step]
    edges: set
    current: str

    def step(self, state) -> Step:
        return next(s for s in self.steps if s.state == str(state))

    def states_with(self, status) -> list[str]:
        return [s.state for s in self.steps if s.status == status]


def _transition_meta(model):
    """(source, name) → django-fsm Transition, wildcards expanded like ``edges_of``."""
    state_field = model._meta.get_field("state")
    states = [str(value) for value, _label in state_field.choices]
    meta = {}
    for transition in state_field.get_all_transitions(model):
        if transition.source in (ANY_STATE, ANY_OTHER_STATE):
            for source in states:
                meta.setdefault((source, transition.name), transition)
        else:
            meta[(str(transition.source), transition.name)] = transition
    return meta


@dataclass
class _History:
    """What the case's log says: the states it passed through, the last step into each state
    and the names of the steps taken into each."""

    visited: set
    last_into: dict
    taken_into: dict


def _history(case, model, current: str, user=None) -> _History:
    """From the log as ``user`` may read it (``cases.timeline.case_logs``: a procedure may hide a
    line's step or the name of whoever took a step from some viewers, never a change of state)."""
    logs = case_logs(case, user)
    start = initial_state(model)
    history = _History(visited={start} if (logs or current != start) else set(), last_into={}, taken_into={})
    for log in logs:
        history.visited.update((log.source, log.target))
        history.taken_into.setdefault(log.target, set()).add(log.transition)
        if log.target != log.source:
            history.last_into[log.target] = log
    return history


def _status_of(state, current, next_states, visited, ahead) -> str:
    if state == current:
        return STATUS_CURRENT
    if state in next_states:
        return STATUS_NEXT
    if state in visited:
        return STATUS_DONE
    return STATUS_LATER if state in ahead else STATUS_OFF


def _path_move(model, transitions, labels, source, target, name) -> Move:
    """A move into a state (not the current one's way out): its label, clause and roles."""
    transition = transitions.get((source, name))
    custom = getattr(transition, "custom", {}) or {}
    return Move(
        name=name,
        label=str(custom.get("label") or labels.get(target, name)),
        source=source,
        target=target,
        citation=citation_of(model, transition) if transition else "",
        roles=role_labels(roles_of(transition) if transition else ()),
        admin_button=bool(custom.get("admin")),
    )


def _moves_into(step, edges, order, current, history, make_move) -> list[Move]:
    """The moves that lead into ``step``: from the current state for a next step, the ones
    taken for a done step, all of them for a later step — each step once, however many states
    it may start from."""
    moves_in, seen = [], set()
    for source, target, name in sorted(edges, key=lambda e: (order.index(e[0]) if e[0] in order else 99, e[2])):
        if target != step.state or source == target or name in seen:
            continue
        if step.status == STATUS_NEXT and source != current:
            continue
        if step.status == STATUS_DONE and name not in history.taken_into.get(step.state, ()):
            continue
        seen.add(name)
        moves_in.append(make_move(source, target, name))
    return moves_in


def build_legal_path(case, user=None) -> LegalPath:
    model = type(case)
    state_field = model._meta.get_field("state")
    labels = {str(value): str(label) for value, label in state_field.choices}
    current = str(state_field.value_from_object(case))
    edges = edges_of(model)
    transitions = _transition_meta(model)
    history = _history(case, model, current, user)
    start = initial_state(model)

    next_states = {target for source, target, _name in edges if source == current and target != current}
    ahead = set(reachable_states(model, current))
    order = reachable_states(model)
    order += [s for s in history.visited if s not in order]  # legacy data outside today's graph
    if current not in order:
        order.append(current)

    def make_move(source, target, name):
        return _path_move(model, transitions, labels, source, target, name)

    steps = []
    for state in order:
        status = _status_of(state, current, next_states, history.visited, ahead)
        step = Step(state=state, label=labels.get(state, state), status=status, visited=state in history.visited and state != current)
        log = history.last_into.get(state)
        if log is not None:
            step.reached_at, step.reached_by = log.at, person_label(log.by)
        elif state == start and state in history.visited:
            step.reached_at = getattr(case, "opened_at", None) or getattr(case, "created_at", None)
        step.moves_in = _moves_into(step, edges, order, current, history, make_move)
        if status == STATUS_CURRENT:
            step.moves_out = current_moves(case, user)
            step.deadlines = [d for d in case_deadlines(case, user) if d.met_at is None] if case.pk else []
        steps.append(step)
    return LegalPath(case=case, steps=steps, edges=edges, current=current)


def current_moves(case, user) -> list[Move]:
    """The moves out of the current state, judged for ``user`` by ``cases.steps.moves`` — the
    same judgement that makes the buttons, so the panel and the buttons cannot disagree."""
    from .steps import MoveStatus, moves

    model = type(case)
    result = []
    for judged in sorted(moves(case, user), key=lambda m: m.name):
        transition = next(t for t in model._meta.get_field("state").get_all_transitions(model) if t.name == judged.name)
        result.append(
            Move(
                name=judged.name,
                label=judged.label,
                source=judged.source,
                target=judged.target,
                citation=judged.citation or citation_of(model, transition),
                roles=role_labels(roles_of(transition)),
                admin_button=judged.status != MoveStatus.SYSTEM,
                yours=judged.status == MoveStatus.AVAILABLE,
                status=str(judged.status),
                unmet=[str(u) for u in judged.unmet],
                actor=judged.actor,
            )
        )
    return result


def render_legal_path(case, user=None) -> str:
    """The legal path of ``case`` as HTML (safe string), for the admin's change form."""
    path = build_legal_path(case, user)
    return render_to_string(
        "cases/legal_path.html",
        {"path": path, "timezone_name": timezone.get_current_timezone_name()},
    )


@dataclass
class CaseSummary:
    """What an official deciding the case reads first (the top of the case page): the state, the
    open terms (the rule's label, due, clause, whom it awaits), who acts next, the steps."""

    title: str
    state: str
    state_label: str
    final: bool
    deadlines: list
    next_actors: list[str]
    yours: list[str]
    #: the viewer's own steps whose conditions are not met yet: "label: what is missing"
    waiting_on_you: list[str] = field(default_factory=list)


def case_summary(case, user) -> CaseSummary:
    """The case's state, its open terms as ``user`` may read them (``case_deadlines``) and who
    acts next: the viewer for a step they may take now, otherwise the step's actor — from the same
    judgement (``cases.steps.moves``) as the buttons and the legal-path panel."""
    from .steps import MoveStatus, moves

    state_field = type(case)._meta.get_field("state")
    current = str(state_field.value_from_object(case))
    deadlines = [d for d in case_deadlines(case, user) if d.met_at is None] if case.pk else []
    for deadline in deadlines:
        deadline.rule_label = rule_label(deadline.rule_code)
    judged = moves(case, user) if case.pk else []
    actors, yours, waiting_on_you = [], [], []
    for move in judged:
        if move.status == MoveStatus.AVAILABLE:
            yours.append(str(move.label))
        elif move.status == MoveStatus.BLOCKED:  # the viewer acts next, once what is missing is there
            waiting_on_you.append(f"«{move.label}» — " + "; ".join(str(unmet.message).rstrip(".") for unmet in move.unmet))
        elif move.actor and str(move.actor) not in actors:
            actors.append(str(move.actor))
    state_label = str(dict(state_field.flatchoices).get(current, current))
    return CaseSummary(
        title=str(case),
        state=current,
        state_label=state_label,
        final=not judged,
        deadlines=deadlines,
        next_actors=actors,
        yours=yours,
        waiting_on_you=waiting_on_you,
    )


class LegalPathAdminMixin:
    """Adds the read-only "Where the case stands" panel at the top of every case change form,
    whatever fieldsets the procedure's admin declares (it is prepended in ``render_change_form``)."""

    legal_path_fieldset_title = _("Where the case stands")

    @staticmethod
    def _legal_path_html(obj):
        return getattr(obj, "_legal_path_html", None) or render_legal_path(obj, None)

    def legal_path_panel(self, obj):
        return self._legal_path_html(obj)

    legal_path_panel.short_description = _("Legal path")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if obj is not None and obj.pk and isinstance(adminform, helpers.AdminForm):
            obj._legal_path_html = render_legal_path(obj, request.user)
            obj._viewer = request.user  # the panels show only what this user may read
            names = {name for _title, options in adminform.fieldsets for name in options.get("fields", ())}
            if "legal_path_panel" not in names:
                adminform.fieldsets = [
                    (self.legal_path_fieldset_title, {"fields": ("legal_path_panel",), "classes": ("legal-path-fieldset",)}),
                    *adminform.fieldsets,
                ]
            if "legal_path_panel" not in adminform.readonly_fields:
                adminform.readonly_fields = (*adminform.readonly_fields, "legal_path_panel")
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
