"""Issue 13 item 4: the legal path of every procedure, drawn from its transitions."""

from collections import deque

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from cases.base import ProcedureCase
from cases.legal_path import (
    STATUS_CURRENT,
    STATUS_DONE,
    STATUS_NEXT,
    LegalPathAdminMixin,
    build_legal_path,
    citation_of,
    edges_of,
    render_legal_path,
)
from cases.models import TransitionLog
from registries.demo import load_full_demo
from registries.roles import Role

PROCEDURES = sorted(
    (m for m in apps.get_models() if issubclass(m, ProcedureCase)), key=lambda m: m._meta.label
)


def transitions_of(model):
    return list(model._meta.get_field("state").get_all_transitions(model))


def independent_reachable(model):
    """Reachability computed here from django-fsm directly (not through cases.legal_path)."""
    field = model._meta.get_field("state")
    states = [str(v) for v, _l in field.choices]
    graph = {}
    for t in transitions_of(model):
        sources = states if t.source in ("*", "+") else [str(t.source)]
        for s in sources:
            graph.setdefault(s, set()).add(str(t.target if t.target is not None else s))
    start = str(field.get_default())
    seen, queue = {start}, deque([start])
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def test_every_procedure_model_is_covered():
    labels = {m._meta.label for m in PROCEDURES}
    assert {"violations.ViolationReport", "platforms.PlatformCase", "devices.DeviceDemand", "egov.Complaint",
            "stafflists.StaffList", "sweeps.AccountSweep"} <= labels


@pytest.mark.parametrize("model", PROCEDURES, ids=lambda m: m._meta.label)
def test_diagram_edges_are_the_models_transitions(model):
    """Cannot drift: the diagram's edges are exactly the model's transitions."""
    expected = {(str(t.source), str(t.target), t.name) for t in transitions_of(model)}
    assert edges_of(model) == expected
    assert {name for _s, _t, name in edges_of(model)} == {t.name for t in transitions_of(model)}


@pytest.mark.parametrize("model", PROCEDURES, ids=lambda m: m._meta.label)
def test_every_transition_has_a_clause(model):
    """Every step carries its clause in its own declaration (``custom["citation"]``): there is no
    table beside the transitions to drift from them, and no step without a clause."""
    missing = [t.name for t in transitions_of(model) if not citation_of(model, t)]
    assert missing == [], f"{model._meta.label}: transitions without a clause: {missing}"
    assert all(citation_of(model, t) == str(t.custom["citation"]) for t in transitions_of(model))


@pytest.fixture
def full_demo(db):
    return load_full_demo()


def demo_cases(model):
    """The demo's cases of ``model``: at least one that has moved past its initial state."""
    cases = list(model.objects.all())
    assert cases, f"no demo case for {model._meta.label}"
    return cases


@pytest.mark.django_db
def test_paths_of_every_demo_case(full_demo):
    officer = full_demo["users"]["officer"]
    for model in PROCEDURES:
        reachable = independent_reachable(model)
        moved = 0
        for case in demo_cases(model):
            path = build_legal_path(case, officer)
            states = [s.state for s in path.steps]
            # Every reachable state of the FSM field's choices is a step, once.
            assert reachable <= set(states), model._meta.label
            assert len(states) == len(set(states))
            # current
            assert path.states_with(STATUS_CURRENT) == [str(case.state)]
            # next: exactly the targets one transition away
            nexts = {t for s, t, _n in edges_of(model) if s == str(case.state) and t != str(case.state)}
            assert set(path.states_with(STATUS_NEXT)) == nexts
            # done: the states the transition log passed through (never the current one)
            logs = list(TransitionLog.objects.filter(object_id=case.pk, content_type__model=model._meta.model_name))
            passed = {log.source for log in logs} | {log.target for log in logs}
            if logs:
                moved += 1
                passed.add(str(model._meta.get_field("state").get_default()))
            expected_done = passed - {str(case.state)} - nexts
            assert set(path.states_with(STATUS_DONE)) == expected_done, (model._meta.label, case.pk)
        assert moved, f"no demo case of {model._meta.label} has moved: the done marks are untested"


