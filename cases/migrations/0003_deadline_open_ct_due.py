from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_step_outcome_and_afterwards"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("met_at__isnull", True)),
                fields=["content_type", "due", "object_id"],
                name="deadline_open_ct_due",
            ),
        ),
    ]
