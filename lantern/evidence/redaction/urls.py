"""The redaction pages, in the evidence namespace (lantern/evidence/urls.py)."""

from django.urls import path

from lantern.evidence.redaction import views

urlpatterns = [
    path("items/<uuid:item_id>/redact/", views.item_redact, name="item-redact"),
    path("redactions/<uuid:redaction_id>/", views.redaction_page, name="redaction"),
    path("redactions/<uuid:redaction_id>/frame.jpg", views.redaction_frame, name="redaction-frame"),
    path(
        "redactions/<uuid:redaction_id>/progress/",
        views.redaction_progress,
        name="redaction-progress",
    ),
    path("redactions/<uuid:redaction_id>/boxes/", views.region_add, name="redaction-box"),
    path("redactions/<uuid:redaction_id>/mutes/", views.mute_add, name="redaction-mute"),
    path("redactions/<uuid:redaction_id>/remove/", views.part_remove, name="redaction-remove"),
    path(
        "redactions/<uuid:redaction_id>/suggestions/",
        views.suggestions_ask,
        name="redaction-suggest",
    ),
    path(
        "redactions/<uuid:redaction_id>/suggestions/decide/",
        views.suggestion_decide,
        name="redaction-decide",
    ),
    path("redactions/<uuid:redaction_id>/check/", views.redaction_check, name="redaction-check"),
]
