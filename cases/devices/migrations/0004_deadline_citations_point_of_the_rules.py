"""The terms already opened quote the point of the Rules order № 226 approves (in the wording of
№ 546/НҚ), as the rules now do, instead of the amending order's own point (seed 000)."""

from django.db import migrations

AMENDED = "(№ 546/НҚ бұйрықтың редакциясында)"
CITATIONS = {
    "s000.notify_suspend": f"№ 226 бұйрықпен бекітілген Қағидалардың 20-3-тармағы {AMENDED}",
    "s000.notify_restore": f"№ 226 бұйрықпен бекітілген Қағидалардың 20-7-тармағы {AMENDED}",
    "s000.execute_suspend": f"№ 226 бұйрықпен бекітілген Қағидалардың 20-4-тармағы {AMENDED}",
    "s000.execute_restore": f"№ 226 бұйрықпен бекітілген Қағидалардың 20-8-тармағы {AMENDED}",
    "s000.inform_requester": f"№ 226 бұйрықпен бекітілген Қағидаларға қосымша {AMENDED}, талап нысаны: "
                             "«24 сағат ішінде хабарлауды сұраймыз»",
}


def cite_the_rules(apps, schema_editor):
    Deadline = apps.get_model("cases", "Deadline")
    for code, citation in CITATIONS.items():
        Deadline.objects.filter(rule_code=code).update(citation=citation)


class Migration(migrations.Migration):
    dependencies = [
        ("devices", "0003_demand_sent_outside_system"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(cite_the_rules, migrations.RunPython.noop)]
