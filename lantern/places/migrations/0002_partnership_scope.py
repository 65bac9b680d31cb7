"""Cameras and named areas belong to a partnership (docs/adr/0015-partnership-is-the-scope.md);
footage requests belong to their camera's. In three steps: the columns, nullable; every
existing row given the oldest partnership (made as "Default partnership" if rows exist and
there is none yet); then the columns made required. Area names become unique within a
partnership rather than across the deployment."""

import django.db.models.deletion
from django.db import migrations, models


def _default_partnership(apps):
    Partnership = apps.get_model("accounts", "Partnership")
    oldest = Partnership.objects.order_by("created_at").first()
    return oldest or Partnership.objects.create(name="Default partnership")


def forwards(apps, schema_editor):
    Area = apps.get_model("places", "Area")
    Camera = apps.get_model("places", "Camera")
    if not (
        Area.objects.filter(partnership__isnull=True).exists()
        or Camera.objects.filter(partnership__isnull=True).exists()
    ):
        return
    partnership = _default_partnership(apps)
    Area.objects.filter(partnership__isnull=True).update(partnership=partnership)
    Camera.objects.filter(partnership__isnull=True).update(partnership=partnership)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now: PostgreSQL refuses to alter a table (the columns
        # made required below) while deferred checks on its rows are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_default_partnership"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="area",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
        migrations.AddField(
            model_name="camera",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="area",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
        migrations.AlterField(
            model_name="camera",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.partnership",
            ),
        ),
        migrations.AlterField(
            model_name="area",
            name="name",
            field=models.CharField(max_length=120),
        ),
        migrations.AddIndex(
            model_name="camera",
            index=models.Index(fields=["partnership", "latitude"], name="camera_partnership_lat"),
        ),
        migrations.AddConstraint(
            model_name="area",
            constraint=models.UniqueConstraint(
                fields=("partnership", "name"), name="area_name_per_partnership"
            ),
        ),
    ]
