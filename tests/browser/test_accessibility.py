"""axe-core in the same Chromium (issue 19, done-when): no serious or critical accessibility
violation on the home page, a changelist, a case page and a legal-step form of each procedure, as
the role that works on it, in Kazakh (the home page in Russian too).

axe-core comes from the npm registry, pinned in ``tests/browser/axe/package.json`` and its lock;
``scripts/install_browser.sh`` installs it (``npm ci``) next to Debian's Chromium. The script is
injected into the page with Playwright's ``add_script_tag`` and ``axe.run`` judges the whole
document. One demo world (``manage.py load_demo``) in the live server; Chromium:
tests/browser/conftest.py.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import chromium, screenshot_dir, shot
from tests.browser.test_case_pages import a_case_for
from tests.browser.test_crawl import VIEWPORT, _step_forms_of_first_case, switch_language
from tests.browser.test_flow import log_in

AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts that fail the test (axe-core's scale: minor, moderate, serious, critical).
FAILING_IMPACTS = ("serious", "critical")

#: (role that works on it, app label, model name) — every procedure on the case machinery
PROCEDURES = [
    ("officer", "violations", "violationreport"),
    ("supervisor", "platforms", "platformcase"),
    ("imei_db", "devices", "devicedemand"),
    ("provider", "egov", "complaint"),
    ("officer", "stafflists", "stafflist"),
    ("supervisor", "sweeps", "accountsweep"),
]

#: Procedures whose steps are all plain buttons (no form page to check).
WITHOUT_STEP_FORMS = {"accountsweep"}

RUN_AXE_JS = """async (impacts) => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}"""


def require_axe():
    if AXE_JS.is_file():
        return
    message = f"the accessibility test needs {AXE_JS} (run scripts/install_browser.sh)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page):
    """The serious and critical violations axe-core finds on the page open in ``page``."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(RUN_AXE_JS, list(FAILING_IMPACTS))


#: Violations still there, pending a fix outside this test's files: (path pattern, axe rule, element
#: pattern, where the fix belongs). Remove an entry when its fix lands; the test then keeps it fixed.
PENDING: tuple = ()


def pending(path, rule, target):
    return any(
        re.search(where, path) and rule == pending_rule and re.fullmatch(what, target)
        for where, pending_rule, what, _why in PENDING
    )


def unexcused(path, violations):
    """The violations with the elements ``PENDING`` does not wait for on this path."""
    left = []
    for item in violations:
        targets = [target for target in item["targets"] if not pending(path, item["id"], target)]
        if targets:
            left.append({**item, "targets": targets})
    return left


def describe(where, violations):
    return [
        f"{where}: {item['impact']} {item['id']} ({item['help']}) on {len(item['targets'])} element(s): "
        f"{item['targets'][:5]}"
        for item in violations
    ]


@pytest.fixture
def demo_world(live_demo):
    require_axe()
    return live_demo


def procedure_pages(user, app_label, model_name):
    """(name, path) of the procedure's changelist, its longest case page and one legal-step form."""
    from django.apps import apps
    from django.contrib import admin
    from django.test import RequestFactory
    from django.urls import reverse

    model = apps.get_model(app_label, model_name)
    case = a_case_for(user, app_label, model_name)
    assert case is not None, f"{user.username} sees no {model_name} in the demo"
    request = RequestFactory().get("/admin/")
    request.user, request.session = user, {}
    pages = [
        (f"{model_name} list", reverse(f"admin:{app_label}_{model_name}_changelist")),
        (f"{model_name} #{case.pk}", reverse(f"admin:{app_label}_{model_name}_change", args=(case.pk,))),
    ]
    steps = _step_forms_of_first_case(admin.site._registry[model], request, user)
    if model_name in WITHOUT_STEP_FORMS:
        assert not steps, f"{model_name} has step forms now: take it out of WITHOUT_STEP_FORMS"
    else:
        assert steps, f"{user.username} may take no step with a form on any {model_name} of the demo"
        pages += [(f"{model_name} step {steps[0][0]}", steps[0][1])]
    return pages


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_serious_accessibility_violation(demo_world, tmp_path):
    base, world, password = demo_world
    users = world["users"]
    directory = screenshot_dir(tmp_path)
    problems, checked = [], []
    with chromium() as browser:
        for username in dict.fromkeys(username for username, _app, _model in PROCEDURES):
            # bypass_csp: the admin's Content-Security-Policy (script-src 'self') would refuse the injected axe-core
            context = browser.new_context(locale="kk-KZ", viewport=VIEWPORT, bypass_csp=True)
            page = context.new_page()
            log_in(page, base, username, password)
            for language in ("ru", "kk"):  # the home page in both languages, the rest in Kazakh
                switch_language(page, language)
                page.goto(f"{base}/admin/")
                problems += describe(f"{username}/{language} home", unexcused("/admin/", axe_violations(page)))
                shot(page, directory, f"axe-home-{username}-{language}")
                if (username, language) == ("officer", "kk"):
                    shot(page, directory, "home")  # the manual's picture (manual/pages.py)
            for _username, app_label, model_name in (item for item in PROCEDURES if item[0] == username):
                for name, path in procedure_pages(users[username], app_label, model_name):
                    response = page.goto(base + path)
                    assert response.status == 200, f"{username} {name}: HTTP {response.status}"
                    problems += describe(f"{username}/kk {name} ({path})", unexcused(path, axe_violations(page)))
                    shot(page, directory, f"axe-{username}-{name.replace(' ', '-').replace('#', '')}")
                    if username == "officer" and " step " in name and "step-form" not in checked:
                        shot(page, directory, "step-form")  # the manual's picture (manual/pages.py)
                        checked.append("step-form")
                    checked.append(name)
            context.close()
    checked = [name for name in checked if name != "step-form"]
    assert len(checked) == 3 * len(PROCEDURES) - len(WITHOUT_STEP_FORMS), checked
    assert not problems, f"{len(problems)} serious or critical violation(s):\n" + "\n".join(problems)
