"""Step 2 of 3: every safeguarding record made before partnerships existed belongs to the
oldest partnership (accounts 0004 makes "Default partnership" where records exist; the cases
app gives its people the same one, so a record and its person stay together). An empty
database has nothing to give one. ``update`` leaves the rows' times alone: an MS1's stay at
midnight of its day. Self-contained: no application code."""

from django.db import migrations

MODELS = ("Screening", "Review", "Consent", "Referral", "DutyRecord", "QueuedMs1", "OutreachContact")


def forwards(apps, schema_editor):
    Partnership = apps.get_model("accounts", "Partnership")
    waiting = [
        apps.get_model("safeguarding", name).objects.filter(partnership__isnull=True)
        for name in MODELS
    ]
    if not any(rows.exists() for rows in waiting):
        return
    oldest = Partnership.objects.order_by("created_at").first()
    if oldest is None:
        oldest = Partnership.objects.create(name="Default partnership")
    for rows in waiting:
        rows.update(partnership=oldest)


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0003_partnership_nullable")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
