from django.urls import path

from lantern.places import views

app_name = "places"

urlpatterns = [
    path("cameras/", views.camera_list, name="cameras"),
    path("cameras/register/", views.camera_register, name="camera-register"),
    path("cameras/<uuid:camera_id>/", views.camera_detail, name="camera"),
    path("cameras/<uuid:camera_id>/edit/", views.camera_edit, name="camera-edit"),
    path("cameras/<uuid:camera_id>/remove/", views.camera_remove, name="camera-remove"),
    path(
        "cameras/<uuid:camera_id>/footage-deleted/",
        views.camera_footage_deleted,
        name="camera-footage-deleted",
    ),
    path("search/", views.camera_search, name="search"),
    path("cameras/<uuid:camera_id>/request/", views.request_new, name="request-new"),
    path("requests/", views.request_list, name="requests"),
    path("requests/sent/", views.request_sent_list, name="requests-sent"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request"),
    path("requests/<uuid:request_id>/decline/", views.request_decline, name="request-decline"),
]
