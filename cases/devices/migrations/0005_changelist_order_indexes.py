"""Indexes for the changelist's orderings at any depth (cases.changelists: each offered sort
and the default order with its tie-break is one index scan)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("devices", "0004_deadline_citations_point_of_the_rules"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="demanddevice",
            index=models.Index(fields=["status", "demand", "row"], name="devdevice_status_order"),
        ),
        migrations.AddIndex(
            model_name="demanddevice",
            index=models.Index(fields=["operator", "demand", "row"], name="devdevice_operator_order"),
        ),
    ]
