from lantern.core.appconfig import DomainAppConfig


class ReportsConfig(DomainAppConfig):
    name = "lantern.reports"
    label = "reports"
    verbose_name = "Reports"
