"""The intelligence pages: records (docs/intelligence/records.md). The home page, graded
reports (recording one, from a resident report, a sighting, a case or a case note; reading
one; its source record for a source handler), entities (search, recording one, the current
view with who said what) and the statements and links recorded about them.

Need to know: anyone who may not read intelligence (a support worker, a resident) gets a
404 on every page; the selectors answer 404 for records of another partnership or of a
grading the reader may not see, and log every read. Writes go through the services."""

from __future__ import annotations

from django.urls import URLPattern, path

from lantern.intelligence.views.records_entities import (
    entity_detail,
    entity_for_person,
    entity_link,
    entity_link_withdraw,
    entity_list,
    entity_new,
    entity_statement,
)
from lantern.intelligence.views.records_reports import (
    home,
    report_detail,
    report_new,
    report_source,
)

urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    path("reports/new/", report_new, name="report-new"),
    path("reports/<uuid:intel_report_id>/", report_detail, name="report"),
    path("reports/<uuid:intel_report_id>/source/", report_source, name="report-source"),
    path("entities/", entity_list, name="entities"),
    path("entities/new/", entity_new, name="entity-new"),
    path("entities/<uuid:entity_id>/", entity_detail, name="entity"),
    path("entities/<uuid:entity_id>/statements/", entity_statement, name="entity-statement"),
    path("entities/<uuid:entity_id>/links/", entity_link, name="entity-link"),
    path(
        "entities/<uuid:entity_id>/links/<uuid:link_id>/withdraw/",
        entity_link_withdraw,
        name="entity-link-withdraw",
    ),
    path("people/<uuid:person_id>/entity/", entity_for_person, name="entity-for-person"),
]
