"""Reads of the retention queue, decisions, tombstones and overrides, for the data protection
officer of the records' partnerships (or the system). None of these rows holds personal data;
the scope still follows the partnership (DESIGN.md principle 8)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.permissions import Permission, can
from lantern.dataprotection.models import RetentionOverride, ReviewItem, Tombstone


def _scoped(actor: Actor, queryset: QuerySet, permission: Permission) -> QuerySet:
    if not can(actor, permission):
        raise PermissionDenied(permission.value)
    if actor.is_system:
        return queryset
    return queryset.filter(partnership_id__in=actor.partnership_ids)


def review_queue(*, actor: Actor, status: str = ReviewItem.Status.PENDING) -> QuerySet[ReviewItem]:
    """Review items in one status, due first."""
    return _scoped(actor, ReviewItem.objects.filter(status=status), Permission.RETENTION_REVIEW)


def review_item_get(*, actor: Actor, item_id: uuid.UUID) -> ReviewItem:
    item = (
        _scoped(actor, ReviewItem.objects.all(), Permission.RETENTION_REVIEW)
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound("review item")
    return item


def tombstones(*, actor: Actor) -> QuerySet[Tombstone]:
    return _scoped(actor, Tombstone.objects.all(), Permission.RETENTION_REVIEW)


def retention_overrides(*, actor: Actor) -> QuerySet[RetentionOverride]:
    """The overrides of the partnerships the actor may see (an administrator: all)."""
    from lantern.accounts.selectors import partnership_list

    if not can(actor, Permission.RETENTION_POLICY_MANAGE):
        raise PermissionDenied(Permission.RETENTION_POLICY_MANAGE.value)
    overrides = RetentionOverride.objects.select_related("partnership")
    if actor.is_system:
        return overrides
    return overrides.filter(partnership__in=partnership_list(actor=actor))
