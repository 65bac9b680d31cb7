from django.urls import path

from lantern.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("events/<int:seq>/", views.event_detail, name="event"),
    path("verify/", views.verify, name="verify"),
]
