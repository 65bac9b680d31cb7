from lantern.core.appconfig import DomainAppConfig


class AnalyticsConfig(DomainAppConfig):
    # apps.py also imports DomainAppConfig, so Django needs telling which class is the app's.
    default = True
    name = "lantern.analytics"
    label = "analytics"
    verbose_name = "Analytics"
