from lantern.core.appconfig import DomainAppConfig


class AnalyticsConfig(DomainAppConfig):
    name = "lantern.analytics"
    label = "analytics"
    verbose_name = "Analytics"
