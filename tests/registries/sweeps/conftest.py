import pytest


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """The second factor (registries.security) is tested on its own; these tests log in directly."""
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False
