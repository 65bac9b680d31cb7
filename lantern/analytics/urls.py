from django.urls import path

from lantern.analytics.views import dashboard, figures, hotspots, impact, neighbourhoods, patrols

app_name = "analytics"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("partnership/", figures.figures_page, name="partnership-figures"),
    path("partnership.csv", figures.figures_csv, name="partnership-figures-csv"),
    path("hotspots/", hotspots.hotspot_map, name="hotspots"),
    path("hotspots.geojson", hotspots.hotspot_geojson, name="hotspots-geojson"),
    path("hotspots.png", hotspots.hotspot_png, name="hotspots-png"),
    path("patrols/", patrols.plan_list, name="patrol-plans"),
    path("patrols/new/", patrols.plan_new, name="patrol-plan-new"),
    path("patrols/<uuid:plan_id>/", patrols.plan_detail, name="patrol-plan"),
    path("patrols/<uuid:plan_id>/publish/", patrols.plan_publish, name="patrol-plan-publish"),
    path("patrols/items/<uuid:item_id>/", patrols.item_edit, name="patrol-item"),
    path("patrols/items/<uuid:item_id>/log/", patrols.log_new, name="patrol-log"),
    path("impact/", impact.impact_list, name="impacts"),
    path("impact/new/", impact.impact_new, name="impact-new"),
    path(
        "cases/<uuid:case_id>/impact/new/", impact.impact_new_for_case, name="impact-new-for-case"
    ),
    path("impact/<uuid:evaluation_id>/", impact.impact_detail, name="impact"),
    path("impact/<uuid:evaluation_id>/chart.png", impact.impact_chart, name="impact-chart"),
    # Public: anyone may read them (aggregate counts, small ones suppressed).
    path("neighbourhoods/", neighbourhoods.neighbourhood_list, name="neighbourhoods"),
    path(
        "neighbourhoods/<uuid:area_id>/",
        neighbourhoods.neighbourhood_detail,
        name="neighbourhood",
    ),
]
