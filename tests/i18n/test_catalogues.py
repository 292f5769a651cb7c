"""Issue 13, item 1 and "Bad input": complete Kazakh and Russian catalogues.

The project's LOCALE_PATHS catalogues (locale/kk, locale/ru) carry every string of the libraries
an official can meet in the admin or the API (Django admin, auth, contenttypes, sessions, humanize,
core forms/validators, DRF, django-import-export, django-simple-history, django-fsm-2, django-axes,
django-otp, drf-spectacular), translated by us; our apps keep their own catalogues.
tests/i18n/sources/*.pot is the snapshot of those libraries' msgids (fresh extraction from the
installed packages + their shipped catalogues; regenerate with /work/tools-i18n/extract.py on upgrade).
"""

import glob
import re
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.views.i18n import JavaScriptCatalog

REPO = Path(settings.BASE_DIR)
LOCALE = REPO / "locale"
SOURCES = Path(__file__).parent / "sources"
SITE_PACKAGES = Path(django.__file__).resolve().parent.parent
LANGS = ("kk", "ru")
DOMAINS = ("django", "djangojs")


def our_catalogues():
    """Every kk / ru catalogue of the repository: locale/ and each app's locale/ (not .venv)."""
    found = []
    for path in sorted(REPO.glob("**/locale/*/LC_MESSAGES/*.po")):
        rel = path.relative_to(REPO)
        if rel.parts[0] in {".venv", "node_modules", "staticfiles"} or "site-packages" in rel.parts:
            continue
        if rel.parts[-3] in LANGS:
            found.append(path)
    return found


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def msgids(path):
    cat = polib.mofile(str(path)) if str(path).endswith(".mo") else polib.pofile(str(path))
    return {key(e) for e in cat if e.msgid and not e.obsolete}


def project_keys(lang, domain):
    return msgids(LOCALE / lang / "LC_MESSAGES" / f"{domain}.po")


# --- (a) no empty, no fuzzy --------------------------------------------------------------------


def test_the_project_catalogues_exist_for_kk_and_ru():
    for lang in LANGS:
        for domain in DOMAINS:
            assert (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").is_file()
            assert (LOCALE / lang / "LC_MESSAGES" / f"{domain}.mo").is_file()
    assert len(our_catalogues()) >= 4


@pytest.mark.parametrize("path", our_catalogues(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_empty_or_fuzzy_entry(path):
    po = polib.pofile(str(path))
    problems = []
    for e in po:
        if e.obsolete:
            continue
        if "fuzzy" in e.flags:
            problems.append(f"fuzzy: {e.msgid!r}")
        if e.msgid_plural:
            forms = [e.msgstr_plural.get(i, "") for i in range(len(e.msgstr_plural) or 1)]
            if not e.msgstr_plural or any(not f.strip() for f in forms):
                problems.append(f"empty plural form: {e.msgid!r}")
        elif not e.msgstr.strip():
            problems.append(f"empty: {e.msgid!r}")
    assert not problems, f"{path}: " + "; ".join(problems[:20])


def test_plural_forms_header_and_every_plural_form_filled():
    expected = {"kk": 2, "ru": 3}
    for lang, n in expected.items():
        for domain in DOMAINS:
            po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"))
            assert po.metadata["Plural-Forms"].startswith(f"nplurals={n};")
            for e in po:
                if e.msgid_plural:
                    assert sorted(e.msgstr_plural) == list(range(n)), e.msgid


PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdrfiuxX]|%[-#0 +]*\d*(?:\.\d+)?[sdrfiuxX]|\{[\w.:]*\}|\{\}")


def placeholders(text):
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text.replace("%%", "")))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_and_html_kept(lang, domain):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"))
    bad = []
    tags = re.compile(r"</?\w+")
    for e in po:
        if e.msgid_plural:
            allowed = set(placeholders(e.msgid)) | set(placeholders(e.msgid_plural))
            forms = [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)]
            for i, form in enumerate(forms):
                if not set(placeholders(form)) <= allowed:
                    bad.append((e.msgid, form))
                # every form but the singular one serves several numbers: it must show them
                if i > 0 and not set(placeholders(e.msgid_plural)) <= set(placeholders(form)):
                    bad.append((e.msgid, form))
        else:
            if placeholders(e.msgid) != placeholders(e.msgstr):
                bad.append((e.msgid, e.msgstr))
            if sorted(tags.findall(e.msgid)) != sorted(tags.findall(e.msgstr)):
                bad.append((e.msgid, e.msgstr))
    assert not bad, bad[:10]


# --- (b) every library msgid the admin / API can show is in our catalogues ----------------------


def _sp(pattern):
    return sorted(SITE_PACKAGES.glob(pattern))


