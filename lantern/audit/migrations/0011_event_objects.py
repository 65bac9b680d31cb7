"""The records a list access event names (ADR 0020), one row each, append-only like the log:
triggers refuse UPDATE, DELETE (and TRUNCATE). Frozen as written: the SQL is copied here,
not imported from ``lantern/audit/triggers.py`` (which keeps the same statements for the
test suite's flush). In PostgreSQL the function ``audit_event_refuse_change`` is migration
0002's.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_object_no_update BEFORE UPDATE ON audit_auditeventobject
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_object_no_delete BEFORE DELETE ON audit_auditeventobject
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_object_no_update",
    "DROP TRIGGER IF EXISTS audit_object_no_delete",
]
PG_CREATE = [
    """CREATE TRIGGER audit_object_no_update_delete BEFORE UPDATE OR DELETE
        ON audit_auditeventobject FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    """CREATE TRIGGER audit_object_no_truncate BEFORE TRUNCATE ON audit_auditeventobject
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS audit_object_no_update_delete ON audit_auditeventobject",
    "DROP TRIGGER IF EXISTS audit_object_no_truncate ON audit_auditeventobject",
]


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements_by_vendor:
        raise RuntimeError(f"no append-only triggers for {vendor}; use SQLite or PostgreSQL")
    with schema_editor.connection.cursor() as cursor:
        for statement in statements_by_vendor[vendor]:
            cursor.execute(statement)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": PG_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0010_actor_kind_seq_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEventObject",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_type", models.CharField(max_length=100)),
                ("object_id", models.CharField(max_length=100)),
                (
                    "event",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="objects_named",
                        to="audit.auditevent",
                    ),
                ),
            ],
            options={
                "ordering": ["event", "object_type", "object_id"],
                "indexes": [
                    models.Index(
                        fields=["object_type", "object_id", "event"], name="audit_object_event"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "object_type", "object_id"),
                        name="audit_event_object_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
