from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases.platforms.services import StatisticRow, record_statistics
from registries.models import RegionalObject

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def world(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    orgs, users = demo["organisations"], demo["users"]
    return {
        "committee": orgs["info_committee"],
        "sts_org": orgs["sts"],
        "officer": users["officer"],
        "supervisor": users["supervisor"],
        "sts": users["sts"],
        "prosecutor": users["prosecutor_reporter"],
        "prosecutor_manager": users["prosecutor_manager"],
        "kcell": users["kcell"],
        "telecom": users["telecom"],
    }


def local(*args):
    return datetime(*args, tzinfo=ALMATY)


def regions(n=3):
    return list(RegionalObject.objects.order_by("code")[:n])


def sample_statistics(case, user, n_regions=3):
    """Four periods of the day for each of ``n_regions`` regional objects."""
    periods = [(time(0), time(6)), (time(6), time(12)), (time(12), time(18)), (time(18), time(0))]
    rows = []
    for i, region in enumerate(regions(n_regions)):
        for j, (start, end) in enumerate(periods):
            rows.append(StatisticRow(region, start, end, Decimal("100000.5") + 1234 * i + Decimal("777.7") * j))
    return record_statistics(case, rows, by=user)
