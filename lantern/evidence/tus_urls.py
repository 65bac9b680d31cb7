"""The tus endpoint, mounted at /uploads/ in config/urls.py."""

from django.urls import path

from lantern.evidence import tus

app_name = "tus"

urlpatterns = [
    path("", tus.collection, name="collection"),
    path("<uuid:upload_id>/", tus.resource, name="upload"),
]
