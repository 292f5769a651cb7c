"""Complaints keep their change history (issue 11 item 2) without the complainant's identity."""

import pytest

from cases.egov.models import Complaint

from .factories import make_complaint


@pytest.mark.django_db
def test_complaint_history_without_personal_data(demo):
    complaint = make_complaint(demo)
    before = complaint.history.count()
    complaint.subject = "Нөмір тіркелмеді, қайта қарауды сұраймын"
    complaint.save()
    assert complaint.history.count() == before + 1
    latest = complaint.history.first()
    assert latest.subject == "Нөмір тіркелмеді, қайта қарауды сұраймын"
    historical_fields = {field.name for field in Complaint.history.model._meta.get_fields()}
    assert not {"complainant_name", "complainant_iin", "complainant_phone"} & historical_fields