@pytest.mark.django_db
def test_rendered_path_names_clauses_roles_and_deadlines_in_kazakh(full_demo):
    from cases.devices.models import DeviceDemand

    demand = DeviceDemand.objects.filter(state="received").first() or DeviceDemand.objects.exclude(state="draft").first()
    assert demand is not None
    with translation.override("kk"):
        html = render_legal_path(demand, full_demo["users"]["imei_db"])
    path = build_legal_path(demand, full_demo["users"]["imei_db"])
    current = path.step(demand.state)
    # who must act: the Role labels of the transition's permission
    for move in current.moves_out:
        assert move.roles, move.name
    with translation.override("kk"):
        assert str(Role.IMEI_DB_OPERATOR.label) in html or str(Role.PENITENTIARY_OFFICER.label) in html
    # clause of the next step, open deadline with its due time in Asia/Almaty
    assert "№ 546/НҚ бұйрық" in html
    for deadline in current.deadlines:
        assert deadline.citation in html
    if current.deadlines:
        assert "(Asia/Almaty)" in html
    # the user's own next step is marked
    assert any(m.yours for m in current.moves_out) == ('class="yours"' in html)


@pytest.mark.django_db
def test_rendered_path_shows_the_transitions_ahead(full_demo):
    """A fresh notification's drawing shows every transition still ahead of it (labels read
    from the transitions themselves): the moves from the draft and every move into a later state."""
    from cases.legal_path import STATUS_LATER
    from cases.violations.models import ViolationReport

    report = ViolationReport.objects.filter(state="draft").first()
    with translation.override("kk"):
        path = build_legal_path(report, full_demo["users"]["prosecutor_reporter"])
        html = render_legal_path(report, full_demo["users"]["prosecutor_reporter"])
        later = set(path.states_with(STATUS_LATER))
        expected = {
            str(t.custom["label"]) for t in transitions_of(ViolationReport)
            if t.source == "draft" or (t.target in later and t.source != t.target)
        }
    assert expected
    for label in expected:
        assert label in html, label
    assert 'class="yours"' in html  # the reporter may submit her own draft


@pytest.mark.django_db
def test_admin_mixin_prepends_the_panel_to_a_real_change_form(full_demo):
    """CaseAdminMixin includes the legal path: exercised on the real admins of each procedure."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    supervisor = full_demo["users"]["admin"]
    for model in PROCEDURES:
        registered = admin.site._registry.get(model)
        if registered is None:
            continue
        assert isinstance(registered, LegalPathAdminMixin), model._meta.label
        model_admin = registered
        case = model.objects.order_by("-pk").first()
        request = RequestFactory().get("/")
        request.user = supervisor
        request.session = {}
        request._messages = FallbackStorage(request)
        with translation.override("kk"):
            response = model_admin.change_view(request, str(case.pk))
            response.render()
        html = response.content.decode()
        assert 'class="legal-path"' in html, model._meta.label
        assert f'data-state="{case.state}" data-status="current"' in html


@pytest.mark.django_db
def test_a_step_that_starts_from_several_states_is_listed_once(full_demo):
    """E.g. seed 001 p. 5: a list is sent from a draft and again after it was returned — one line
    "send the list" under "submitted", not one per state it may start from."""
    seen_a_multi_source_step = False
    for model in PROCEDURES:
        sources = {}
        for t in transitions_of(model):
            sources.setdefault(t.name, set()).add(str(t.source))
        multi = {name for name, s in sources.items() if len(s) > 1}
        for case in model.objects.all():
            for step in build_legal_path(case, None).steps:
                names = [move.name for move in step.moves_in]
                assert len(names) == len(set(names)), (model._meta.label, case.pk, step.state, names)
                seen_a_multi_source_step |= bool(multi & set(names))
    assert seen_a_multi_source_step
