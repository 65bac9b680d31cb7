from django.urls import path

from lantern.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.case_disclosure, name="case"),
    path("cases/<uuid:case_id>/lines/<uuid:line_id>/", views.line_edit, name="line"),
    path("cases/<uuid:case_id>/reveal/", views.reveal, name="reveal"),
    path("cases/<uuid:case_id>/disclose/", views.disclose, name="disclose"),
    path("cases/<uuid:case_id>/schedule.pdf", views.schedule_pdf, name="pdf"),
]
