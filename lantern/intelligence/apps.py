from lantern.core.appconfig import DomainAppConfig


class IntelligenceConfig(DomainAppConfig):
    # apps.py also imports DomainAppConfig, so Django needs telling which class is the app's.
    default = True
    name = "lantern.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence"

    def ready(self) -> None:
        super().ready()
        from lantern.core import directory
        from lantern.intelligence.selectors import subject_access

        # A subject access request finds the intelligence about a person
        # (lantern/intelligence/selectors/subject_access.py).
        directory.register_subject_finder("intelligence", subject_access.find)
