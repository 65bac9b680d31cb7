"""Step 1 of 3 (issue 18; docs/safeguarding.md, "Partnerships"): every safeguarding record
gets a partnership, nullable until every row has one. Self-contained: no application code."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = (
    "screening",
    "review",
    "consent",
    "referral",
    "dutyrecord",
    "queuedms1",
    "outreachcontact",
)


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
        ("safeguarding", "0002_ms1_unlinkable_and_age_judgement"),
    ]

    operations = [
        migrations.AddField(model_name=name, name="partnership", field=_partnership())
        for name in MODELS
    ]
