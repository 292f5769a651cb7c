"""Test wiring for issue 13 items 3–5 until (and after) the lead integrates them.

The lead adds to config: "manual" in INSTALLED_APPS, the context processor, the middleware,
FORMAT_MODULE_PATH and the two URL lines. ``wire(settings)`` adds only what is still missing,
so once integrated these tests run against the real configuration unchanged.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.formats import reset_format_cache

MIDDLEWARE = "registries.language.LanguagePreferenceMiddleware"
CONTEXT_PROCESSOR = "manual.context_processors.manual"
TEST_URLCONF = "tests.i18n_ui.urls"


def _resolvable(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def wire(settings) -> None:
    if "manual" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "manual"]
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index("django.middleware.locale.LocaleMiddleware") + 1, MIDDLEWARE)
        settings.MIDDLEWARE = middleware
    templates = [dict(t, OPTIONS=dict(t["OPTIONS"])) for t in settings.TEMPLATES]
    processors = templates[0]["OPTIONS"]["context_processors"]
    if CONTEXT_PROCESSOR not in processors:
        templates[0]["OPTIONS"]["context_processors"] = [*processors, CONTEXT_PROCESSOR]
        settings.TEMPLATES = templates
    if "registries.formats" not in (getattr(settings, "FORMAT_MODULE_PATH", None) or []):
        settings.FORMAT_MODULE_PATH = ["registries.formats"]
    reset_format_cache()
    if not (_resolvable("set_language_remembered") and _resolvable("manual:index")):
        settings.ROOT_URLCONF = TEST_URLCONF
