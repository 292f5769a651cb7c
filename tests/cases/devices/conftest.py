import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English msgids; the Kazakh and Russian catalogues are tested apart."""
    with translation.override("en"):
        yield
