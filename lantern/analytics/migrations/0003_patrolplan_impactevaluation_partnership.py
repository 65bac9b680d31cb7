"""Patrol plans and impact evaluations belong to a partnership (docs/adr/0015): step one of
three, the column, nullable while existing rows get theirs (0004)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_default_partnership"),
        ("analytics", "0002_impactevaluation_patrolitem_patrolplan_patrollog_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="patrolplan",
            name="partnership",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
        migrations.AddField(
            model_name="impactevaluation",
            name="partnership",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
    ]
