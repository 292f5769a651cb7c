from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.monitoring.status import procedure_models

from .factories import build_instance

ALMATY = ZoneInfo("Asia/Almaty")
# Tuesday 24 November 2026, 10:00 in Almaty: an ordinary working day.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ALMATY)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def demand_model():
    return next(m for m in procedure_models() if m._meta.label_lower == "devices.devicedemand")


@pytest.fixture
def make_demand(demo, demand_model):
    """A device demand of the penitentiary authority to the IMEI-database operator."""
    orgs, users = demo["organisations"], demo["users"]

    def make(**overrides):
        values = {"penitentiary": orgs["penitentiary"], "db_operator": orgs["imei_db"]}
        values.update(overrides)
        return build_instance(demand_model, orgs["penitentiary"], users["penitentiary"], **values)

    return make

