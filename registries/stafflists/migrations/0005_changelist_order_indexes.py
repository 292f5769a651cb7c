"""Indexes for the changelist's orderings at any depth (cases.changelists: each offered sort
and the default order with its tie-break is one index scan)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stafflists", "0004_staff_list_addressee"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="stafflistentry",
            index=models.Index(fields=["staff_list", "row_number"], name="stafflistentry_order"),
        ),
    ]
