"""The intelligence app's models, declared for the record of processing activities.

Intelligence is police information: its review periods follow the College of Policing's
code and APP (MoPI, DOMAIN.md 6.3), whose groups are to be confirmed locally."""

from lantern.core.processing import PART_3_SENSITIVE, Rule, declare, part3
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
