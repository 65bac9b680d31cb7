"""The places app's models, declared for the record of processing activities."""

from lantern.core.processing import (
    ART_10_CRIMINAL_OFFENCE,
    RetentionSubject,
    Rule,
    declare,
    gdpr,
    no_personal_data,
    part3,
    register_retention_subject,
)
from lantern.places import retention
from lantern.places.models import (
    Area,
    Camera,
    FootageDeletionReminder,
    FootageRequest,
    GazetteerEntry,
)

declare(
    Camera,
    name="Registered doorbell or CCTV camera",
    data="The owner's account, where the camera is and what it sees, a contact telephone.",
    processing=(gdpr("Knowing which residents' cameras may hold footage of an incident"),),
    retention=Rule.REGISTERED_CAMERA,
)
declare(
    FootageRequest,
    name="Footage request",
    data="Which camera owner was asked for footage of which time, by whom, and their answer.",
    processing=(
        gdpr("Asking camera owners for footage of a reported incident", ART_10_CRIMINAL_OFFENCE),
        part3("Gathering evidence of an offence for an investigation"),
    ),
    retention=Rule.FOOTAGE_REQUEST,
)
declare(
    FootageDeletionReminder,
    name="Reminder to a camera owner to delete old footage",
    data="Which owner's camera was reminded when, the footage windows open requests still"
    " need, and when the owner said they had deleted the rest.",
    processing=(gdpr("Reminding camera owners to keep footage no longer than they declared"),),
    retention=Rule.REGISTERED_CAMERA,
)
no_personal_data(
    Area, name="Area", reason="A named polygon drawn by staff (a ward, a street, a park)."
)
no_personal_data(
    GazetteerEntry,
    name="Gazetteer entry",
    reason="A public place name or postcode and its position (open data).",
)

register_retention_subject(
    RetentionSubject(
        model=retention.MODEL,
        candidates=retention.request_candidates,
        dispose=retention.request_dispose,
    )
)
