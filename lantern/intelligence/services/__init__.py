"""Every intelligence write (STYLE.md: writes in services)."""

from lantern.intelligence.services.common import Grading as Grading
from lantern.intelligence.services.common import Origin_ as Origin_
from lantern.intelligence.services.duplicates import FindResult as FindResult
from lantern.intelligence.services.duplicates import candidates_find as candidates_find
from lantern.intelligence.services.entities import entity_create as entity_create
from lantern.intelligence.services.entities import entity_for_person as entity_for_person
from lantern.intelligence.services.entities import entity_for_vehicle as entity_for_vehicle
from lantern.intelligence.services.entities import link_add as link_add
from lantern.intelligence.services.entities import link_retract as link_retract
from lantern.intelligence.services.entities import statement_add as statement_add
from lantern.intelligence.services.exchange import edges_import as edges_import
from lantern.intelligence.services.exchange import network_export as network_export
from lantern.intelligence.services.reports import SourceIn as SourceIn
from lantern.intelligence.services.reports import report_record as report_record
from lantern.intelligence.services.reports import source_record_add as source_record_add
from lantern.intelligence.services.resolution import candidate_propose as candidate_propose
from lantern.intelligence.services.resolution import merge_confirm as merge_confirm
from lantern.intelligence.services.resolution import merge_reject as merge_reject
from lantern.intelligence.services.resolution import unmerge as unmerge
