"""The system's public address, for every link that leaves it: e-mails, letters' QR codes, API links.

Each absolute URL is built here from ``PUBLIC_BASE_URL`` (the address the officials reach; an
https:// one in production, ``config.production``), never from the Host header of the request
being answered: a link in an e-mail or printed on a letter outlives that request, and behind a
TLS-terminating proxy the request's own scheme and host are the proxy's internal ones.
"""

from django.conf import settings


def public_url(path: str) -> str:
    """``PUBLIC_BASE_URL`` joined to a site-absolute path (``reverse(...)``, ``FieldFile.url``)."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"public_url() takes a path starting with one '/', not {path!r}")
    return settings.PUBLIC_BASE_URL.rstrip("/") + path
