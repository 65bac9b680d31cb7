"""PostgreSQL: append an audit event in one statement, so the chain lock is held briefly.

``lantern_audit_append(...)`` takes the chain's transaction-level advisory lock, reads the
head, computes the event's SHA-256 over ``chain.encode``'s bytes and inserts the event, in
one round trip (ADR 0002). Each statement in a VOLATILE PL/pgSQL function takes a fresh
snapshot under READ COMMITTED, so the head read after the lock sees every event committed
before it. The SQL is frozen here; a change to the encoding needs a new migration.
SQLite has no stored functions: there the service appends in Python (every transaction
already holds the write lock from BEGIN IMMEDIATE).
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION lantern_audit_append(
    p_occurred_at timestamptz,
    p_kind text,
    p_actor text,
    p_action text,
    p_object_type text,
    p_object_id text,
    p_details text
) RETURNS TABLE (appended_seq bigint, appended_prev_hash text, appended_hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_seq bigint;
    v_prev text;
    v_hash text;
BEGIN
    -- One appender at a time, until this transaction ends (key 0x4C414E5445524E, "LANTERN").
    PERFORM pg_advisory_xact_lock(21463902907093582);
    SELECT e.seq, e.hash INTO v_seq, v_prev
      FROM audit_auditevent e ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        v_seq := 0;
        v_prev := repeat('0', 64);
    END IF;
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(
        'lantern-audit-v1' || E'\n' || v_seq::text || E'\n'
        || to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\n'
        || p_kind || E'\n' || p_actor || E'\n' || p_action || E'\n'
        || p_object_type || E'\n' || p_object_id || E'\n' || p_details || E'\n'
        || v_prev,
        'UTF8')), 'hex');
    INSERT INTO audit_auditevent
        (seq, occurred_at, kind, actor, action, object_type, object_id, details, prev_hash, hash)
        VALUES (v_seq, p_occurred_at, p_kind, p_actor, p_action, p_object_type, p_object_id,
                p_details, v_prev, v_hash);
    RETURN QUERY SELECT v_seq, v_prev, v_hash;
END;
$$
"""
DROP = (
    "DROP FUNCTION IF EXISTS lantern_audit_append(timestamptz, text, text, text, text, text, text)"
)


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(create_function, drop_function, elidable=False)]
