from django.urls import path

from lantern.frontend import views

app_name = "frontend"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
