from lantern.core.appconfig import DomainAppConfig


class DataProtectionConfig(DomainAppConfig):
    # DomainAppConfig is imported here too: without this flag Django would see two candidate
    # configs and fall back to a plain AppConfig whose ready() registers nothing.
    default = True
    name = "lantern.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection"
