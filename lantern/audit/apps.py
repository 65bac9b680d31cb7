from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lantern.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Registers the dashboard panels and the deploy check of the signing key.
        from lantern.audit import checks, panels, processing  # noqa: F401
