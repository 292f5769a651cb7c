"""Records users' activity (seed 001 p. 6: "белсенділік белгілері", the signs of activity a sweep looks for).

An action is a non-safe request (POST, PUT, PATCH, DELETE) by an authenticated user in the
admin or the API, or any API call authenticated by token. DRF authenticates inside the view,
so the user (and ``request.auth``) are read after the response. The write itself is throttled
to one per user per hour by ``activity.record_action`` (session / cache stamp, conditional
UPDATE), so most requests cost no query.
"""

from django.urls import reverse

from .activity import record_action

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._prefixes = None

    def prefixes(self):
        if self._prefixes is None:
            self._prefixes = (reverse("admin:index"), "/api/")
        return self._prefixes

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        by_token = _token_authenticated(request)
        if by_token or (request.method not in SAFE_METHODS and request.path.startswith(self.prefixes())):
            session = None if by_token else getattr(request, "session", None)
            record_action(user.pk, session=session)
        return response


def _token_authenticated(request) -> bool:
    from knox.models import get_token_model

    return isinstance(getattr(request, "auth", None), get_token_model())
