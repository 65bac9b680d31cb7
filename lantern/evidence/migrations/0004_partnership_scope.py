"""Evidence items, witness statements and uploads belong to a partnership
(docs/adr/0015-partnership-is-the-scope.md); exhibits belong through their item. In three
steps: the columns, nullable; every existing row given the oldest partnership (made as
"Default partnership" if rows exist and there is none yet); then the columns made required."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("EvidenceItem", "Statement", "Upload")


def forwards(apps, schema_editor):
    pending = [
        apps.get_model("evidence", name).objects.filter(partnership__isnull=True)
        for name in MODELS
    ]
    if not any(rows.exists() for rows in pending):
        return
    Partnership = apps.get_model("accounts", "Partnership")
    partnership = Partnership.objects.order_by("created_at").first()
    if partnership is None:
        partnership = Partnership.objects.create(name="Default partnership")
    for rows in pending:
        rows.update(partnership=partnership)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now: PostgreSQL refuses to alter a table (the columns
        # made required below) while deferred checks on its rows are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _partnership(*, null: bool, db_index: bool) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=db_index,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="accounts.partnership",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_default_partnership"),
        ("evidence", "0003_item_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidenceitem",
            name="partnership",
            field=_partnership(null=True, db_index=False),
        ),
        migrations.AddField(
            model_name="statement",
            name="partnership",
            field=_partnership(null=True, db_index=False),
        ),
        migrations.AddField(
            model_name="upload",
            name="partnership",
            field=_partnership(null=True, db_index=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="evidenceitem",
            name="partnership",
            field=_partnership(null=False, db_index=False),
        ),
        migrations.AlterField(
            model_name="statement",
            name="partnership",
            field=_partnership(null=False, db_index=False),
        ),
        migrations.AlterField(
            model_name="upload",
            name="partnership",
            field=_partnership(null=False, db_index=True),
        ),
        migrations.AddIndex(
            model_name="evidenceitem",
            index=models.Index(fields=["partnership", "-created_at"], name="evidence_item_scope"),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["partnership", "-created_at"], name="statement_scope"),
        ),
    ]
