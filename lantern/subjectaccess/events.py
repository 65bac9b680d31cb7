"""The audit actions of the subject access app, declared once. Details carry the request's
reference, regime, dates, counts, decisions and hashes: never a name, contact detail or
anything found on the person."""

from __future__ import annotations

from lantern.audit import catalogue

REQUEST = "subject_access_request"
FOUND = "subject_access_found"

RECORDED = catalogue.declare(
    "subject_access.recorded",
    "A subject access request was recorded; details give its regime, the day it was received,"
    " how identity was checked (a category) and its due date.",
)
CLOCK_STOPPED = catalogue.declare(
    "subject_access.clock_stopped",
    "The clock of a subject access request was stopped to check identity or to clarify the"
    " request; details give the reason (a category) and the day.",
)
CLOCK_RESTARTED = catalogue.declare(
    "subject_access.clock_restarted",
    "The information a stopped subject access request waited for arrived and its clock"
    " restarted; details give the reason, the day and the new due date.",
)
EXTENDED = catalogue.declare(
    "subject_access.extended",
    "A subject access request's time limit was extended by notice; details give the months"
    " and the day of the notice, and the new due date.",
)
SEARCHED = catalogue.declare(
    "subject_access.searched",
    "Every app was searched for the records held on a request's subject; details give how"
    " many were found by each app (zero for a person Lantern does not know).",
)
REVIEWED = catalogue.declare(
    "subject_access.reviewed",
    "The reviewer decided on a record found for a subject access request; details give the"
    " record's source, the decision, the exemption (a category) and how many items were"
    " marked for redaction as third-party data.",
)
RELEASED = catalogue.declare(
    "subject_access.released",
    "The response to a subject access request was released; details give how many records"
    " were given and withheld, and the SHA-256 of the PDF and of the JSON.",
)
DOWNLOADED = catalogue.declare(
    "subject_access.downloaded",
    "A released subject access response was downloaded; details give the format.",
)
