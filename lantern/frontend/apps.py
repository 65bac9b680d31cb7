from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "lantern.frontend"
    label = "frontend"
    verbose_name = "Pages and GOV.UK Frontend"

    def ready(self) -> None:
        from lantern.frontend import checks, govuk_render  # noqa: F401  (checks registers)

        govuk_render.install()
