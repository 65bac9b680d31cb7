"""PostgreSQL: a new report, its vehicles, its first status and its audit event in ONE
statement (ADR 0007).

``report_create`` calls :func:`store` on PostgreSQL. The statement is a chain of
data-modifying CTEs ending in ``lantern_audit_append`` (audit migration 0003), so outside a
transaction it is its own transaction: the chain's advisory lock is taken, and released at
COMMIT, inside one round trip, never held while a client thread waits for the GIL. Inside a
caller's transaction it runs under a savepoint like any other write.

Categories are cached per process (:func:`category`) with a fingerprint of the whole row
(``md5(row::text)``); the statement inserts only while the row still has that fingerprint,
so a report is never filed against a category that changed or was switched off since it
was cached: the caller forgets the entry, reads the category again and validates again.
In the same way, a bearer token's holder remembered by this process is confirmed by the
statement itself (ADR 0011): it inserts only while the token is live and its user's roles
unchanged.

The rows are the model instances the service built; their columns and values come from
the models' fields (``pre_save`` and ``get_db_prep_save``), exactly as the ORM's INSERT
would write them, so a new field needs no change here.
"""

from __future__ import annotations

import threading
import uuid
from contextlib import nullcontext
from datetime import datetime
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import RawSQL

from lantern.accounts.holders import HolderCheck
from lantern.accounts.selectors import holder_confirmation_sql
from lantern.audit.services import audit_record_call
from lantern.core.actor import Actor
from lantern.core.db import prepared_cursor
from lantern.reports.models import Category, Report, StatusChange, VehicleMention

# --- categories ---------------------------------------------------------------------------

_FINGERPRINT = RawSQL('md5("reports_category"::text)', [])
_categories: dict[str, tuple[Category, str]] = {}
_categories_lock = threading.Lock()


def category(code: str) -> tuple[Category | None, str]:
    """The active category with this code and its row's fingerprint, from this process's
    cache or the database; (None, "") when there is none (not cached)."""
    found = _categories.get(code)
    if found is not None:
        return found
    row = (
        Category.objects.filter(code=code, active=True)
        .annotate(fingerprint=_FINGERPRINT)
        .order_by()
        .first()
    )
    if row is None:
        return None, ""
    fingerprint: str = row.fingerprint
    with _categories_lock:
        _categories[code] = (row, fingerprint)
    return row, fingerprint


def forget_categories() -> None:
    """Empty this process's cache (other processes notice a change by its fingerprint)."""
    with _categories_lock:
        _categories.clear()


# --- the statement ------------------------------------------------------------------------


def _cast(field: Any) -> str:
    """The type to cast a parameter to. Text fields get "varchar" or "text", never
    "varchar(12)": an explicit cast to a length cuts a value short without a word, and the
    column must refuse it instead (as the ORM's INSERT does)."""
    if isinstance(field, models.CharField | models.TextField):
        return "text"
    return str(field.cast_db_type(connection))


@cache
def _columns(model: type[models.Model]) -> tuple[str, list[models.Field], str]:
    """(table, fields, "SELECT %s::type, ..." list) for inserting one row of a model."""
    ops = connection.ops
    fields: list[Any] = list(model._meta.local_concrete_fields)
    casts = ", ".join(f"%s::{_cast(f)}" for f in fields)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    return f"{ops.quote_name(model._meta.db_table)} ({columns})", fields, casts


# Field classes whose database value on PostgreSQL is the Python value itself, for values
# of these types: Django's get_db_prep_save returns them unchanged (CharField.to_python
# keeps any str, UUIDField keeps a UUID on a backend with a native uuid type, and
# PostgreSQL's adapt_datetimefield_value keeps an aware datetime). Anything else, and any
# subclass that overrides one of these methods, takes Django's own path.
_KEPT_AS_IS: dict[type[models.Field], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.BooleanField: (bool,),
    models.FloatField: (float,),
    models.UUIDField: (uuid.UUID,),
    models.DateTimeField: (datetime,),
}
_PREP_METHODS = ("get_db_prep_save", "get_db_prep_value", "get_prep_value", "to_python")


