"""Request bodies are limited before anything reads them.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out, and an upload is written to a
temporary file in full before a form can refuse it: an anonymous 200 MB POST to the public
verification page was read to the end. This middleware answers 413 from the declared
Content-Length alone (nothing is read), with a per-path limit (``REQUEST_BODY_LIMITS``: path
prefix → bytes, the longest matching prefix wins) and ``REQUEST_BODY_MAX_BYTES`` elsewhere. A body
sent without Content-Length is not read at all by Django (its length counts as 0).
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def body_limit(path: str) -> int:
    best, limit = -1, settings.REQUEST_BODY_MAX_BYTES
    for prefix, bytes_ in getattr(settings, "REQUEST_BODY_LIMITS", {}).items():
        if path.startswith(prefix) and len(prefix) > best:
            best, limit = len(prefix), bytes_
    return limit


def declared_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request.path_info)
        if declared_length(request) > limit:
            return self.refuse(request, limit)
        return self.get_response(request)

    @staticmethod
    def refuse(request, limit):
        megabytes = max(limit // (1024 * 1024), 1)
        message = gettext("The request is too large: at most %(size)s MB may be sent here.") % {"size": megabytes}
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "request_too_large"}, status=413)
        return render(request, "request_too_large.html", {"message": message}, status=413)
