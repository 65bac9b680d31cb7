"""The intelligence app's models, declared for the record of processing activities.

Intelligence is police information: its review periods follow the College of Policing's
code and APP (MoPI, DOMAIN.md 6.3), whose groups are to be confirmed locally."""

import uuid
from collections.abc import Sequence

from lantern.core.processing import (
    PART_3_SENSITIVE,
    RetentionSubject,
    Rule,
    declare,
    part3,
    register_hold_provider,
    register_retention_subject,
)
from lantern.intelligence import retention
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Link,
    ResolutionCandidate,
    SourceRecord,
    Statement,
    TaskingAction,
)

INTELLIGENCE = part3(
    "Intelligence for the prevention and detection of crime (DPA 2018 s.31)", PART_3_SENSITIVE
)

for model, name, data in (
    (IntelligenceReport, "Intelligence report", "Graded intelligence about people and places."),
    (SourceRecord, "Intelligence source record", "Who the source is, handler's notes."),
    (Entity, "Intelligence entity", "A person, vehicle or place in the link graph."),
    (Statement, "Intelligence statement", "One asserted fact about an entity."),
    (Link, "Intelligence link", "That two entities are tied, with provenance."),
    (ResolutionCandidate, "Resolution candidate", "Two entities that may be one person."),
    (TaskingAction, "Tasking action", "An action agreed on a subject at a tasking meeting."),
):
    declare(model, name=name, data=data, processing=(INTELLIGENCE,), retention=Rule.MOPI_GROUP_3)

# --- legal holds ---------------------------------------------------------------------------
NAMED_IN_INTELLIGENCE = "an intelligence record names them"


def _entity_holds(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """A person or vehicle record stays while an intelligence entity stands for it (a case
    disposed of does not take them with it); intelligence is reviewed under its own rule."""
    field = {"cases.Person": "person_id", "cases.Vehicle": "vehicle_id"}.get(model_label)
    if field is None or not record_ids:
        return {}
    found = Entity.objects.filter(**{f"{field}__in": record_ids}).values_list(field, flat=True)
    return dict.fromkeys(set(found), NAMED_IN_INTELLIGENCE)


register_hold_provider("intelligence", _entity_holds)


# --- retention -----------------------------------------------------------------------------
# Intelligence reports are reviewed under MoPI group 3 (confirm locally) from their last
# change (docs/data-protection.md, "Intelligence reports").
register_retention_subject(
    RetentionSubject(
        model=retention.MODEL,
        candidates=retention.report_candidates,
        dispose=retention.report_dispose,
        describe=retention.report_describe,
    )
)
register_hold_provider("intelligence_reports", retention.report_holds)
