"""The manual inside the admin: index ("Анықтама" / "Справка"), pages, screenshots.

Every view is wrapped in ``admin.site.admin_view`` (staff only, second factor where required;
anyone else is sent to the admin's log-in page) and renders with the admin's look.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from registries.scoping import role_of

from .pages import MANUAL_TITLE, PAGES_BY_SLUG, SCREENSHOT_NAMES, language_of, pages_for_role


def screenshot_dir() -> Path:
    """Where ``manage.py take_manual_screenshots`` saves the manual's screenshots."""
    return Path(getattr(settings, "MANUAL_SCREENSHOT_DIR", settings.BASE_DIR / "docs" / "manual" / "screenshots"))


def screenshot_path(name: str) -> Path | None:
    """The file of a whitelisted screenshot, or None. Only names listed by the pages are ever
    joined to the directory, so no request can reach another file."""
    if name not in SCREENSHOT_NAMES:
        return None
    directory = screenshot_dir().resolve()
    path = (directory / name).resolve()
    if path.parent != directory or path.suffix != ".png" or not path.is_file():
        return None
    return path


def _context(request, **extra):
    return {**admin.site.each_context(request), "manual_title": MANUAL_TITLE, **extra}


def index(request):
    role = role_of(request.user)
    yours = {page.slug for page in pages_for_role(role)} if role else set()
    from .pages import PAGES

    entries = [{"page": page, "yours": page.slug in yours} for page in PAGES]
    entries.sort(key=lambda entry: not entry["yours"])
    return TemplateResponse(request, "manual/index.html", _context(request, title=MANUAL_TITLE, entries=entries))


def page(request, slug):
    manual_page = PAGES_BY_SLUG.get(slug)
    if manual_page is None:
        raise Http404
    language = language_of(get_language())
    shots = [shot for shot in manual_page.screenshots if screenshot_path(shot.name) is not None]
    return TemplateResponse(
        request,
        "manual/page.html",
        _context(
            request,
            title=manual_page.title,
            manual_page=manual_page,
            content_template=f"manual/{language}/{manual_page.slug}.html",
            screenshots=shots,
        ),
    )


def screenshot(request, name):
    path = screenshot_path(name)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
