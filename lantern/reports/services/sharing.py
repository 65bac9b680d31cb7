"""Sharing a report with another partnership: a report on the border, or one the neighbouring
force must act on. An explicit act with a reason, audited (``record.shared``,
``record.share_withdrawn``) by ``lantern.accounts.services``; the receiving partnership's
staff then see the report as if it were theirs, role and queue rules still applying
(docs/adr/0015-partnership-is-the-scope.md)."""

from __future__ import annotations

import uuid

from django.db import transaction

from lantern.accounts.models import Share
from lantern.accounts.selectors import shares_of
from lantern.accounts.services import record_share, share_withdraw
from lantern.core import data_versions
from lantern.core.actor import Actor
from lantern.core.data_versions import data_version_bump
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.permissions import Permission, can
from lantern.reports.models import Report
from lantern.reports.selectors import OBJECT_TYPE, report_get


def _managed(actor: Actor, report_id: uuid.UUID) -> Report:
    """The report, if the actor may see it (404 otherwise) and triage it."""
    report = report_get(actor=actor, report_id=report_id)
    if not can(actor, Permission.REPORT_TRIAGE, report):
        raise PermissionDenied(str(Permission.REPORT_TRIAGE))
    return report


def report_share(
    *, actor: Actor, report_id: uuid.UUID, to_partnership_id: uuid.UUID, reason: str
) -> Share:
    """Share a report with another partnership. Only staff of the report's own partnership
    who may triage it share it (a partnership it was shared with cannot pass it on); the
    reason is required."""
    with transaction.atomic():
        report = _managed(actor, report_id)
        share = record_share(
            actor=actor,
            object_type=OBJECT_TYPE,
            object_id=report.pk,
            from_partnership_id=report.partnership_id,
            to_partnership_id=to_partnership_id,
            reason=reason,
        )
        # The other partnership's hotspot surfaces now count the report.
        data_version_bump(source=data_versions.REPORTS, partnership_id=share.partnership_id)
        return share


def report_share_withdraw(*, actor: Actor, report_id: uuid.UUID, share_id: uuid.UUID) -> Share:
    """Withdraw one of the report's shares: the other partnership no longer sees it. Only
    staff of the partnership that shared it."""
    with transaction.atomic():
        report = _managed(actor, report_id)
        if not shares_of(object_type=OBJECT_TYPE, object_id=report.pk).filter(pk=share_id).exists():
            raise NotFound("share")
        share = share_withdraw(actor=actor, share_id=share_id)
        # ... and no longer count it once the share is withdrawn.
        data_version_bump(source=data_versions.REPORTS, partnership_id=share.partnership_id)
        return share
