from lantern.core.appconfig import DomainAppConfig


class EvidenceConfig(DomainAppConfig):
    default = True  # the module also names DomainAppConfig: say which config is the app's
    name = "lantern.evidence"
    label = "evidence"
    verbose_name = "Evidence"
