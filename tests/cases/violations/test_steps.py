"""One declaration of every legal step of seed 001 p. 8–11: label and clause on the transition,
pure preconditions (message and clause) in ``conditions.py``, one keyword-only service per step,
and the legal-path panel telling what is missing."""

import ast
import inspect
import re
import subprocess  # nosec B404 - runs the project's own linter on the app's files
from pathlib import Path

import pytest

from cases import conditions as shared_conditions
from cases.steps import MoveStatus, moves, service_for, state_field
from cases.violations import conditions, services
from cases.violations.models import ViolationReport

from .factories import complete_report

APP = Path(services.__file__).resolve().parent
ROOT = APP.parents[1]

#: The clause each step cites (seed 001; steps the act does not name say so in their citation).
CLAUSES = {
    "submit": ("8, 9-тармақтары", "2-қосымша"),
    "resubmit": ("8, 9-тармақтары", "2-қосымша"),
    "take_into_review": ("10, 11-тармақтары",),
    "return_for_completion": ("8-тармағы",),
    "confirm": ("10-тармағы", "41-1"),
    "confirm_by_reference": ("10-тармағы",),
    "order_restriction": ("10-тармағы", "41-1"),
    "reject": ("11-тармағы",),
    "close": ("10-тармағы",),
    "withdraw": ("8-тармағы",),
}


def transitions():
    return list(state_field(ViolationReport).get_all_transitions(ViolationReport))


def test_every_transition_is_declared_with_its_label_and_clause():
    names = {t.name for t in transitions()}
    assert names == set(CLAUSES)
    for transition in transitions():
        custom = transition.custom
        assert {"admin", "label", "citation", "afterwards"} <= set(custom), transition.name
        assert str(custom["label"]).strip(), transition.name
        citation = str(custom["citation"])
        assert "№ 409 бұйрықпен бекітілген Қағидалардың" in citation, transition.name  # the Rules' point, not the order's
        assert all(clause in citation for clause in CLAUSES[transition.name]), (transition.name, citation)
        assert transition.permission is not None and getattr(transition.permission, "roles", ()), transition.name


def test_only_the_letter_channel_submission_steps_may_be_recorded_afterwards():
    afterwards = {t.name for t in transitions() if t.custom["afterwards"]}
    assert afterwards == {"submit", "resubmit"}


def test_conditions_are_pure_preconditions_with_message_and_clause():
    for transition in transitions():
        for condition in transition.conditions:
            assert inspect.getmodule(condition) in (conditions, shared_conditions), condition
            assert str(condition.message).strip()
            assert "409" in str(condition.clause) or "409" in str(condition.message), condition.__name__


def test_every_step_has_its_one_keyword_only_service():
    for transition in transitions():
        service = service_for(ViolationReport, transition.name)
        assert service is not None, transition.name
        assert service.__name__ == f"violation_report_{transition.name}"
        parameters = inspect.signature(service).parameters.values()
        assert all(p.kind == p.KEYWORD_ONLY for p in parameters), transition.name
        assert {"case", "actor", "comment", "occurred_at"} <= {p.name for p in parameters}


def _imported_modules(path):
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append((node.module or "", [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
    return found


def test_models_do_not_import_services_and_stay_small():
    models = APP / "models.py"
    for module, names in _imported_modules(models):
        assert not module.endswith("services") and "services" not in names, module
    for path in APP.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name


def test_transition_bodies_change_only_the_case_itself():
    source = inspect.getsource(ViolationReport)
    assert "objects.create" not in source and "issue_appendix_2_letter" not in source
    assert "def require(" not in (APP / "models.py").read_text(encoding="utf-8")


def test_no_tracker_references_and_no_complex_functions():
    tracker = re.compile(r"\b(issue \d+|item \d+)\b", re.IGNORECASE)
    for path in [*APP.glob("*.py"), *APP.glob("templates/**/*.html")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # "Appendix 2 item 3" is the act's own numbering, not the tracker's
            if tracker.search(line.replace("Appendix 2 item", "Appendix 2 p.")):
                pytest.fail(f"{path.name}:{number} cites the tracker: {line.strip()}")
    ruff = ROOT / ".venv" / "bin" / "ruff"
    if not ruff.exists():
        pytest.skip("ruff not installed")
    result = subprocess.run(  # nosec B603
        [str(ruff), "check", "--select", "C901,PLR0912,PLR0915", "--no-cache", str(APP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.django_db
def test_panel_names_a_missing_signatory_of_a_letter(demo):
    report = complete_report(demo, channel="letter")  # no signatory: the factory bypasses clean()
    reporter = demo["users"]["prosecutor_reporter"]
    judged = {move.name: move for move in moves(report, reporter)}
    assert judged["submit"].status == MoveStatus.BLOCKED
    assert any("9-тармағы" in str(unmet) for unmet in judged["submit"].unmet)
    assert judged["withdraw"].status == MoveStatus.AVAILABLE
    officer = {move.name: move for move in moves(report, demo["users"]["officer"])}
    assert officer["submit"].status == MoveStatus.OTHERS
    assert demo["organisations"]["prosecutor"].name_kk in officer["submit"].actor or str(demo["organisations"]["prosecutor"]) in officer["submit"].actor


@pytest.mark.django_db
def test_panel_blocks_closing_without_the_restriction_order(demo):
    from cases.services import run_transition

    officer = demo["users"]["officer"]
    report = complete_report(demo)
    services.violation_report_submit(case=report, actor=demo["users"]["prosecutor_reporter"])
    services.violation_report_take_into_review(case=report, actor=officer)
    services.violation_report_confirm(case=report, actor=officer)
    run_transition(report, "order_restriction", officer)  # the bare runner: no order document
    report.refresh_from_db()
    judged = {move.name: move for move in moves(report, officer)}
    assert judged["close"].status == MoveStatus.BLOCKED
    assert any("10-тармағы" in str(unmet) for unmet in judged["close"].unmet)
