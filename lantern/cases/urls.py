from django.urls import path

from lantern.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<uuid:case_id>/", views.case_detail, name="case"),
    path("<uuid:case_id>/reports/", views.case_link_report, name="link-report"),
    path("<uuid:case_id>/people/new/", views.person_new, name="person-new"),
    path("<uuid:case_id>/vehicles/new/", views.vehicle_new, name="vehicle-new"),
    path("<uuid:case_id>/actions/new/", views.action_new, name="action-new"),
    path("people/<uuid:person_id>/", views.person_detail, name="person"),
    path("vehicles/<str:registration>/", views.vehicle_detail, name="vehicle"),
    path("actions/<uuid:action_id>/", views.action_detail, name="action"),
    path("actions/<uuid:action_id>/step/", views.action_step, name="action-step"),
    path("actions/<uuid:action_id>/breaches/", views.breach_new, name="breach-new"),
    path("documents/<uuid:document_id>/", views.document_download, name="document"),
    path("review/", views.case_review, name="review"),
]
