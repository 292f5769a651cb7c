import pytest

from tests.i18n_ui.wiring import wire


@pytest.fixture(autouse=True)
def _wired(settings):
    wire(settings)
