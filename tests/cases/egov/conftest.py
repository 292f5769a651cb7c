from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from registries.roles import Role
from registries.security import issue_api_token

from .factories import IIN, make_user


@pytest.fixture
def portal(demo):
    """The portal's integration: a token user of the provider (role service_provider)."""
    user = make_user("egov_portal", demo["organisations"]["gov_for_citizens"], Role.SERVICE_PROVIDER)
    user.profile.is_service_account = True
    user.profile.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user)[1]}")
    client.user = user
    return client


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def as_user(demo):
    def build(username):
        return api_client(demo["users"][username])

    return build


def request_payload(channel="portal", result="linked", start=None, **overrides):
    from .factories import steps_for

    start = start or timezone.now() - timedelta(minutes=30)
    steps = steps_for(channel, start, kind=overrides.get("kind", "link"),
                      fail=overrides.pop("fail", None))
    payload = {
        "request_number": overrides.pop("request_number", "KZ-EGOV-2026-11-0045871"),
        "channel": channel,
        "applicant_iin": IIN,
        "applicant_name": "Нұрланова Айгерім Серікқызы",
        "phone": "+7 (701) 123-56-78",
        "steps": [{"step": s["step"], "at": s["at"].isoformat(), "passed": s["passed"]} for s in steps],
        "result": result,
        "completed_at": (steps[-1]["at"] + timedelta(minutes=1)).isoformat(),
    }
    payload.update(overrides)
    return payload
