from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "lantern.frontend"
    label = "frontend"
    verbose_name = "Pages and GOV.UK Frontend"

    def ready(self) -> None:
        from lantern.frontend import govuk_render

        govuk_render.install()
