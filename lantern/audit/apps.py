from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lantern.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from lantern.audit import panels  # noqa: F401  (registers the dashboard panels)
