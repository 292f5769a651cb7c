import pytest

from cases.violations import demo as violations_demo
from cases.violations.models import RestrictionOrder, ViolationReport


@pytest.mark.django_db
def test_demo_is_idempotent_and_covers_states(demo):
    violations_demo.load(demo)
    violations_demo.load(demo)
    states = set(ViolationReport.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "in_review", "restriction_ordered", "rejected", "returned"}
    assert ViolationReport.objects.count() == len(violations_demo.DEMO_REPORTS)
    assert RestrictionOrder.objects.count() == 1
    assert all(r.screenshots.exists() for r in ViolationReport.objects.all())
