from django.urls import path

from lantern.cases.views import (
    actions,
    cases,
    designations,
    manage,
    policies,
    previews,
    reviews,
    serve,
    shares,
    subjects,
)

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("new/", cases.case_new, name="new"),
    path("<uuid:case_id>/", cases.case_detail, name="case"),
    path("<uuid:case_id>/reports/", cases.case_link_report, name="link-report"),
    path("<uuid:case_id>/people/new/", subjects.person_new, name="person-new"),
    path("<uuid:case_id>/vehicles/new/", subjects.vehicle_new, name="vehicle-new"),
    path("<uuid:case_id>/actions/new/", actions.action_new, name="action-new"),
    path("<uuid:case_id>/lead-officer/", manage.case_lead, name="lead-officer"),
    path("<uuid:case_id>/partners/", manage.case_partners, name="partners"),
    path("<uuid:case_id>/review/", manage.case_review_record, name="case-review"),
    path("<uuid:case_id>/stage/", manage.case_stage, name="stage"),
    path("<uuid:case_id>/risk/", manage.case_risk, name="risk"),
    path("<uuid:case_id>/close/", manage.case_close, name="close"),
    path("<uuid:case_id>/shares/", shares.case_share, name="share"),
    path(
        "<uuid:case_id>/shares/<uuid:share_id>/withdraw/",
        shares.share_withdraw,
        name="share-withdraw",
    ),
    path(
        "<uuid:case_id>/subjects/<uuid:subject_id>/role/", manage.subject_role, name="subject-role"
    ),
    path(
        "<uuid:case_id>/vehicles/<uuid:vehicle_id>/keeper/",
        manage.vehicle_keeper,
        name="vehicle-keeper",
    ),
    path("people/<uuid:person_id>/", subjects.person_detail, name="person"),
    path("vehicles/<uuid:vehicle_id>/", subjects.vehicle_detail, name="vehicle"),
    path("facts/<uuid:fact_id>/withdraw/", subjects.fact_withdraw, name="fact-withdraw"),
    path("actions/", actions.action_list, name="actions"),
    path("actions/<uuid:action_id>/", actions.action_detail, name="action"),
    path("actions/<uuid:action_id>/step/", actions.action_step, name="action-step"),
    path("actions/<uuid:action_id>/serve/", serve.action_serve_check, name="action-serve"),
    path("actions/<uuid:action_id>/preview/", previews.action_preview, name="action-preview"),
    path(
        "actions/<uuid:action_id>/preview/document.pdf",
        previews.action_preview_pdf,
        name="action-preview-pdf",
    ),
    path("actions/<uuid:action_id>/breaches/", actions.breach_new, name="breach-new"),
    path("actions/<uuid:action_id>/supersede/", manage.action_supersede, name="supersede"),
    path("documents/<uuid:document_id>/", actions.document_download, name="document"),
    path("designations/", designations.designation_list, name="designations"),
    path(
        "designations/<uuid:designation_id>/revoke/",
        designations.designation_revoke,
        name="designation-revoke",
    ),
    path("policy/<uuid:organisation_id>/", policies.policy_edit, name="policy"),
    path("review/", reviews.case_review, name="review"),
    path("review/<uuid:review_id>/letter/", reviews.review_letter, name="review-letter"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<uuid:review_id>/", reviews.review_detail, name="review-detail"),
    path("reviews/<uuid:review_id>/decision/", reviews.review_decide, name="review-decide"),
    path("reviews/<uuid:review_id>/meeting/", reviews.review_meeting, name="review-meeting"),
    path("reviews/<uuid:review_id>/outcome/", reviews.review_outcome, name="review-outcome"),
]
