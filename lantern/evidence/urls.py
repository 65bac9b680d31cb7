from django.urls import path

from lantern.evidence import views
from lantern.evidence.bundles import views as bundle_views
from lantern.evidence.redaction.urls import urlpatterns as redaction_urls

app_name = "evidence"

# The report journey links its confirmation page to "evidence:report-upload" once that name
# exists. It takes this name only when reports keeps the report just made in the session
# (views.LAST_REPORT_SESSION_KEY): until then every reporter would meet a 404 there.
REPORT_UPLOAD_NAME = "report-upload"

urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("upload/file/", views.upload_file, name="upload-file"),
    path("upload/with-link/", views.upload_with_link, name="upload-with-link"),
    path("receipt/", views.receipt, name="receipt"),
    path("reports/<str:reference>/upload/", views.report_upload, name=REPORT_UPLOAD_NAME),
    path("items/", views.item_list, name="items"),
    path("items/<uuid:item_id>/", views.item_detail, name="item"),
    path("items/<uuid:item_id>/download/", views.item_download, name="item-download"),
    path("items/<uuid:item_id>/preview.jpg", views.item_preview, name="item-preview"),
    path("items/<uuid:item_id>/play/", views.item_play, name="item-play"),
    path("items/<uuid:item_id>/share/", views.item_share, name="item-share"),
    path(
        "items/<uuid:item_id>/shares/<uuid:share_id>/withdraw/",
        views.item_share_withdraw,
        name="item-share-withdraw",
    ),
    path("cases/<uuid:case_id>/exhibits/", views.case_exhibits, name="case-exhibits"),
    path(
        "cases/<uuid:case_id>/statements/<uuid:statement_id>/exhibits/",
        views.statement_exhibits_page,
        name="case-statement-exhibits",
    ),
    path(
        "cases/<uuid:case_id>/statements/<uuid:statement_id>/exhibits/remove/",
        views.statement_exhibit_remove,
        name="case-statement-exhibit-remove",
    ),
    # Bundles for the prosecution or the defence (lantern.evidence.bundles).
    path("cases/<uuid:case_id>/bundles/", bundle_views.case_bundles, name="case-bundles"),
    path(
        "cases/<uuid:case_id>/bundles/<uuid:bundle_id>/download/",
        bundle_views.case_bundle_download,
        name="case-bundle-download",
    ),
    path("keys/", bundle_views.public_keys, name="public-keys"),
    path("keys/verify_bundle.py", bundle_views.verify_script, name="verify-script"),
    path("keys/<str:key_id>.pem", bundle_views.public_key_pem, name="public-key"),
    path("statements/", views.statement_list, name="statements"),
    path("statements/new/", views.statement_start, name="statement-start"),
    path(
        "statements/new/report/<uuid:report_id>/",
        views.statement_start_report,
        name="statement-start-report",
    ),
    path("statements/<uuid:statement_id>/", views.statement_detail, name="statement"),
    path("statements/<uuid:statement_id>/edit/", views.statement_edit, name="statement-edit"),
    path("statements/<uuid:statement_id>/sign/", views.statement_sign, name="statement-sign"),
    path("statements/<uuid:statement_id>/mg11.pdf", views.statement_pdf, name="statement-pdf"),
    *redaction_urls,
]
