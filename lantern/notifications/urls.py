from django.urls import path

from lantern.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.settings_page, name="settings"),
]
