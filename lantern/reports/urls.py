from django.urls import path

from lantern.reports.views import categories, client_updates, journey, resident, triage

app_name = "reports"

urlpatterns = [
    # The report journey (signed in or not).
    path("new/", journey.start, name="start"),
    path("new/check/", journey.check, name="check"),
    path("new/sent/", journey.sent, name="sent"),
    path("new/<slug:slug>/", journey.step_page, name="step"),
    # Residents following their reports.
    path("mine/", resident.mine, name="mine"),
    path("mine/<str:reference>/", resident.mine_detail, name="mine-detail"),
    path(
        "mine/<str:reference>/still-happening/",
        resident.still_happening,
        name="still-happening",
    ),
    path("follow/", resident.follow, name="follow"),
    path("follow/report/", resident.followed, name="followed"),
    # Triage.
    path("triage/", triage.report_list, name="triage"),
    path("triage/find/", triage.find, name="triage-find"),
    path("triage/client-updates/", client_updates.update_list, name="client-updates"),
    path("triage/<uuid:report_id>/", triage.report_detail, name="triage-detail"),
    path("triage/<uuid:report_id>/assign/", triage.assign, name="triage-assign"),
    path("triage/<uuid:report_id>/status/", triage.set_status, name="triage-status"),
    path("triage/<uuid:report_id>/update/", triage.add_update, name="triage-update"),
    path("triage/<uuid:report_id>/duplicate/", triage.mark_duplicate, name="triage-duplicate"),
    path("triage/<uuid:report_id>/share/", triage.share, name="triage-share"),
    path(
        "triage/<uuid:report_id>/share/withdraw/",
        triage.withdraw_share,
        name="triage-share-withdraw",
    ),
    # Category administration.
    path("categories/", categories.category_list, name="categories"),
    path("categories/add/", categories.category_edit, name="category-add"),
    path("categories/<slug:code>/", categories.category_edit, name="category-edit"),
]
