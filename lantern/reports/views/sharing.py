"""The "Shared with other partnerships" part of an officer's report page: the report's live
shares, each with a withdraw button for the partnership that gave it, and the form to share
it with another partnership (the actions are in triage.py)."""

from __future__ import annotations

from typing import Any

from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.reports import selectors
from lantern.reports.forms import ShareForm
from lantern.reports.models import Report
from lantern.reports.views.resident import _when


def share_context(actor: Actor, report: Report, form: ShareForm | None = None) -> dict[str, Any]:
    """Who the report is shared with, and whether this actor may share it or withdraw a share:
    staff of its own partnership who may triage it (a partnership it was shared with sees it,
    but cannot pass it on)."""
    owner = can(actor, Permission.REPORT_TRIAGE, report) and (
        report.partnership_id in actor.partnership_ids
    )
    live = selectors.report_shares(actor=actor, report=report)
    shares = [
        {
            "id": share.pk,
            "partnership": share.partnership.name,
            "when": _when(share.created_at),
            "by": share.shared_by.display_name if share.shared_by else "Lantern",
            "reason": share.reason,
            "may_withdraw": owner,
        }
        for share in live
    ]
    shared_with = {str(share.partnership_id) for share in live}
    choices = [
        (pk, name)
        for pk, name in (selectors.share_partnerships(report=report) if owner else [])
        if pk not in shared_with
    ]
    return {
        "partnership_name": report.partnership.name,
        "shares": shares,
        "may_share": owner and bool(choices),
        "share_form": form or ShareForm(partnerships=choices, auto_id="share-%s"),
    }
