"""One way to declare and take a step in seed 002 (Order No. 58, p. 10): every complaint step is a
``step()`` with its clause and pure conditions, has its one keyword-only service, and the app
keeps one copy of each shared check (provider staff, applicable act, Django→DRF errors, deadline
serializer). Read from the code, no database."""

import ast
import inspect
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cases.egov.models import Complaint
from cases.steps import service_for, state_field

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "cases" / "egov"
MODULES = sorted(path for path in APP.rglob("*.py") if "migrations" not in path.parts)


def transitions():
    return list(state_field(Complaint).get_all_transitions(Complaint))


def source(name: str) -> str:
    return (APP / name).read_text(encoding="utf-8")


def test_every_complaint_step_is_declared_with_its_clause():
    names = set()
    for transition in transitions():
        custom = transition.custom or {}
        names.add(transition.name)
        assert "admin" in custom and str(custom.get("label") or "").strip(), transition.name
        assert "№ 58 бұйрықпен бекітілген Қағидалардың 10-тармағ" in str(custom.get("citation")), transition.name
        for condition in transition.conditions:
            assert str(getattr(condition, "message", "")).strip(), f"{transition.name}: {condition.__name__} has no message"
            assert getattr(condition, "clause", ""), f"{transition.name}: {condition.__name__} names no clause"
    assert {"satisfy", "forward", "register_at_authority", "uphold", "dismiss", "withdraw"} <= names


def test_conditions_come_from_the_apps_conditions_module():
    for transition in transitions():
        for condition in transition.conditions:
            assert condition.__module__ in ("cases.egov.conditions", "cases.conditions"), condition


def test_every_complaint_step_has_its_one_keyword_only_service():
    for transition in transitions():
        service = service_for(Complaint, transition.name)
        assert service is not None, transition.name
        assert service.__name__ == f"complaint_{transition.name}"
        parameters = inspect.signature(service).parameters.values()
        assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in parameters), service.__name__
        assert {"case", "actor"} <= {p.name for p in parameters}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
            found.update(f"{node.module or ''}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_models_do_not_import_services():
    assert not [name for name in _imports(APP / "models.py") if name.split(".")[-1] == "services" or ".services" in name]


def test_transition_bodies_touch_only_the_case():
    """No deadline, letter or other model is written from a transition body."""
    text = source("models.py")
    for forbidden in ("open_deadline", "meet_deadlines", "close_deadlines", "issue_letter", "draft_letter", ".objects."):
        body = text.split("# -- legal steps", 1)[-1]
        assert forbidden not in body, forbidden


def test_the_provider_staff_check_is_written_once():
    """One function (selectors) decides who is the provider's staff; admin, API and privacy use it."""
    writers = [path.name for path in MODULES if "role_of(" in path.read_text(encoding="utf-8")]
    assert writers == ["selectors.py"]


def test_the_applicable_act_check_is_written_once():
    """The applicable-act check is ``ProcedureCase.ensure_legal_act_applicable``: no module of the
    app looks the act up itself."""
    assert [path.name for path in MODULES if "LegalAct" in path.read_text(encoding="utf-8")] == []


def test_no_local_copies_of_the_shared_api_helpers():
    from cases.egov import api

    assert not hasattr(api, "EgovDeadlineSerializer")
    assert not hasattr(api, "drf_errors")
    assert "ErrorDetail(m" not in source("api.py")


def test_not_in_future_is_the_shared_validator():
    assert "validate_not_in_future" in source("models.py")
    assert "> now" not in source("models.py")


def test_no_module_is_over_500_lines_and_comments_cite_clauses_not_the_tracker():
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") <= 500, path.name
        assert not re.search(r"\bissue[- ]?\d+", text, flags=re.IGNORECASE), path.name


@pytest.mark.skipif(shutil.which("ruff") is None and not (ROOT / ".venv/bin/ruff").exists(), reason="ruff not installed")
def test_no_function_is_too_complex():
    ruff = str(ROOT / ".venv/bin/ruff") if (ROOT / ".venv/bin/ruff").exists() else "ruff"
    result = subprocess.run(  # noqa: S603 - a fixed local command
        [ruff, "check", "--no-cache", "--select", "C901,PLR0912,PLR0915", str(APP)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout
