from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lantern.core"
    label = "core"
    verbose_name = "Lantern core"

    def ready(self) -> None:
        from lantern.core import checks  # noqa: F401  (registers the deploy checks)
