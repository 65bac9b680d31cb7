from lantern.core.appconfig import DomainAppConfig


class ReportsConfig(DomainAppConfig):
    # apps.py imports DomainAppConfig too, so Django must be told which class is the app's
    # (otherwise it falls back to a plain AppConfig whose ready() registers nothing).
    default = True
    name = "lantern.reports"
    label = "reports"
    verbose_name = "Reports"
