"""Step 3 of 3: every case, person and ASB Case Review application has a partnership; the
lists of cases and of applications filter by it, newest first."""

import django.db.models.deletion
from django.db import migrations, models


def _partnership():
    return models.ForeignKey(
        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.partnership"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_partnership_of_existing_records")]

    operations = [
        migrations.AlterField(model_name="case", name="partnership", field=_partnership()),
        migrations.AlterField(model_name="person", name="partnership", field=_partnership()),
        migrations.AlterField(model_name="casereview", name="partnership", field=_partnership()),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["partnership", "-created_at"], name="case_partnership_list"),
        ),
        migrations.AddIndex(
            model_name="casereview",
            index=models.Index(
                fields=["partnership", "-created_at"], name="case_review_partnership"
            ),
        ),
    ]
