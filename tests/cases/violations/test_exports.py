"""The restriction order's CSV (seed 001 p. 10: what is to be restricted) cannot carry formulas:
every text cell a spreadsheet would run (=, +, -, @, also after a leading tab or space) is written as
text, and the file is UTF-8 with a byte-order mark so Kazakh letters open intact."""

import csv
import io

import pytest
from django.urls import reverse

from cases.steps import take_step
from cases.violations.models import RestrictionOrder, ViolationType

from .factories import complete_report

CHANGELIST = reverse("admin:violations_restrictionorder_changelist")


@pytest.mark.django_db
def test_export_escapes_formula_cells_and_has_a_bom(demo, client):
    officer = demo["users"]["officer"]
    violation_type = ViolationType.objects.create(code="formula", name_kk=' \t=HYPERLINK("http://x","y")', name_ru="x")
    prosecutor = demo["organisations"]["prosecutor"]
    prosecutor.name_kk = " @SUM(A1) Бас прокуратура"
    prosecutor.save(update_fields=["name_kk"])
    report = complete_report(demo, facts=(("mac", "-3C-5A-B4-01-22-9F"), ("domain", "мысал.қаз")),
                             violation_type=violation_type)
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    take_step(report, "take_into_review", officer)
    take_step(report, "confirm", officer)
    take_step(report, "order_restriction", officer, measure="")
    order = RestrictionOrder.objects.get(report=report)
    client.force_login(officer)
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [order.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["kind"] for row in rows] == ["mac", "domain"]
    for row in rows:
        assert row["violation_type"] == '\' \t=HYPERLINK("http://x","y")'
        assert row["organisation"] == "' @SUM(A1) Бас прокуратура"
    assert rows[0]["value_as_entered"] == "'-3C-5A-B4-01-22-9F"
    assert rows[1]["value"] == "мысал.қаз"  # harmless text unchanged
