from lantern.core.appconfig import DomainAppConfig


class EvidenceConfig(DomainAppConfig):
    name = "lantern.evidence"
    label = "evidence"
    verbose_name = "Evidence"
