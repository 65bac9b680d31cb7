"""Step 3 of 3: every safeguarding record has a partnership; the lists that filter by it
(the queue, the agency workspace, MS1 records) have an index in their order.
Self-contained: no application code."""

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
        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.partnership"
    )


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0004_partnership_of_existing_records")]

    operations = [
        *(
            migrations.AlterField(model_name=name, name="partnership", field=_partnership())
            for name in MODELS
        ),
        migrations.AddIndex(
            model_name="screening",
            index=models.Index(
                fields=["partnership", "-created_at"], name="screening_partnership_list"
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["partnership", "agency", "-sent_at"], name="referral_partnership_agency"
            ),
        ),
        migrations.AddIndex(
            model_name="dutyrecord",
            index=models.Index(
                fields=["partnership", "kind", "-created_at"], name="duty_partnership_kind"
            ),
        ),
        migrations.AddIndex(
            model_name="outreachcontact",
            index=models.Index(
                fields=["partnership", "agency", "-contacted_on"],
                name="outreach_partnership_agency",
            ),
        ),
    ]
