from lantern.core.appconfig import DomainAppConfig


class SafeguardingConfig(DomainAppConfig):
    # DomainAppConfig is imported here too, so Django would see two candidate configs and
    # fall back to a plain AppConfig (whose ready() registers nothing) without this flag.
    default = True
    name = "lantern.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"

    def ready(self) -> None:
        super().ready()
        from lantern.core import directory
        from lantern.safeguarding.selectors import subject_access

        # A subject access request finds the safeguarding records about a person
        # (lantern/safeguarding/selectors/subject_access.py).
        directory.register_subject_finder("safeguarding", subject_access.find)
