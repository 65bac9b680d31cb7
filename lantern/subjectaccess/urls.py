from django.urls import path

from lantern.subjectaccess import views

app_name = "subjectaccess"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<uuid:request_id>/", views.request_detail, name="detail"),
    path("<uuid:request_id>/clock/", views.clock, name="clock"),
    path("<uuid:request_id>/extend/", views.extend, name="extend"),
    path("<uuid:request_id>/search/", views.search, name="search"),
    path("<uuid:request_id>/found/<uuid:found_id>/", views.review, name="review"),
    path("<uuid:request_id>/release/", views.release, name="release"),
    path("<uuid:request_id>/response.<str:fmt>", views.download, name="download"),
]