DJ = "django/contrib/{}/locale/en/LC_MESSAGES/{}.po"
LIBRARY_CATALOGUES = {
    # library: (domain, the installed library's source catalogues: English, else every language)
    "django core (forms, validators, fields, dates)": ("django", _sp("django/conf/locale/en/LC_MESSAGES/django.po")),
    "django.contrib.admin": ("django", _sp(DJ.format("admin", "django"))),
    "django.contrib.admin (JavaScript)": ("djangojs", _sp(DJ.format("admin", "djangojs"))),
    "django.contrib.auth": ("django", _sp(DJ.format("auth", "django"))),
    "django.contrib.contenttypes": ("django", _sp(DJ.format("contenttypes", "django"))),
    "django.contrib.sessions": ("django", _sp(DJ.format("sessions", "django"))),
    "django.contrib.humanize": ("django", _sp(DJ.format("humanize", "django"))),
    "djangorestframework": ("django", _sp("rest_framework/locale/en/LC_MESSAGES/django.mo")),
    "django-import-export": ("django", _sp("import_export/locale/*/LC_MESSAGES/django.po")),
    "django-simple-history": ("django", _sp("simple_history/locale/*/LC_MESSAGES/django.po")),
    "django-axes": ("django", _sp("axes/locale/*/LC_MESSAGES/django.po")),
    "django-otp": ("django", _sp("django_otp/locale/*/LC_MESSAGES/django.po")),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("library", sorted(LIBRARY_CATALOGUES))
def test_every_msgid_of_the_installed_library_is_translated(library, lang):
    domain, files = LIBRARY_CATALOGUES[library]
    assert files, f"{library}: no catalogue found in {SITE_PACKAGES}"
    wanted = set().union(*(msgids(f) for f in files))
    missing = sorted(wanted - project_keys(lang, domain))
    assert not missing, f"{library} [{lang}] misses {len(missing)}: {missing[:15]}"


def test_django_fsm_messages_and_templates_are_translated():
    """django-fsm-2 ships no catalogue: read its gettext calls and template tags directly."""
    root = SITE_PACKAGES / "django_fsm"
    found = set()
    for f in root.rglob("*.py"):
        found |= set(re.findall(r"""\b_\(\s*["'](.+?)["']\s*\)""", f.read_text()))
    for f in root.rglob("*.html"):
        found |= set(re.findall(r"""{%\s*(?:trans|translate)\s+["'](.+?)["']""", f.read_text()))
    assert "Apply" in found and len(found) >= 4
    for lang in LANGS:
        missing = {m for m in found if ("", m) not in project_keys(lang, "django")}
        assert not missing, (lang, missing)


@pytest.mark.parametrize("lang", LANGS)
def test_snapshot_sources_are_all_translated(lang):
    """The snapshot also holds msgids found only in the packages' code (drf-spectacular, DRF's
    browsable API templates, axes and otp strings newer than their catalogues)."""
    pots = sorted(SOURCES.glob("*.pot"))
    assert len(pots) >= 14
    for pot in pots:
        domain = pot.name.split(".")[-2]
        missing = sorted(msgids(pot) - project_keys(lang, domain))
        assert not missing, f"{pot.name} [{lang}]: {missing[:10]}"


def test_project_catalogue_does_not_take_over_our_apps_msgids():
    """locale/ holds library strings only: an app msgid here would override the app's own
    translation (LOCALE_PATHS wins), unless it is also a library msgid."""
    library = set().union(*(msgids(p) for p in SOURCES.glob("*.django.pot")))
    ours = project_keys("kk", "django") | project_keys("ru", "django")
    assert ours <= library, sorted(ours - library)[:10]


# Where an app gives a library msgid a narrower sense than the library's (registries: "active"
# and "name" of an organisation, feminine/"наименование" in Russian), the generic translation stays.
APP_CONFLICTS = {("ru", "active"), ("ru", "name")}


@pytest.mark.parametrize("lang", LANGS)
def test_shared_msgids_translated_as_in_our_apps(lang):
    mine = {key(e): e for e in polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))}
    differ = []
    for path in our_catalogues():
        if path.parts[-3] != lang or path.name != "django.po" or path.is_relative_to(LOCALE):
            continue
        for e in polib.pofile(str(path)):
            k = key(e)
            shared = k in mine and not e.msgid_plural and e.msgstr and (lang, e.msgid) not in APP_CONFLICTS
            if shared and mine[k].msgstr != e.msgstr:
                differ.append((str(path.relative_to(REPO)), e.msgid, e.msgstr, mine[k].msgstr))
    assert not differ, differ


# --- (c) compiled .mo match their .po -----------------------------------------------------------


def _content(cat):
    out = {}
    for e in cat:
        if not e.msgid or e.obsolete or "fuzzy" in e.flags:
            continue
        out[key(e)] = tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural)) if e.msgid_plural else e.msgstr
    return out


