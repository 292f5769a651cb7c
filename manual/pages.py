"""The officials' manual: one page per procedure and per role ("how do I …"), in Kazakh and Russian.

Each page's text is a template ``manual/<language>/<slug>.html``. The pages name the admin's real
buttons, menus and fields through the ``manual_ui`` template tags (``{% step %}``, ``{% plural %}``,
``{% ui %}`` …), which read the labels from the models, transitions and catalogues themselves, so
the manual cannot name a button that no longer exists (the tests render every page).

Screenshots are retaken by ``manage.py take_manual_screenshots`` (which runs the browser tests,
``tests/browser/``) into ``docs/manual/screenshots/`` under the names listed here; a plain test run
saves them to a temporary directory. A page shows those that exist and renders without them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from registries.roles import Role

LANGUAGES = ("kk", "ru")
DEFAULT_LANGUAGE = "kk"

#: The header link and the index title: "Анықтама" / "Справка".
MANUAL_TITLE = _("Manual")


@dataclass(frozen=True)
class Screenshot:
    name: str  # file name in docs/manual/screenshots/ (manage.py take_manual_screenshots)
    caption: str


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    roles: tuple = ()  # roles the page is written for (empty: everyone)
    models: tuple = ()  # "app_label.modelname" whose admin pages link here
    screenshots: tuple = ()


PAGES = (
    Page(
        "login",
        _("How do I log in with the one-time code"),
        roles=(),
        screenshots=(Screenshot("login.png", _("The log-in page with the one-time code field")),),
    ),
    Page(
        "workbench",
        _("How do I find what waits for me, search, export a list and take a step"),
        roles=(),
        screenshots=(
            Screenshot("home.png", _("The home page: what waits for my organisation")),
            Screenshot("step-form.png", _("A step's page: the case, the legal basis and the fields")),
        ),
    ),
    Page(
        "file-report",
        _("How do I file a report of prohibited information"),
        roles=(Role.STATE_BODY_REPORTER, Role.STATE_BODY_MANAGER),
        models=("violations.violationreport", "violations.violationfact", "violations.screenshot"),
        screenshots=(Screenshot("violations-report-form.png", _("A new notification: facts and screenshots")),),
    ),
    Page(
        "review-report",
        _("How do I review a report of prohibited information"),
        roles=(Role.AUTHORISED_OFFICER, Role.AUTHORISED_SUPERVISOR),
        models=("violations.violationreport", "violations.restrictionorder", "violations.violationtype"),
        screenshots=(
            Screenshot("violations-queue.png", _("The reviewer's queue")),
            Screenshot("violations-review.png", _("A notification in review: the legal steps")),
        ),
    ),
    Page(
        "import-staff-list",
        _("How do I import a staff list"),
        roles=(Role.STATE_BODY_MANAGER, Role.STATE_BODY_REPORTER, Role.AUTHORISED_OFFICER, Role.AUTHORISED_SUPERVISOR),
        models=("stafflists.stafflist", "stafflists.stafflistentry", "stafflists.stafflistcompliance", "stafflists.stafflistreminder"),
        screenshots=(Screenshot("stafflists-import-preview.png", _("The import preview: new, changed and dropped rows")),),
    ),
    Page(
        "half-yearly-sweep",
        _("How do I run the half-yearly sweep of inactive accounts"),
        roles=(Role.AUTHORISED_OFFICER, Role.AUTHORISED_SUPERVISOR),
        models=("sweeps.accountsweep", "sweeps.accountsweepentry", "sweeps.accountdeactivation"),
        screenshots=(Screenshot("sweeps-sweep.png", _("A formed sweep and its legal steps")),),
    ),
    Page(
        "warning-letter",
        _("How do I issue a warning letter to an online platform"),
        roles=(Role.AUTHORISED_OFFICER, Role.AUTHORISED_SUPERVISOR),
        models=("platforms.platformcase", "platforms.throttleinstruction", "platforms.throttlelimit"),
        screenshots=(Screenshot("platforms-case.png", _("A platform case with its legal steps")),),
    ),
    Page(
        "traffic-statistics",
        _("How do I answer a traffic-statistics request"),
        roles=(Role.STS_OPERATOR,),
        models=("platforms.trafficstatistic", "platforms.platformcase", "platforms.throttleinstruction"),
        screenshots=(Screenshot("platforms-statistics.png", _("Entering a row of traffic statistics")),),
    ),
    Page(
        "device-demand",
        _("How do I send a demand to suspend or restore devices"),
        roles=(Role.PENITENTIARY_OFFICER,),
        models=("devices.devicedemand", "devices.deviceservicestate"),
        screenshots=(Screenshot("devices-demand.png", _("A demand with its device lines")),),
    ),
    Page(
        "answer-device-demand",
        _("How do I answer a device demand"),
        roles=(Role.IMEI_DB_OPERATOR, Role.MOBILE_OPERATOR),
        models=("devices.devicedemand", "devices.demanddevice", "devices.deviceservicestate"),
        screenshots=(Screenshot("devices-lines.png", _("The mobile operator's device lines")),),
    ),
    Page(
        "review-complaint",
        _("How do I review a complaint about the e-gov service"),
        roles=(Role.SERVICE_PROVIDER, Role.COMPLAINT_REVIEWER, Role.QUALITY_REVIEWER),
        models=("egov.complaint", "egov.servicerequest"),
        screenshots=(Screenshot("egov-complaint.png", _("A complaint and its legal steps")),),
    ),
)

PAGES_BY_SLUG = {page.slug: page for page in PAGES}

#: Every screenshot a page may show: the only names the screenshot view serves.
SCREENSHOT_NAMES = frozenset(shot.name for page in PAGES for shot in page.screenshots)


def language_of(code: str | None) -> str:
    """The manual's language for the interface language ``code`` (kk unless ru)."""
    code = (code or "").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def pages_for_role(role: str | None) -> list[Page]:
    return [page for page in PAGES if not page.roles or role in {str(r) for r in page.roles}]


def page_for_model(model_key: str, role: str | None = None) -> Page | None:
    """The manual page for an admin page of ``model_key`` ("app_label.modelname"): the one written
    for the user's role first, else the first page about that model."""
    candidates = [page for page in PAGES if model_key in page.models]
    for page in candidates:
        if role in {str(r) for r in page.roles}:
            return page
    return candidates[0] if candidates else None
