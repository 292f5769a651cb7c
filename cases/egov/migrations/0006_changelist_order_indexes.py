"""Indexes for the changelist's orderings at any depth (cases.changelists: each offered sort
and the default order with its tie-break is one index scan)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("egov", "0005_deadline_citations_of_the_rules"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(fields=["submitted_at", "id"], name="egov_req_submitted_order"),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(fields=["result", "submitted_at", "id"], name="egov_req_result_order"),
        ),
        migrations.AddIndex(
            model_name="personaldataaccess",
            index=models.Index(fields=["at", "id"], name="egov_pda_at"),
        ),
    ]
