"""Every analytics read, filtered for the actor. One module per part; the names are all here:

- points.py: the points analysis reads (imported police.uk records, open data shared by
  every partnership; resident reports through the reports app's selector, which keeps to the
  actor's partnerships), periods, categories and areas, the dashboard's monthly counts;
- figures.py: the partnership's figures by month (each app's counts, patrols, police.uk);
- surfaces.py: stored hotspot surfaces, for the actor's scope, if fresh (imported from
  there: it reads the analysis parameters, which read the points);
- plans.py: patrol plans and impact evaluations, each belonging to a partnership, and the
  partnership a page is about.
"""

from lantern.analytics.selectors.figures import (
    Figures,
    figures_area_choices,
    partnership_figures,
)
from lantern.analytics.selectors.plans import (
    IMPACT_EVALUATION,
    PATROL_PLAN,
    ItemProgress,
    dashboard_partnership,
    impact_for_case,
    impact_get,
    impact_list,
    partnership_choices,
    patrol_item_get,
    patrol_plan_get,
    patrol_plan_list,
    patrol_plan_progress,
)
from lantern.analytics.selectors.points import (
    ASB,
    NEAREST_SNAP_METRES,
    REPORT_MONTHS,
    AreaFilter,
    Period,
    Points,
    Source,
    analysis_categories,
    analysis_months,
    analysis_points,
    area_filter,
    check_coverage,
    import_list,
    monthly_counts,
    policeuk_categories,
    policeuk_months,
    policeuk_points,
    policeuk_records,
    report_points,
)

__all__ = [
    "ASB",
    "IMPACT_EVALUATION",
    "NEAREST_SNAP_METRES",
    "PATROL_PLAN",
    "REPORT_MONTHS",
    "AreaFilter",
    "Figures",
    "ItemProgress",
    "Period",
    "Points",
    "Source",
    "analysis_categories",
    "analysis_months",
    "analysis_points",
    "area_filter",
    "check_coverage",
    "dashboard_partnership",
    "figures_area_choices",
    "impact_for_case",
    "impact_get",
    "impact_list",
    "import_list",
    "monthly_counts",
    "partnership_choices",
    "partnership_figures",
    "patrol_item_get",
    "patrol_plan_get",
    "patrol_plan_list",
    "patrol_plan_progress",
    "policeuk_categories",
    "policeuk_months",
    "policeuk_points",
    "policeuk_records",
    "report_points",
]
