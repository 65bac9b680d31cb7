"""Make the audit table append-only: triggers refuse UPDATE, DELETE (and TRUNCATE)."""

from django.db import migrations

from lantern.audit import triggers


def create_triggers(apps, schema_editor):
    triggers.create(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
