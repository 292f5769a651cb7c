"""The interface language of officials: Kazakh first, Russian second (DESIGN, "Who uses it").

- ``set_language_and_remember``: Django's ``set_language`` (POST ``language``, ``next``) that also
  stores a Kazakh / Russian choice on the user's profile (``UserProfile.language``).
- ``apply_profile_language`` (``user_logged_in`` receiver): a new log-in gets the language stored
  on the profile, whatever the browser or an old cookie says; the language cookie is written on
  the log-in response by ``LanguagePreferenceMiddleware``.
- ``LanguagePreferenceMiddleware`` (right after ``LocaleMiddleware``): writes that cookie, and
  gives Kazakh to a browser that asks for a language we do not offer officials (no cookie, an
  ``Accept-Language`` other than kk / ru) instead of letting English through.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ObjectDoesNotExist
from django.dispatch import receiver
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

#: The languages officials work in; the first is the default.
OFFICIAL_LANGUAGES = ("kk", "ru")
DEFAULT_LANGUAGE = OFFICIAL_LANGUAGES[0]

#: Request attribute: the language the log-in chose, written to the cookie on the response.
PENDING_COOKIE_ATTR = "_profile_language_cookie"


def profile_of(user):
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile
    except ObjectDoesNotExist:
        return None


def preferred_language(user) -> str:
    """The user's remembered language (kk when none is stored or the stored one is not offered)."""
    profile = profile_of(user)
    language = getattr(profile, "language", None)
    return language if language in OFFICIAL_LANGUAGES else DEFAULT_LANGUAGE


def remember_language(user, language: str) -> bool:
    """Store ``language`` on the user's profile; False when it is not an official language or the
    user has no profile (superusers without an organisation, developers choosing English)."""
    profile = profile_of(user)
    if profile is None or language not in OFFICIAL_LANGUAGES:
        return False
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])
    return True


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language_and_remember(request):
    """Switch the interface language (Django's ``set_language``) and remember a Kazakh or
    Russian choice on the profile, so the next log-in, on any browser, opens in it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if response.status_code in (204, 302) and request.user.is_authenticated:
        remember_language(request.user, language)
    return response


@receiver(user_logged_in, dispatch_uid="registries.language.apply_profile_language")
def apply_profile_language(sender, request, user, **kwargs):
    """A new log-in gets the language stored on the profile (kk by default)."""
    if request is None or profile_of(user) is None:
        return
    language = preferred_language(user)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    setattr(request, PENDING_COOKIE_ATTR, language)


class LanguagePreferenceMiddleware:
    """Place right after ``django.middleware.locale.LocaleMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    #: Integrations may ask for English messages (LANGUAGES offers en for developers); only the
    #: pages officials read fall back to Kazakh.
    API_PREFIX = "/api/"

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and not request.path.startswith(self.API_PREFIX):
            # No explicit choice: the browser's Accept-Language decided. Only kk and ru are
            # offered to officials; anything else (English, German, ...) gets Kazakh.
            language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
            if language not in OFFICIAL_LANGUAGES:
                translation.activate(DEFAULT_LANGUAGE)
                request.LANGUAGE_CODE = DEFAULT_LANGUAGE
        response = self.get_response(request)
        pending = getattr(request, PENDING_COOKIE_ATTR, None)
        if pending:
            set_language_cookie(response, pending)
        return response
