"""The reports app's part of a resident's own data (lantern.core.residents_data.OwnDataPart):
the reports they made while signed in, with the public updates on them, for their download;
and, when they close their account, their reports kept without their contact details."""

from __future__ import annotations

from typing import Any

from lantern.core import residents_data
from lantern.core.actor import Actor
from lantern.reports.selectors import own_reports


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(actor: Actor) -> list[residents_data.OwnDataSection]:
    reports = own_reports(actor=actor).prefetch_related("public_updates", "vehicles")
    records = []
    for report in reports.order_by("created_at"):
        records.append(
            {
                "reference": report.reference,
                "made_at": _iso(report.created_at),
                "category": report.category.name,
                "status": report.get_status_display(),
                "occurred_from": _iso(report.occurred_from),
                "occurred_to": _iso(report.occurred_to),
                "where": report.where,
                "latitude": report.latitude,
                "longitude": report.longitude,
                "description": report.description,
                "people_description": report.people_description,
                "answers": report.answers,
                "vehicles": [
                    {
                        "registration": v.registration,
                        "partial": v.partial,
                        "description": v.description,
                    }
                    for v in report.vehicles.all()
                ],
                "anonymous_to_staff": report.anonymous,
                "contact_by": report.get_contact_display(),
                "contact_email": report.contact_email or None,
                "contact_phone": report.contact_phone or None,
                "updates": [
                    {"at": _iso(update.created_at), "text": update.text}
                    for update in sorted(report.public_updates.all(), key=lambda u: u.created_at)
                ],
            }
        )
    return [
        residents_data.OwnDataSection(
            key="reports",
            title="Reports you made",
            description="Each report you made while signed in, as you made it, with the "
            "updates the police or council gave you on it.",
            records=tuple(records),
        )
    ]


IN_CASEWORK_WHY = (
    "Kept, without your name, email address or phone number. The police or council are "
    "using them in casework, and they are the record of what was reported, where and when."
)
OTHER_WHY = (
    "Kept, without your name, email address or phone number, as the record of what was "
    "reported, where and when, until the partnership's retention period for reports ends."
)


def outcomes(in_casework: int, others: int) -> list[residents_data.KeptOrGone]:
    return [
        residents_data.KeptOrGone(
            key="reports_in_casework",
            label="Reports you made that are part of a case",
            count=in_casework,
            kept=True,
            why=IN_CASEWORK_WHY,
        ),
        residents_data.KeptOrGone(
            key="reports",
            label="Other reports you made",
            count=others,
            kept=True,
            why=OTHER_WHY,
        ),
    ]


def closing_preview(actor: Actor) -> list[residents_data.KeptOrGone]:
    reports = own_reports(actor=actor)
    in_casework = reports.filter(case_links__isnull=False).distinct().count()
    return outcomes(in_casework, reports.count() - in_casework)


def close(actor: Actor) -> list[residents_data.KeptOrGone]:
    from lantern.reports.services.own_data import reporter_details_remove

    in_casework, others = reporter_details_remove(actor=actor)
    return outcomes(in_casework, others)


PART = residents_data.OwnDataPart(
    key="reports", order=10, export=export, closing_preview=closing_preview, close=close
)
