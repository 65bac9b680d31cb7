from lantern.core.appconfig import DomainAppConfig


class CasesConfig(DomainAppConfig):
    # DomainAppConfig is imported here too: without this flag Django sees two candidate
    # configs and falls back to a plain AppConfig, whose ready() registers nothing.
    default = True
    name = "lantern.cases"
    label = "cases"
    verbose_name = "Cases and enforcement"
