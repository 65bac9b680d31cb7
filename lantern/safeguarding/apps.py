from lantern.core.appconfig import DomainAppConfig


class SafeguardingConfig(DomainAppConfig):
    name = "lantern.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"
