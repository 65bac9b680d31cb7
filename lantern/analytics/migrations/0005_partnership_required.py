"""Step three of three: every patrol plan and impact evaluation has its partnership; lists
filter by it, newest first."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("analytics", "0004_partnership_for_existing_rows")]

    operations = [
        migrations.AlterField(
            model_name="patrolplan",
            name="partnership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
        migrations.AlterField(
            model_name="impactevaluation",
            name="partnership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
        migrations.AddIndex(
            model_name="patrolplan",
            index=models.Index(fields=["partnership", "-created_at"], name="patrolplan_partnership"),
        ),
        migrations.AddIndex(
            model_name="impactevaluation",
            index=models.Index(fields=["partnership", "-created_at"], name="impact_partnership"),
        ),
    ]
