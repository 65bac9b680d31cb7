"""Drop the stored ``encoded`` column and, in PostgreSQL, its function
``lantern_audit_encoding`` (ADR 0013, superseding ADR 0006): verify rebuilds every
encoding from the columns in Python, so nothing reads them.

In SQLite Django may rebuild the table (and must, to add the column back when this is
reversed), which drops its triggers: they are dropped first and installed again
afterwards, in the same transaction. Reversing puts back the function (before the column
that calls it) and the column as migration 0006 left it.

Frozen as written: the SQL is copied here, not imported.
"""

from django.db import migrations

SQLITE_TRIGGERS_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
SQLITE_TRIGGERS_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]

CREATE_FUNCTION = """CREATE OR REPLACE FUNCTION lantern_audit_encoding(p_seq bigint, \
p_occurred_at timestamptz, p_kind text, p_actor text, p_action text, p_object_type text, \
p_object_id text, p_details text, p_prev_hash text) RETURNS text LANGUAGE plpgsql IMMUTABLE \
PARALLEL SAFE AS $lantern$
BEGIN
    RETURN 'lantern-audit-v1' || E'\\n' || p_seq::text || E'\\n'
        || to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\\n'
        || p_kind || E'\\n' || p_actor || E'\\n' || p_action || E'\\n'
        || p_object_type || E'\\n' || p_object_id || E'\\n' || p_details || E'\\n'
        || p_prev_hash;
END;
$lantern$"""
DROP_FUNCTION = (
    "DROP FUNCTION IF EXISTS lantern_audit_encoding"
    "(bigint, timestamptz, text, text, text, text, text, text, text)"
)


def _sqlite(schema_editor, statements):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def drop_sqlite_triggers(apps, schema_editor):
    _sqlite(schema_editor, SQLITE_TRIGGERS_DROP)


def create_sqlite_triggers(apps, schema_editor):
    _sqlite(schema_editor, SQLITE_TRIGGERS_CREATE)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTION)


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_stored_encoding_function")]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, create_sqlite_triggers, elidable=False),
        migrations.RemoveField(model_name="auditevent", name="encoded"),
        migrations.RunPython(drop_function, create_function, elidable=False),
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers, elidable=False),
    ]
