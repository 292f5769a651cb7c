"""One way to declare a legal step, checked over every procedure (cases/steps.py).

- every transition of every case model carries its label and its legal citation;
- every transition has exactly one registered service (``@step_service``), and no model module
  imports its app's services;
- in every state of every procedure (the demo has a case in each), for every demo user who may
  open the case, the step buttons on the change form are exactly the moves the legal-path panel
  marks available — and every blocked move names what is missing.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from cases.base import ProcedureCase
from cases.steps import MoveStatus, moves, service_for, state_field

ROOT = Path(__file__).resolve().parents[2]


def case_models():
    return sorted(
        (model for model in apps.get_models() if issubclass(model, ProcedureCase)), key=lambda model: model._meta.label
    )


def transitions(model):
    return list(state_field(model).get_all_transitions(model))


@pytest.mark.parametrize("model", case_models(), ids=lambda model: model._meta.label)
def test_every_transition_carries_its_label_and_citation(model):
    for transition in transitions(model):
        custom = transition.custom or {}
        assert str(custom.get("label") or "").strip(), f"{model._meta.label}.{transition.name} has no label"
        assert str(custom.get("citation") or "").strip(), f"{model._meta.label}.{transition.name} has no citation"
        assert "admin" in custom, f"{model._meta.label}.{transition.name}: declare it with cases.steps.step()"


@pytest.mark.parametrize("model", case_models(), ids=lambda model: model._meta.label)
def test_every_step_has_its_one_service(model):
    for transition in transitions(model):
        service = service_for(model, transition.name)
        assert service is not None, f"{model._meta.label}.{transition.name} has no @step_service"
        assert service.transition_name == transition.name


def _imports_services(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [alias.name for alias in node.names]
            if module.endswith("services") or module.split(".")[-1] == "services" or "services" in names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        elif isinstance(node, ast.Import):
            found += [f"{path.relative_to(ROOT)}:{node.lineno}" for alias in node.names if alias.name.endswith(".services")]
    return found


@pytest.mark.parametrize("model", case_models(), ids=lambda model: model._meta.label)
def test_models_do_not_import_services(model):
    package = Path(model._meta.app_config.path)
    modules = [package / "models.py"] if (package / "models.py").exists() else list((package / "models").glob("*.py"))
    for module in modules:
        assert _imports_services(module) == [], "a model module imports services"


BUTTON = re.compile(r'data-step="([^"]+)"')
PANEL_MOVE = re.compile(r'data-transition="([^"]+)" data-move="([^"]+)"')


def _demo_users():
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, is_superuser=False).select_related("profile__organisation"))


@pytest.mark.django_db
def test_demo_has_a_case_in_every_state_of_every_procedure():
    from registries.demo import load_full_demo

    load_full_demo()
    missing = []
    for model in case_models():
        present = set(model._base_manager.values_list("state", flat=True).distinct())
        missing += [f"{model._meta.label}:{value}" for value, _label in state_field(model).choices if value not in present]
    assert missing == []


@pytest.mark.django_db
def test_panel_and_buttons_agree_in_every_state(client):
    """The buttons are exactly the panel's available moves, for every viewer of one demo case in
    each state of each procedure; a blocked move names what is missing."""
    from registries.demo import load_full_demo

    load_full_demo()
    users = _demo_users()
    checked = 0
    for model in case_models():
        change = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        for value, _label in state_field(model).choices:
            case = model._base_manager.filter(state=value).order_by("pk").first()
            if case is None:
                continue  # the coverage test above names it
            for user in users:
                if not model.objects.visible_to(user).filter(pk=case.pk).exists():
                    continue
                client.force_login(user)
                with translation.override("kk"):
                    response = client.get(reverse(change, args=[case.pk]))
                if response.status_code != 200:
                    continue  # no view permission on this model: nothing shown, nothing to agree
                html = response.content.decode()
                buttons = set(BUTTON.findall(html))
                panel = dict(PANEL_MOVE.findall(html))
                judged = {move.name: move for move in moves(case, user)}
                available = {name for name, move in judged.items() if move.status == MoveStatus.AVAILABLE}
                where = f"{model._meta.label}#{case.pk} [{value}] as {user.username}"
                assert buttons == available, where
                assert {name for name, status in panel.items() if status == MoveStatus.AVAILABLE} == buttons, where
                assert set(panel) == set(judged), where
                for move in judged.values():
                    if move.status == MoveStatus.BLOCKED:
                        assert move.unmet and all(str(u).strip() for u in move.unmet), where
                    if move.status == MoveStatus.AVAILABLE and move.afterwards:
                        # a step done outside the system can always be recorded with its real time
                        page = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_transition", args=[case.pk, move.name])
                        assert f'href="{page}"' in html, where
                checked += 1
    assert checked > 0


@pytest.mark.parametrize("model", case_models(), ids=lambda model: model._meta.label)
def test_final_states_are_exactly_the_states_no_step_leaves(model):
    """One definition of "finished" (``ProcedureCase.FINAL_STATES``), and it is the graph's: a
    state in which no person has a step left (an accepted staff list is finished though the system
    may later mark it superseded). The dashboard, "my queue" and the API count the others as open."""
    states = {str(value) for value, _label in state_field(model).choices}
    acted_in = {str(t.source) for t in transitions(model) if t.source not in ("*", "+") and t.custom.get("admin")}
    assert {str(s) for s in model.FINAL_STATES} == states - acted_in
