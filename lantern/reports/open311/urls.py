"""GeoReport v2 at /open311/v2/ (config/urls.py includes this). The format is the extension."""

from django.urls import re_path

from lantern.reports.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>[^/.]{1,10})$"
ID = r"(?P<{}>[^/.]{{1,200}})"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services/" + ID.format("code") + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests, name="requests"),
    re_path(r"^requests/" + ID.format("request_id") + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/" + ID.format("token_id") + FMT, views.token, name="token"),
    re_path(r"^servicerequestupdates" + FMT, views.request_updates, name="updates"),
]
