from lantern.core.appconfig import DomainAppConfig


class IntelligenceConfig(DomainAppConfig):
    # apps.py also imports DomainAppConfig, so Django needs telling which class is the app's.
    default = True
    name = "lantern.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence"
