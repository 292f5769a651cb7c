"""The terms already opened quote the point of the Rules order № 58 approves, as the rules now do,
instead of the order's own point (seed 002 p. 10)."""

from django.db import migrations

RULES = "№ 58 бұйрықпен бекітілген Қағидалардың"
CITATIONS = {
    "s002.complaint_forward": f"{RULES} 10-тармағының 3, 4-абзацтары (шағым түскен күннен бастап 3 жұмыс күні)",
    "s002.complaint_review_5wd": f"{RULES} 10-тармағының 5-абзацы; «Мемлекеттік көрсетілетін қызметтер туралы» "
                                 "Заңның 25-бабының 2-тармағы (тіркелген күннен бастап 5 жұмыс күні)",
    "s002.complaint_review_15wd": f"{RULES} 10-тармағының 6-абзацы (уәкілетті органда тіркелген күннен бастап "
                                  "15 жұмыс күні)",
}


def cite_the_rules(apps, schema_editor):
    Deadline = apps.get_model("cases", "Deadline")
    for code, citation in CITATIONS.items():
        Deadline.objects.filter(rule_code=code).update(citation=citation)


class Migration(migrations.Migration):
    dependencies = [
        ("egov", "0004_complaint_registered_by_authority"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(cite_the_rules, migrations.RunPython.noop)]
