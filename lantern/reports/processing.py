"""The reports app's models, declared for the record of processing activities."""

from lantern.core.processing import (
    ART_10_CRIMINAL_OFFENCE,
    PART_3_SENSITIVE,
    RetentionSubject,
    Rule,
    declare,
    gdpr,
    no_personal_data,
    part3,
    register_retention_subject,
)
from lantern.reports import retention
from lantern.reports.models import (
    CaseLink,
    Category,
    IdempotencyKey,
    InternalNote,
    Open311Client,
    Open311Submission,
    Open311Update,
    PublicUpdate,
    Report,
    ReportMonthCount,
    StatusChange,
    VehicleMention,
)

# A council receives and triages reports under UK GDPR; the same report is evidence when the
# police or the council investigate or prosecute an offence it describes (DOMAIN.md 7.2).
INTAKE = gdpr(
    "Receiving, triaging and answering residents' reports of anti-social behaviour",
    ART_10_CRIMINAL_OFFENCE,
)
INVESTIGATION = part3(
    "Investigating or prosecuting an offence a report describes", PART_3_SENSITIVE
)

declare(
    Report,
    name="Resident incident report",
    data="The reporter's account or contact details, what happened and where, descriptions"
    " of people and vehicles.",
    processing=(INTAKE, INVESTIGATION),
    retention=Rule.RESIDENT_REPORT,
)
for model, name, data in (
    (VehicleMention, "Vehicle named in a report", "A registration mark."),
    (StatusChange, "Report status change", "Who changed a report's status, and when."),
    (PublicUpdate, "Update to the reporter", "A message to the reporter about their report."),
    (InternalNote, "Internal note on a report", "Staff notes that may name people."),
    (CaseLink, "Report linked to a case", "Which case a report is evidence in."),
    (Open311Submission, "Open311 submission", "The request an Open311 client sent."),
    (Open311Update, "Open311 update", "A status update for an Open311 client."),
):
    declare(
        model,
        name=name,
        data=data,
        processing=(INTAKE, INVESTIGATION),
        retention=Rule.RESIDENT_REPORT,
    )
declare(
    IdempotencyKey,
    name="API idempotency key",
    data="The report a client's retried request created.",
    processing=(INTAKE,),
    retention=Rule.EXPIRES_BY_DESIGN,
)
no_personal_data(
    Category, name="Report category", reason="A kind of incident, edited by administrators."
)
no_personal_data(
    ReportMonthCount,
    name="Reports by month",
    reason="How many reports a partnership received each month: a count.",
)
no_personal_data(
    Open311Client,
    name="Open311 client",
    reason="A registered reporting app: its name and key hash.",
)

register_retention_subject(
    RetentionSubject(
        model=retention.MODEL,
        candidates=retention.report_candidates,
        dispose=retention.report_dispose,
        describe=retention.report_describe,
    )
)
