"""URL wiring only: each app's pages, the API and Open311 are mounted here."""

from django.urls import include, path

from config.api import api
from lantern.core.views import health

urlpatterns = [
    # The API first: it answers the most requests, and no other prefix overlaps it.
    path("api/v1/", api.urls),
    path("", include("lantern.frontend.urls")),
    path("account/notifications/", include("lantern.notifications.urls")),
    path("account/", include("lantern.accounts.urls")),
    path("audit/", include("lantern.audit.urls")),
    path("places/", include("lantern.places.urls")),
    path("reports/", include("lantern.reports.urls")),
    path("open311/v2/", include("lantern.reports.open311.urls")),
    path("evidence/", include("lantern.evidence.urls")),
    path("uploads/", include("lantern.evidence.tus_urls")),
    path("cases/", include("lantern.cases.urls")),
    path("safeguarding/", include("lantern.safeguarding.urls")),
    path("intelligence/", include("lantern.intelligence.urls")),
    path("analytics/", include("lantern.analytics.urls")),
    path("disclosure/", include("lantern.disclosure.urls")),
    path("data-protection/", include("lantern.dataprotection.urls")),
    path("subject-access/", include("lantern.subjectaccess.urls")),
    path("health/", health, name="health"),
]

handler400 = "lantern.frontend.errors.bad_request"
handler403 = "lantern.frontend.errors.permission_denied"
handler404 = "lantern.frontend.errors.page_not_found"
handler500 = "lantern.frontend.errors.server_error"
