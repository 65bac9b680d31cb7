from lantern.core.appconfig import DomainAppConfig


class CasesConfig(DomainAppConfig):
    name = "lantern.cases"
    label = "cases"
    verbose_name = "Cases and enforcement"
