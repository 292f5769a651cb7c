"""The case page built for deciding (cases/templates/cases/case_change_form.html,
``cases.admin_mixins.CaseAdminMixin``): the state, the open terms by their rule's label with the
clause, who acts next and the steps at the top; the evidence (attached screenshots as thumbnails
through the permission-checked file view) and the case's letters (number, date, state, download)
before the details — each only as the viewer may read it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.platforms.rules import WARNING_LETTER
from cases.rules import rule_label
from cases.services import open_deadline
from cases.violations.models import ViolationReport
from forms_kz.models import OutgoingLetter
from forms_kz.services import issue_letter
from tests.cases.violations.factories import complete_report
from tests.forms_kz.factories import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(demo):
    """A submitted notification of the prosecutor's office with a screenshot, an open term, its
    issued Appendix 2 letter (addressed to the authorised body) and a draft letter."""
    report = complete_report(demo)
    ViolationReport.objects.filter(pk=report.pk).update(state="submitted", submitted_at=timezone.now())
    report.refresh_from_db()
    open_deadline(report, WARNING_LETTER, awaiting=demo["organisations"]["info_committee"])
    issued = make_draft(demo, "s001-app2", case=report, addressee_organisation=demo["organisations"]["info_committee"])
    issue_letter(issued, by=demo["users"]["prosecutor_manager"])
    draft = make_draft(demo, "s001-app2", case=report)
    return {"report": report, "issued": issued, "draft": draft}


def page_of(client, user, report):
    client.force_login(user)
    return client.get(reverse("admin:violations_violationreport_change", args=[report.pk]))


def test_the_top_says_state_term_and_who_acts_before_the_evidence_and_details(client, demo, world):
    response = page_of(client, demo["users"]["officer"], world["report"])
    assert response.status_code == 200
    html = response.content.decode()
    head = html.index('class="case-head"')
    bar = html.index('class="case-steps-bar"')
    facts = html.index('id="facts-group"')
    legal_path = html.index('class="legal-path-panel"')
    assert head < bar < facts < legal_path
    top = html[head:facts]
    assert 'data-state="submitted"' in top
    assert str(WARNING_LETTER.label) in top  # the rule by its label …
    assert WARNING_LETTER.code not in html  # … and its code nowhere on the page
    assert WARNING_LETTER.citation in top
    # the steps are in the bar at the top, not below the details
    steps = re.findall(r'data-step="([^"]+)"', html)
    assert steps and all(html.index(f'data-step="{name}"') < facts for name in steps)


def test_screenshots_are_thumbnails_through_the_guarded_view(client, demo, world):
    """Drawn once: by the screenshots inline when it previews them, else in "Attached files"."""
    html = page_of(client, demo["users"]["officer"], world["report"]).content.decode()
    screenshot = world["report"].screenshots.get()
    guarded = screenshot.file.url
    assert guarded.startswith("/") and "/media/" not in guarded
    assert f'<img src="{guarded}"' in html
    assert html.index(f'<img src="{guarded}"') < html.index('class="legal-path-panel"')
    assert f">{screenshot.file.name}<" not in html  # the storage path is never shown as text
    # the thumbnail opens full size only for who may see the report
    client.force_login(demo["users"]["officer"])
    assert client.get(guarded).status_code == 200
    client.force_login(demo["users"]["police_reporter"])
    assert client.get(guarded).status_code == 404


def test_letters_panel_shows_number_date_state_and_download(client, demo, world):
    issued, draft = world["issued"], world["draft"]
    html = page_of(client, demo["users"]["officer"], world["report"]).content.decode()
    panel = html[html.index('class="module case-letters"'):]
    panel = panel[: panel.index("</fieldset>")]
    download = reverse("admin:forms_kz_outgoingletter_download", args=[issued.pk])
    assert issued.register_number in panel
    assert download in panel
    assert timezone.localtime(issued.issued_at).strftime("%d.%m.%Y") in panel
    assert "s001-app2" not in panel  # the form by its title
    # the authorised body reads the whole register, drafts too: the draft is listed without a file
    assert reverse("admin:forms_kz_outgoingletter_change", args=[draft.pk]) in panel
    assert reverse("admin:forms_kz_outgoingletter_download", args=[draft.pk]) not in panel
    assert client.get(download).status_code == 200


def test_the_issuer_sees_its_draft_and_its_issued_letter(client, demo, world):
    html = page_of(client, demo["users"]["prosecutor_manager"], world["report"]).content.decode()
    assert reverse("admin:forms_kz_outgoingletter_change", args=[world["draft"].pk]) in html
    assert reverse("admin:forms_kz_outgoingletter_download", args=[world["issued"].pk]) in html


def test_another_organisation_gets_neither_the_case_nor_the_letter(client, demo, world):
    stranger = demo["users"]["police_reporter"]
    assert page_of(client, stranger, world["report"]).status_code in (302, 404)
    download = reverse("admin:forms_kz_outgoingletter_download", args=[world["issued"].pk])
    assert client.get(download).status_code in (403, 404)


def test_case_letters_reader_is_scoped(demo, world):
    from cases.admin_mixins import case_letters

    report = world["report"]
    assert case_letters(report, demo["users"]["police_reporter"]) == []
    assert case_letters(report, None) == []
    assert {row["letter"].pk for row in case_letters(report, demo["users"]["prosecutor_manager"])} == {
        world["issued"].pk, world["draft"].pk}
    assert OutgoingLetter.objects.for_case(report).count() == 2


def test_timeline_names_people_not_logins(client, demo, world):
    from cases.services import run_transition

    officer = demo["users"]["officer"]
    run_transition(world["report"], "take_into_review", officer)
    client.force_login(officer)
    page = client.get(reverse("case-timeline", args=["violations", "violationreport", world["report"].pk]))
    html = page.content.decode()
    assert officer.get_full_name() in html
    assert f">{officer.username}<" not in html
    # the term by its rule's label, as the page's language names it, never by its code
    assert rule_label(WARNING_LETTER.code) in html
    assert WARNING_LETTER.code not in html


def test_inline_row_inputs_are_named_by_their_column_for_screen_readers(client, demo):
    """A tabular inline prints each column's title once, in the head: every row's input carries it."""

    from tests.cases.platforms.factories import PlatformCaseFactory

    case = PlatformCaseFactory(organisation=demo["organisations"]["info_committee"])
    client.force_login(demo["users"]["officer"])

    page = client.get(reverse("admin:platforms_platformcase_change", args=[case.pk])).content.decode()

    url_input = re.search(r'<input[^>]*id="id_evidence-0-url"[^>]*>', page).group(0)
    assert 'aria-label="' in url_input
    template_row = re.search(r'<input[^>]*id="id_evidence-__prefix__-url"[^>]*>', page).group(0)
    assert 'aria-label="' in template_row  # the rows "add another" clones too
