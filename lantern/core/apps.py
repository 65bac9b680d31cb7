from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lantern.core"
    label = "core"
    verbose_name = "Lantern core"

    def ready(self) -> None:
        from lantern.core import checks, processing_declarations  # noqa: F401  (registers)
