"""SQL triggers that make the audit tables append-only, in SQLite and in PostgreSQL.

Migration 0002 installs these very statements for the log (frozen there, with copies in 0004
and 0007, which rebuild the table in SQLite), migration 0011 those for the records list
events name; here they serve the test suite's flush and its tamper
tests, the only callers of ``drop``.
"""

from __future__ import annotations

TABLE = "audit_auditevent"
# The records list access events name (ADR 0020): append-only like the log.
OBJECTS = "audit_auditeventobject"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_object_no_update BEFORE UPDATE ON {OBJECTS}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_object_no_delete BEFORE DELETE ON {OBJECTS}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_object_no_update",
    "DROP TRIGGER IF EXISTS audit_object_no_delete",
]

PG_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
    f"""CREATE TRIGGER audit_object_no_update_delete BEFORE UPDATE OR DELETE ON {OBJECTS}
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    f"""CREATE TRIGGER audit_object_no_truncate BEFORE TRUNCATE ON {OBJECTS}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_no_update_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_object_no_update_delete ON {OBJECTS}",
    f"DROP TRIGGER IF EXISTS audit_object_no_truncate ON {OBJECTS}",
    "DROP FUNCTION IF EXISTS audit_event_refuse_change()",
]


def _run(connection, statements_by_vendor: dict[str, list[str]]) -> None:
    vendor = connection.vendor
    if vendor not in statements_by_vendor:
        raise RuntimeError(f"no append-only triggers for {vendor}; use SQLite or PostgreSQL")
    with connection.cursor() as cursor:
        for statement in statements_by_vendor[vendor]:
            cursor.execute(statement)


def create(connection) -> None:
    """Install the triggers on a database connection."""
    _run(connection, {"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE})


def drop(connection) -> None:
    """Remove the triggers (only the test suite's flush and tamper tests do this)."""
    _run(connection, {"sqlite": SQLITE_DROP, "postgresql": PG_DROP})
