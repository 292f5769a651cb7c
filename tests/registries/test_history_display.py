from datetime import UTC, datetime

import pytest

from registries.templatetags.history_display import history_value


@pytest.mark.parametrize(
    "value, shown",
    [
        (None, "—"),
        ("None", "—"),
        ("", "—"),
        ("Жойылған пайдаланушы (pk=None)", "—"),
        ("2026-11-24 05:32:16.436385+00:00", "24.11.2026 10:32"),  # stored UTC, shown in Almaty
        (datetime(2026, 11, 24, 5, 32, tzinfo=UTC), "24.11.2026 10:32"),
        ("received", "received"),
        (42, 42),
    ],
)
def test_history_values_read_as_officials_expect(value, shown):
    assert history_value(value) == shown
