import pytest

from .wiring import wire


@pytest.fixture(autouse=True)
def _wired(settings):
    wire(settings)
