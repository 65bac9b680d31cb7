from django.urls import path

from lantern.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    path("retention/", views.queue, name="queue"),
    path("retention/items/<uuid:item_id>/", views.decide, name="decide"),
    path("retention/dispose/", views.dispose, name="dispose"),
    path("retention/disposed/", views.tombstone_list, name="tombstones"),
    path("retention/rules/", views.rules, name="rules"),
    path("retention/rules/<uuid:partnership_id>/", views.override, name="override"),
]
