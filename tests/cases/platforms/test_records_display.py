"""What officials read of a traffic statistic or a throttling limit: the unit in their language."""

from datetime import time
from decimal import Decimal

import pytest
from django.utils import translation

from cases.platforms.records import ThrottleLimit, TrafficStatistic
from registries.models import RegionalObject

UNITS = [("kk", "Кбит/с"), ("ru", "Кбит/с")]


def _object():
    return RegionalObject(name_kk="Алматы қ.", name_ru="г. Алматы")


@pytest.mark.parametrize(("language", "unit"), UNITS)
def test_statistic_names_its_unit_in_the_interface_language(language, unit):
    statistic = TrafficStatistic(
        regional_object=_object(), period_start=time(9), period_end=time(12), peak_kbps=Decimal("1500.5")
    )
    with translation.override(language):
        text = str(statistic)
    assert unit in text
    assert "Kbit/s" not in text


@pytest.mark.parametrize(("language", "unit"), UNITS)
def test_limit_names_its_unit_in_the_interface_language(language, unit):
    limit = ThrottleLimit(regional_object=_object(), period_start=time(9), period_end=time(12), limit_kbps=512)
    with translation.override(language):
        text = str(limit)
    assert unit in text
    assert "Kbit/s" not in text
