"""What a person or an integration meets when a request fails.

A person gets a page in the interface language, in the admin's look, with a way back (never
Django's bare English "Not Found" / "Server Error"); an integration calling ``/api/`` gets a
machine-readable body ``{"code": …, "detail": …}`` with the same status — also for an address
the API does not have (DRF answers only inside its own views).
"""

from dataclasses import dataclass

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

API_PREFIX = "/api/"


@dataclass(frozen=True)
class Failure:
    status: int
    code: str
    title: Promise
    explanation: Promise
    api_detail: Promise


BAD_REQUEST = Failure(
    400,
    "bad_request",
    _("The request could not be understood"),
    _("The page received a request it cannot read. Go back, reload the page and try again."),
    _("The request could not be read."),
)
PERMISSION_DENIED = Failure(
    403,
    "permission_denied",
    _("No access"),
    _("Your role does not give access to this page. If your work needs it, ask your organisation's administrator."),
    _("You do not have permission to perform this action."),
)
NOT_FOUND = Failure(
    404,
    "not_found",
    _("Page not found"),
    _("There is no such page, or it is not visible to your organisation. Check the address or start from the home page."),
    _("There is no such address in the API; the list of addresses is at /api/v1/docs/."),
)
SERVER_ERROR = Failure(
    500,
    "server_error",
    _("Something went wrong"),
    _("The error has been recorded for the administrators. Reload the page in a few minutes; if it happens again, tell your administrator the time it happened."),
    _("Internal error; it has been recorded. Retry later."),
)
CSRF_FAILURE = Failure(
    403,
    "csrf_failed",
    _("The form has expired"),
    _("The page was open too long or you logged in again in another tab. Go back, reload the page and send the form again."),
    _("CSRF check failed: send the request with a token, not a session cookie."),
)


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def failure_response(request, failure: Failure):
    if is_api(request):
        return JsonResponse({"code": failure.code, "detail": str(failure.api_detail)}, status=failure.status)
    return render(request, "error_page.html", {"failure": failure}, status=failure.status)


def bad_request(request, exception=None):
    return failure_response(request, BAD_REQUEST)


def permission_denied(request, exception=None):
    return failure_response(request, PERMISSION_DENIED)


def page_not_found(request, exception=None):
    return failure_response(request, NOT_FOUND)


def server_error(request):
    return failure_response(request, SERVER_ERROR)


def csrf_failure(request, reason=""):
    return failure_response(request, CSRF_FAILURE)