@pytest.mark.parametrize("path", our_catalogues(), ids=lambda p: str(p.relative_to(REPO)))
def test_compiled_mo_matches_po(path):
    mo = path.with_suffix(".mo")
    assert mo.is_file(), f"{mo} not compiled"
    assert _content(polib.pofile(str(path))) == _content(polib.mofile(str(mo))), f"{mo} is stale: compile it"


# --- (d) strings render in Kazakh / Russian -----------------------------------------------------

KAZAKH = {
    "Save and add another": "Сақтап, тағы біреуін қосу",
    "Import": "Импорттау",
    "Export": "Экспорттау",
    "History": "Тарих",
    "Log out": "Шығу",
    "Log in": "Кіру",
    "Show all": "Барлығын көрсету",
    "Show counts": "Сандарды көрсету",
    "Hide counts": "Сандарды жасыру",
    "Authentication credentials were not provided.": "Аутентификация деректері берілмеген.",
    "This field is required.": "Бұл өрісті толтыру міндетті.",
    "Revert": "Қайтару",
    "Apply": "Қолдану",
    "Account locked: too many login attempts. Please try again later.": "Тіркелгі бұғатталды: кіру әрекеттері тым көп. Кейінірек қайталап көріңіз.",
}
RUSSIAN = {
    "Save and add another": "Сохранить и добавить другой объект",
    "Import": "Импорт",
    "History": "История",
    "Log out": "Выйти",
    "Authentication credentials were not provided.": "Учётные данные не были предоставлены.",
    "Apply": "Применить",
}


def test_known_strings_render_in_kazakh_and_russian():
    with translation.override("kk"):
        assert {m: gettext(m) for m in KAZAKH} == KAZAKH
        assert ngettext("%(counter)s result", "%(counter)s results", 5) % {"counter": 5} == "5 нәтиже"
    with translation.override("ru"):
        assert {m: gettext(m) for m in RUSSIAN} == RUSSIAN
        assert ngettext("%(counter)s result", "%(counter)s results", 5) % {"counter": 5} == "5 результатов"
        assert ngettext("%(counter)s result", "%(counter)s results", 22) % {"counter": 22} == "22 результата"


def test_show_hide_of_older_django_are_gone():
    """Django 5.1+ draws collapsible fieldsets with <details>: the JS "Show"/"Hide" msgids left the
    admin catalogues; what the admin now shows is "Show all"/"Show counts"/"Hide counts" (above)."""
    js = msgids(SITE_PACKAGES / DJ.format("admin", "djangojs")) | msgids(SITE_PACKAGES / DJ.format("admin", "django"))
    assert ("", "Show") not in js and ("", "Hide") not in js


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("kk", ["Бүгін", "Қазір", "Болдырмау", "Қаңтар", "Түн ортасы", "Уақытты таңдаңыз"]),
        ("ru", ["Сегодня", "Сейчас", "Отмена", "Январь", "Полночь"]),
    ],
)
def test_admin_javascript_catalogue(lang, expected):
    """Calendar, time picker and action counters of the admin's JavaScript (djangojs)."""
    request = RequestFactory().get("/admin/jsi18n/")
    view = JavaScriptCatalog(packages=["django.contrib.admin"])
    view.setup(request)
    with translation.override(lang):
        response = view.get(request)
        catalog = view.get_catalog()
    assert response.status_code == 200
    values = {v if isinstance(v, str) else " / ".join(v) for v in catalog.values()}
    for text in expected:
        assert text in values, text
    counter = catalog["%(sel)s of %(cnt)s selected"]
    assert len(counter) == {"kk": 2, "ru": 3}[lang] and all("%(sel)s" in f and "%(cnt)s" in f for f in counter)
    assert not any(str(v).strip() == "" for v in catalog.values())


# --- Bad input: a browser language we do not ship gets Kazakh -----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["de", "fr-FR,fr;q=0.9", "zh-CN", ""])
def test_unsupported_browser_language_gets_kazakh(client, accept):
    """LocaleMiddleware falls back to LANGUAGE_CODE ("kk") for a language we do not ship."""
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert response["Content-Language"] == "kk"
    html = response.content.decode()
    with translation.override("kk"):
        title = f"{gettext('Log in')} | {admin.site.site_title}"
        assert title != f"Log in | {admin.site.site_title}"
    assert '<html lang="kk"' in html
    assert f"<title>{title}</title>" in html
    assert 'value="Кіру"' in html and 'value="Log in"' not in html


@pytest.mark.django_db
def test_shipped_browser_language_is_honoured(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response["Content-Language"] == "ru"
    assert 'value="Войти"' in response.content.decode()


def test_every_catalogue_listed_exists():
    """Guard against a library moving its catalogue: the list of checked files is not empty."""
    for library, (_domain, files) in LIBRARY_CATALOGUES.items():
        assert files, library
    assert glob.glob(str(SOURCES / "*.djangojs.pot"))
