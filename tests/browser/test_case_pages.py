"""Every procedure's case page in Chromium at 1366 × 768, in Kazakh, as the role that decides it
(issue 19 items 2 and 3): nothing wider than the window (no horizontal scroll), the steps at the
top in a bar that stays in view, and no raw code on the page — no rule code (``s004.notice``), no
form code (``s004-app2``), no state code of the case.

The demo world (``manage.py load_demo``) in the live server; Chromium: tests/browser/conftest.py.
"""

import re

import pytest

from tests.browser.conftest import chromium, screenshot_dir, shot
from tests.browser.test_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RULE_CODE = re.compile(r"\bs00\d\.[a-z_0-9]+")
FORM_CODE = re.compile(r"\bs00\d-[a-z0-9-]+")

#: (role that decides it, app label, model name) — every procedure on the case machinery
CASE_PAGES = [
    ("officer", "violations", "violationreport"),
    ("supervisor", "platforms", "platformcase"),
    ("imei_db", "devices", "devicedemand"),
    ("kcell", "devices", "devicedemand"),
    ("complaints", "egov", "complaint"),
    ("quality", "egov", "complaint"),
    ("officer", "stafflists", "stafflist"),
    ("supervisor", "sweeps", "accountsweep"),
]


@pytest.fixture
def screenshots(tmp_path):
    return screenshot_dir(tmp_path)


@pytest.fixture
def demo_world(live_demo):
    return live_demo


def state_code(case):
    """The case's state value as a word of its own (``restriction_ordered``), not inside another."""
    return re.compile(rf"(?<![\w-]){re.escape(str(case.state))}(?![\w-])")


def a_case_for(user, app_label, model_name):
    """The case of the procedure the user sees with the most steps behind it (the longest page)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, OuterRef, Subquery

    from cases.models import TransitionLog
    from registries.scoping import scoped

    model = apps.get_model(app_label, model_name)
    logs = (
        TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"))
        .order_by().values("object_id").annotate(n=Count("pk")).values("n")
    )
    return scoped(model._default_manager.all(), user).annotate(steps=Subquery(logs)).order_by("-steps", "pk").first()


def test_every_case_page_fits_the_window_and_shows_no_codes(demo_world, screenshots):
    base, world, password = demo_world
    users = world["users"]
    checked, problems = [], []
    with chromium() as browser:
        for username, app_label, model_name in CASE_PAGES:
            case = a_case_for(users[username], app_label, model_name)
            assert case is not None, f"{username} sees no {model_name} in the demo"
            context = browser.new_context(locale="kk-KZ", viewport={"width": 1366, "height": 768})
            page = context.new_page()
            log_in(page, base, username, password)
            page.goto(f"{base}/admin/{app_label}/{model_name}/{case.pk}/change/")
            where = f"{username} {model_name} #{case.pk}"
            if page.locator(".case-steps-bar").count() != 1:
                problems.append(f"{where}: no steps bar")
            width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width > inner:
                problems.append(f"{where}: {width} px wide in a {inner} px window")
            text = page.inner_text("#content")
            for kind, pattern in (("rule code", RULE_CODE), ("form code", FORM_CODE), ("state code", state_code(case))):
                found = pattern.search(text)
                if found:
                    problems.append(f"{where}: {kind} {found[0]!r} in …{text[max(0, found.start() - 60):found.end()]!r}")
            # the steps bar stays in view when the page is scrolled to its end
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            top = page.evaluate("document.querySelector('.case-steps-bar')?.getBoundingClientRect().top ?? -1")
            if not 0 <= top < 768:
                problems.append(f"{where}: the steps bar scrolled away ({top})")
            shot(page, screenshots, f"case-{username}-{model_name}")
            checked.append(model_name)
            context.close()
    assert set(checked) == {model for _user, _app, model in CASE_PAGES}
    assert not problems, "\n".join(problems)
