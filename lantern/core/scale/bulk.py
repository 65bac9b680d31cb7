"""Writing many rows fast, for the borough-scale data set (``lantern seed-scale``).

Rows are buffered per model and written a batch at a time: on PostgreSQL with COPY (psycopg's
``cursor.copy``), on SQLite with one ``executemany`` INSERT per batch. Either way every value
goes through its field's ``get_db_prep_save``, the ORM's own value preparation, so what is
stored is what ``Model.save()`` would store. Not ``bulk_create``: it stamps ``auto_now_add``
fields with the time of the insert, and the data set's records carry their own past times.

Django makes foreign keys deferrable on both databases, so the batches of related models may
be written in any order inside one transaction. Append-only tables (the audit log) only take
INSERTs, which is all this does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connections, models


@dataclass
class _Table:
    model: type[models.Model]
    fields: list[models.Field]
    defaults: dict[str, Any]
    per_row: list[
        models.Field
    ]  # fields whose default is drawn afresh for each row (uuid4, dict...)
    rows: list[tuple] = field(default_factory=list)
    written: int = 0


class BulkWriter:
    """``add("reports.Report", id=..., ...)`` buffers a row; every ``batch`` rows of a model
    are written; ``flush()`` writes what is left. Fields not given take their default."""

    def __init__(self, *, using: str = "default", batch: int = 5000) -> None:
        self.using = using
        self.batch = batch
        self._tables: dict[str, _Table] = {}

    @property
    def connection(self):
        return connections[self.using]

    def _table(self, label: str, given: Iterable[str]) -> _Table:
        table = self._tables.get(label)
        if table is None:
            model = apps.get_model(label)
            given = set(given)
            # An auto-increment key not given is left to the database.
            fields = [
                f
                for f in model._meta.concrete_fields
                if f.attname in given or not isinstance(f, models.AutoField)
            ]
            # Every field's default, not only those the first row leaves out: a later row may
            # leave out others (an action of another kind).
            defaults = {f.attname: f.get_default() for f in fields}
            per_row = [f for f in fields if callable(f.default)]
            table = self._tables[label] = _Table(model, fields, defaults, per_row)
        return table

    def add(self, label: str, /, **values: Any) -> None:
        table = self._table(label, values)
        for f in table.per_row:
            if f.attname not in values:
                values[f.attname] = f.get_default()
        defaults = table.defaults
        table.rows.append(
            tuple(
                values[f.attname] if f.attname in values else defaults[f.attname]
                for f in table.fields
            )
        )
        if len(table.rows) >= self.batch:
            self._write(table)

    def flush(self) -> None:
        for table in self._tables.values():
            self._write(table)

    def counts(self) -> dict[str, int]:
        return {label: t.written + len(t.rows) for label, t in self._tables.items()}

    def _write(self, table: _Table) -> None:
        if not table.rows:
            return
        connection = self.connection
        prepared = [
            tuple(
                f.get_db_prep_save(value, connection)
                for f, value in zip(table.fields, row, strict=True)
            )
            for row in table.rows
        ]
        name = connection.ops.quote_name(table.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in table.fields)
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            # The driver's own cursor (as lantern.audit.verify reads the chain), inside the
            # Django connection's transaction.
            with (
                connection.connection.cursor() as cursor,
                cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy,
            ):
                for row in prepared:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(table.fields))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {name} ({columns}) VALUES ({marks})",  # noqa: S608
                    prepared,
                )
        table.written += len(table.rows)
        table.rows = []
