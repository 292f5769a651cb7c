"""Kazakh alphabetical order of region and organisation names (``registries.collation``).

PostgreSQL: the ICU collation ``kazakh`` is created first (SQLite learns it on every
connection from ``registries.collation``), then the name columns take it.
"""

from django.db import migrations, models

from registries.collation import COLLATION_NAME, ICU_LOCALE


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE COLLATION IF NOT EXISTS {COLLATION_NAME} (provider = icu, locale = '{ICU_LOCALE}')"
        )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {COLLATION_NAME}")


class Migration(migrations.Migration):

    dependencies = [
        ('registries', '0007_seed_amending_acts'),
    ]

    operations = [
        migrations.RunPython(create_collation, drop_collation, elidable=False),
        migrations.AlterModelOptions(
            name='regionalobject',
            options={'ordering': ['name_kk'], 'verbose_name': 'regional object', 'verbose_name_plural': 'regional objects'},
        ),
        migrations.AlterField(
            model_name='organisation',
            name='name_kk',
            field=models.CharField(db_collation='kazakh', max_length=300, verbose_name='name (Kazakh)'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='name_ru',
            field=models.CharField(blank=True, db_collation='kazakh', max_length=300, verbose_name='name (Russian)'),
        ),
        migrations.AlterField(
            model_name='regionalobject',
            name='name_kk',
            field=models.CharField(db_collation='kazakh', max_length=200, verbose_name='name (Kazakh)'),
        ),
        migrations.AlterField(
            model_name='regionalobject',
            name='name_ru',
            field=models.CharField(db_collation='kazakh', max_length=200, verbose_name='name (Russian)'),
        ),
    ]
