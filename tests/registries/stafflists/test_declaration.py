"""One declaration of each staff-list step (seed 001 p. 5): label and citation in ``step()``,
one registered service, a model that imports no services, modules under 500 lines, and demo
lists in every state built through the services."""

import ast
import re
from pathlib import Path

import pytest

from cases.steps import service_for, state_field
from registries.stafflists.models import StaffList, StaffListState

APP = Path(__file__).resolve().parents[3] / "registries" / "stafflists"


def transitions():
    return list(state_field(StaffList).get_all_transitions(StaffList))


def test_every_step_carries_label_citation_and_one_service():
    for transition in transitions():
        custom = transition.custom
        assert "admin" in custom and str(custom["label"]).strip(), transition.name
        assert "№ 409 бұйрықпен бекітілген Қағидалардың" in str(custom["citation"]), transition.name
        service = service_for(StaffList, transition.name)
        assert service is not None and service.transition_name == transition.name
        assert service.__name__ == f"staff_list_{transition.name}"


def test_system_and_afterwards_steps():
    by_name = {t.name: t.custom for t in transitions()}
    assert by_name["supersede"]["admin"] is False
    assert by_name["receive_by_letter"]["afterwards"] is True
    assert all(custom["admin"] for name, custom in by_name.items() if name != "supersede")


def test_models_import_no_services_and_modules_stay_small():
    tree = ast.parse((APP / "models.py").read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in imported if "services" in m]
    for path in APP.rglob("*.py"):
        if "migrations" not in path.parts:
            assert len(path.read_text(encoding="utf-8").splitlines()) < 500, path


def test_no_tracker_references_in_the_app():
    for path in APP.rglob("*.py"):
        assert not re.search(r"\bissue \d", path.read_text(encoding="utf-8"), re.IGNORECASE), path


@pytest.mark.django_db
def test_demo_has_a_list_in_every_state_and_is_idempotent():
    from registries.demo import load_full_demo

    load_full_demo()
    counts = StaffList.objects.count()
    load_full_demo()
    assert StaffList.objects.count() == counts
    present = set(StaffList.objects.values_list("state", flat=True))
    assert present >= {value for value, _label in StaffListState.choices}
    # built through the services: every list that left the draft has its steps in the log
    from cases.models import TransitionLog

    for staff_list in StaffList.objects.exclude(state=StaffListState.DRAFT):
        assert TransitionLog.objects.filter(object_id=staff_list.pk, content_type__model="stafflist").exists()
    received = TransitionLog.objects.filter(content_type__model="stafflist", transition="receive_by_letter").first()
    assert received is not None and received.recorded_afterwards
