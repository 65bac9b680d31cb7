from lantern.core.appconfig import DomainAppConfig


class NotificationsConfig(DomainAppConfig):
    # apps.py also imports DomainAppConfig, so Django needs telling which class is the app's
    # (without this it falls back to a plain AppConfig whose ready() registers nothing).
    default = True
    name = "lantern.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        super().ready()
        from lantern.notifications import checks  # noqa: F401  (registers the deploy checks)
