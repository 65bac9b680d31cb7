"""Step 1 of 3 (docs/adr/0015-partnership-is-the-scope.md): cases, people and ASB Case
Review applications get a partnership, nullable until every row has one."""

import django.db.models.deletion
from django.db import migrations, models


def _partnership():
    return models.ForeignKey(
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="accounts.partnership",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_default_partnership"),
        ("cases", "0005_conduct_category_designating_body"),
    ]

    operations = [
        migrations.AddField(model_name="case", name="partnership", field=_partnership()),
        migrations.AddField(model_name="person", name="partnership", field=_partnership()),
        migrations.AddField(model_name="casereview", name="partnership", field=_partnership()),
    ]
