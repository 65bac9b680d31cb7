"""The analytics app's models, declared for the record of processing activities."""

from lantern.analytics.models import (
    HotspotSurface,
    ImpactEvaluation,
    PatrolItem,
    PatrolLog,
    PatrolPlan,
    PoliceUkAreaCount,
    PoliceUkCountBasis,
    PoliceUkImport,
    PoliceUkMonthCount,
    PoliceUkRecord,
)
from lantern.core.processing import Rule, declare, gdpr, no_personal_data

# Plans, logs, evaluations and imports name only the staff who made them (user ids).
STAFF_WORK = gdpr("Planning patrols and evaluating the partnership's work")
for model, name, data in (
    (PatrolLog, "Patrol log", "Which officer patrolled when, with their notes."),
    (PatrolPlan, "Patrol plan", "Who proposed and published a plan."),
    (ImpactEvaluation, "Impact evaluation", "Who made an evaluation."),
    (PoliceUkImport, "police.uk import run", "Who ran an import of a file."),
):
    declare(model, name=name, data=data, processing=(STAFF_WORK,), retention=Rule.STAFF_RECORD)
for other, name, reason in (
    (
        PoliceUkRecord,
        "police.uk record",
        "Open data the police publish on data.police.uk: no names.",
    ),
    (PoliceUkMonthCount, "police.uk month count", "Counts by month and crime type."),
    (
        PoliceUkAreaCount,
        "police.uk count in an area",
        "Counts by month and crime type inside a partnership's boundary or drawn area.",
    ),
    (PoliceUkCountBasis, "police.uk count basis", "A fingerprint of the shape counted in."),
    (PatrolItem, "Patrol", "A hotspot cell, a day and a time window."),
    (HotspotSurface, "Hotspot surface", "Counts by grid cell, computed from other records."),
):
    no_personal_data(other, name=name, reason=reason)
