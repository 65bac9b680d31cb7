"""Every analytics write: police.uk imports, patrol plans, patrols, impact evaluations,
stored hotspot surfaces.
(A package: each part is one module; the names are all here.)"""

from lantern.analytics.services.impact import (
    IMPACT_EVALUATED,
    CaseNotReady,
    case_for_evaluation,
    impact_evaluate,
)
from lantern.analytics.services.imports import (
    BATCH_SIZE,
    POLICEUK_IMPORTED,
    policeuk_gazetteer_fill,
    policeuk_import,
)
from lantern.analytics.services.patrol_preparing import (
    PATROL_PLAN_FAILED,
    PATROL_PLAN_PROPOSED,
    patrol_plan_fail,
    patrol_plan_prepare,
)
from lantern.analytics.services.patrol_proposals import (
    PATROL_PLAN_REQUESTED,
    patrol_plan_propose,
)
from lantern.analytics.services.patrols import (
    PATROL_ITEM_ADJUSTED,
    PATROL_ITEM_REMOVED,
    PATROL_ITEM_UPDATED,
    PATROL_LOGGED,
    PATROL_PLAN_PUBLISHED,
    patrol_item_adjust,
    patrol_item_remove,
    patrol_item_update,
    patrol_log,
    patrol_plan_publish,
)
from lantern.analytics.services.surface_computing import (
    HOTSPOT_SURFACE_COMPUTED,
    HOTSPOT_SURFACES_PRUNED,
    default_inputs,
    hotspot_surface_compute,
    hotspot_surfaces_prepare_defaults,
    hotspot_surfaces_prune,
)
from lantern.analytics.services.surfaces import (
    RETRY_SECONDS,
    hotspot_surface_for,
    hotspot_surface_request,
)

__all__ = [
    "BATCH_SIZE",
    "HOTSPOT_SURFACES_PRUNED",
    "HOTSPOT_SURFACE_COMPUTED",
    "IMPACT_EVALUATED",
    "PATROL_ITEM_ADJUSTED",
    "PATROL_ITEM_REMOVED",
    "PATROL_ITEM_UPDATED",
    "PATROL_LOGGED",
    "PATROL_PLAN_FAILED",
    "PATROL_PLAN_PROPOSED",
    "PATROL_PLAN_PUBLISHED",
    "PATROL_PLAN_REQUESTED",
    "POLICEUK_IMPORTED",
    "RETRY_SECONDS",
    "CaseNotReady",
    "case_for_evaluation",
    "default_inputs",
    "hotspot_surface_compute",
    "hotspot_surface_for",
    "hotspot_surface_request",
    "hotspot_surfaces_prepare_defaults",
    "hotspot_surfaces_prune",
    "impact_evaluate",
    "patrol_item_adjust",
    "patrol_item_remove",
    "patrol_item_update",
    "patrol_log",
    "patrol_plan_fail",
    "patrol_plan_prepare",
    "patrol_plan_propose",
    "patrol_plan_publish",
    "policeuk_gazetteer_fill",
    "policeuk_import",
]
