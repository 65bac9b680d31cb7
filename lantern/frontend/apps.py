from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "lantern.frontend"
    label = "frontend"
    verbose_name = "Pages and GOV.UK Frontend"
