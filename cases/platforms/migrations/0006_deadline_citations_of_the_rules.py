"""The terms already opened on platform cases cite the point of the Rules order № 267-НҚ approves
(«№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы»), not the order's own point: their stored
citation is rewritten from the rule of the same code (the text of ``cases.platforms.rules``)."""

from django.db import migrations

#: The citations of cases.platforms.rules at the time of this migration (frozen here).
CITATIONS = {
    's004.warning_letter': '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы',
    's004.notice': '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы',
    's004.notice_receipt': '№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша (хабарлама хатын алған кезден бастап)',
    's004.restriction_after_notice': '№ 267-НҚ бұйрықпен бекітілген Қағидаларға 2-қосымша (алты сағат ішінде)',
    's004.statistics_request': '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы',
    's004.statistics_answer': '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы',
    's004.throttle_report': '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 10-тармағы; № 267-НҚ бұйрықпен бекітілген Қағидаларға 3-қосымшаның 2-тармағы',
    's004.throttle_window_10': '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағының 1), 2) тармақшалары',
    's004.throttle_window_50': '№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағының 2), 3) тармақшалары',
}


def forwards(apps, schema_editor):
    Deadline = apps.get_model("cases", "Deadline")
    for code, citation in CITATIONS.items():
        Deadline.objects.filter(rule_code=code).exclude(citation=citation).update(citation=citation)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_step_outcome_and_afterwards"),
        ("platforms", "0005_evidence_checked_random_names_guarded"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
