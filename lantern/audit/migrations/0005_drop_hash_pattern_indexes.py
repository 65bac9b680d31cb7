"""PostgreSQL: the hashes are looked up whole (the unique indexes stay), never by prefix, so
the extra `varchar_pattern_ops` indexes Django gave them are dropped: every audit append
wrote both.

Frozen as written: the index names (as Django named them) and the SQL that
``lantern.core.db.drop_pattern_ops_indexes`` ran are copied here, not imported.
"""

from django.db import migrations

# (index, column), as Django named the second index of each unique CharField.
LIKE_INDEXES = [
    ("audit_auditevent_hash_d0c402da_like", "hash"),
    ("audit_auditevent_prev_hash_32dd1626_like", "prev_hash"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in LIKE_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in LIKE_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "audit_auditevent" ("{column}" '
            "varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_stored_encoding")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
