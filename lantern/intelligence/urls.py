"""The intelligence pages at /intelligence/ (each part's patterns live beside its views)."""

from django.urls import URLPattern

from lantern.intelligence.views import chart, exports, profiles, records, resolution

app_name = "intelligence"

urlpatterns: list[URLPattern] = [
    *records.urlpatterns,
    *chart.urlpatterns,
    *exports.urlpatterns,
    *profiles.urlpatterns,
    *resolution.urlpatterns,
]
