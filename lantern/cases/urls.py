from django.urls import path

from lantern.cases.views import actions, cases, reviews, subjects

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("new/", cases.case_new, name="new"),
    path("<uuid:case_id>/", cases.case_detail, name="case"),
    path("<uuid:case_id>/reports/", cases.case_link_report, name="link-report"),
    path("<uuid:case_id>/people/new/", subjects.person_new, name="person-new"),
    path("<uuid:case_id>/vehicles/new/", subjects.vehicle_new, name="vehicle-new"),
    path("<uuid:case_id>/actions/new/", actions.action_new, name="action-new"),
    path("people/<uuid:person_id>/", subjects.person_detail, name="person"),
    path("vehicles/<str:registration>/", subjects.vehicle_detail, name="vehicle"),
    path("actions/<uuid:action_id>/", actions.action_detail, name="action"),
    path("actions/<uuid:action_id>/step/", actions.action_step, name="action-step"),
    path("actions/<uuid:action_id>/breaches/", actions.breach_new, name="breach-new"),
    path("documents/<uuid:document_id>/", actions.document_download, name="document"),
    path("review/", reviews.case_review, name="review"),
]
