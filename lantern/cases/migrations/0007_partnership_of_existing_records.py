"""Step 2 of 3: every case, person and ASB Case Review application recorded before
partnerships existed belongs to the oldest partnership (accounts 0004 makes "Default
partnership" where records exist); an empty database has nothing to give one."""

from django.db import migrations

MODELS = ("Case", "Person", "CaseReview")


def forwards(apps, schema_editor):
    Partnership = apps.get_model("accounts", "Partnership")
    waiting = [
        apps.get_model("cases", name).objects.filter(partnership__isnull=True) for name in MODELS
    ]
    if not any(rows.exists() for rows in waiting):
        return
    oldest = Partnership.objects.order_by("created_at").first()
    if oldest is None:
        oldest = Partnership.objects.create(name="Default partnership")
    for rows in waiting:
        rows.update(partnership=oldest)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_partnership_nullable")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
