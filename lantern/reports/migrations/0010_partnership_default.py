"""Reports and Open311 clients belong to a partnership, step 2 of 3: the rows already there go
to the oldest partnership (on a deployment that held records before partnerships, the "Default
partnership" of accounts 0004). If there are rows and no partnership at all, one named "Default
partnership" is made for them, with no area and no members (an administrator draws its area
and adds its organisations). An empty database gets nothing."""

from django.db import migrations


def forwards(apps, schema_editor):
    Partnership = apps.get_model("accounts", "Partnership")
    models = [apps.get_model("reports", name) for name in ("Report", "Open311Client")]
    waiting = [model for model in models if model.objects.filter(partnership__isnull=True).exists()]
    if not waiting:
        return
    partnership = Partnership.objects.order_by("created_at").first()
    if partnership is None:
        partnership = Partnership.objects.create(name="Default partnership")
    for model in waiting:
        model.objects.filter(partnership__isnull=True).update(partnership=partnership)


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_partnership_nullable")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
