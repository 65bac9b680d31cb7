"""PostgreSQL: the hashes are looked up whole (the unique indexes stay), never by prefix, so
the extra `varchar_pattern_ops` indexes Django gave them are dropped: every audit append
wrote both."""

from django.db import migrations

from lantern.core.db import drop_pattern_ops_indexes


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_stored_encoding")]

    operations = [drop_pattern_ops_indexes("audit_auditevent", "hash", "prev_hash")]
