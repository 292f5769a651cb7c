"""config.public_url: every absolute link is built from PUBLIC_BASE_URL (issue 20 item 5)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from config.public_url import public_url


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("https://compliance.example.kz", "/admin/", "https://compliance.example.kz/admin/"),
        ("https://compliance.example.kz/", "/admin/", "https://compliance.example.kz/admin/"),
        ("http://127.0.0.1:8123", "/verify/abc/", "http://127.0.0.1:8123/verify/abc/"),
        ("https://gov.example.kz/compliance", "/admin/", "https://gov.example.kz/compliance/admin/"),
    ],
)
def test_joins_the_public_address_and_the_path(settings, base, path, expected):
    settings.PUBLIC_BASE_URL = base
    assert public_url(path) == expected


@pytest.mark.parametrize("path", ["admin/", "//evil.example/admin/", "https://evil.example/", ""])
def test_refuses_anything_but_a_site_absolute_path(settings, path):
    settings.PUBLIC_BASE_URL = "https://compliance.example.kz"
    with pytest.raises(ValueError):
        public_url(path)


def test_ignores_the_requests_host(rf, settings):
    """The address is the configured one whatever host the current request came by."""
    settings.PUBLIC_BASE_URL = "https://compliance.example.kz"
    settings.ALLOWED_HOSTS = ["internal-backend"]
    request = rf.get("/", HTTP_HOST="internal-backend")
    assert request.build_absolute_uri("/admin/") == "http://internal-backend/admin/"
    assert public_url(reverse("admin:index")) == "https://compliance.example.kz/admin/"


def test_no_other_module_builds_an_absolute_url():
    """One way: e-mails, QR codes and API links all go through config.public_url."""
    root = Path(settings.BASE_DIR)
    allowed = {root / "config" / "public_url.py", root / "config" / "settings.py", root / "config" / "production.py"}
    offenders = []
    for app in ("config", "registries", "cases", "forms_kz", "manual"):
        for path in (root / app).rglob("*.py"):
            if path in allowed or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r"settings\.PUBLIC_BASE_URL|\"PUBLIC_BASE_URL\"|build_absolute_uri", text):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