def _kept_as_is(field: Any) -> tuple[type, ...]:
    if isinstance(field, models.ForeignKey):
        return _kept_as_is(field.target_field)
    for base, types in _KEPT_AS_IS.items():
        if isinstance(field, base) and all(
            getattr(type(field), name) is getattr(base, name) for name in _PREP_METHODS
        ):
            return types
    return ()


@cache
def _plan(model: type[models.Model]) -> list[tuple[Any, str, bool, tuple[type, ...]]]:
    """Per field: (field, attname, whether pre_save computes the value (auto_now),
    the value types that go to the database as they are)."""
    plan = []
    for field in _columns(model)[1]:
        computed = bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        plan.append((field, field.attname, computed, _kept_as_is(field)))
    return plan


def _row(obj: models.Model, db: BaseDatabaseWrapper) -> list[Any]:
    """The row's values as the ORM's INSERT would send them: ``get_db_prep_save`` of
    ``pre_save``, skipped where it would return the value unchanged (``_KEPT_AS_IS``)."""
    row: list[Any] = []
    for field, attname, computed, types in _plan(type(obj)):
        value = field.pre_save(obj, True) if computed else getattr(obj, attname)
        if value is None and field.null:
            row.append(None)
        elif (
            types
            and isinstance(value, types)
            and not (isinstance(value, datetime) and value.tzinfo is None)
        ):
            row.append(value)
        else:
            row.append(field.get_db_prep_save(value, db))
    return row


def _insert(name: str, obj: models.Model, db: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
    table, _, casts = _columns(type(obj))
    # Identifiers come from the model's metadata; every value is a bound parameter.
    return f"{name} AS (INSERT INTO {table} SELECT {casts} FROM r)", _row(obj, db)  # noqa: S608


def store(
    *,
    actor: Actor,
    report: Report,
    fingerprint: str,
    vehicles: list[VehicleMention],
    status: StatusChange,
    audit: dict[str, Any],
    holder: HolderCheck | None = None,
) -> bool:
    """Insert everything in one statement. False (and nothing written) when the category
    no longer has ``fingerprint``, or ``holder`` (a remembered token holder, ADR 0011) is no
    longer live with the same roles; when True, ``holder`` is confirmed. A clash on the
    report's reference raises IntegrityError, also with nothing written."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-thread proxy
    table, _, casts = _columns(Report)
    category_id = Category._meta.pk.get_db_prep_value(report.category_id, db)
    condition = (
        'SELECT 1 FROM "reports_category" WHERE "id" = %s AND md5("reports_category"::text) = %s'
    )
    params: list[Any] = [category_id, fingerprint]
    if holder is not None:
        confirmation, confirmation_params = holder_confirmation_sql(holder.holder)
        condition += f" AND {confirmation}"
        params += confirmation_params
    parts = [
        f"c AS ({condition})",
        f"r AS (INSERT INTO {table} SELECT {casts} FROM c RETURNING 1)",  # noqa: S608
    ]
    params += _row(report, db)
    for n, vehicle in enumerate(vehicles):
        sql, row = _insert(f"v{n}", vehicle, db)
        parts.append(sql)
        params += row
    sql, row = _insert("s", status, db)
    parts.append(sql)
    params += row
    call, call_params = audit_record_call(actor=actor, **audit)
    params += call_params
    statement = f"WITH {', '.join(parts)} SELECT a.* FROM r, LATERAL {call} AS a"  # noqa: S608
    savepoint = transaction.atomic() if db.in_atomic_block else nullcontext()
    with savepoint, prepared_cursor(db) as cursor:
        cursor.execute(statement, params)
        stored = cursor.fetchone() is not None
    if stored:
        for obj in (report, *vehicles, status):
            obj._state.adding = False
            obj._state.db = db.alias
        if holder is not None:
            holder.confirmed = True
    return stored
