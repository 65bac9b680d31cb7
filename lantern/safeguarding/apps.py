from lantern.core.appconfig import DomainAppConfig


class SafeguardingConfig(DomainAppConfig):
    # DomainAppConfig is imported here too, so Django would see two candidate configs and
    # fall back to a plain AppConfig (whose ready() registers nothing) without this flag.
    default = True
    name = "lantern.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"
