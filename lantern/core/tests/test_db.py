"""lantern.core.db: the migration operation that drops unused pattern-ops indexes."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from lantern.core.db import drop_pattern_ops_indexes
from lantern.core.tests.helpers import pattern_ops_indexes

pytestmark = pytest.mark.django_db


@pytest.mark.postgres_only
def test_pattern_ops_indexes_are_dropped_and_restored():
    operation = drop_pattern_ops_indexes("lantern_probe_table", "code")
    with connection.schema_editor() as editor:
        editor.execute("CREATE TABLE lantern_probe_table (code varchar(12) UNIQUE)")
        name = editor._create_index_name("lantern_probe_table", ["code"], suffix="_like")
        editor.execute(f"CREATE INDEX {name} ON lantern_probe_table (code varchar_pattern_ops)")
        assert pattern_ops_indexes("lantern_probe_table") == {name}
        operation.code(apps, editor)
        assert pattern_ops_indexes("lantern_probe_table") == set()
        operation.reverse_code(apps, editor)
        assert pattern_ops_indexes("lantern_probe_table") == {name}
        editor.execute("DROP TABLE lantern_probe_table")
