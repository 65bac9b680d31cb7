from lantern.core.appconfig import DomainAppConfig


class DisclosureConfig(DomainAppConfig):
    # DomainAppConfig is imported here too: without this flag Django would see two candidate
    # configs and fall back to a plain AppConfig whose ready() registers nothing.
    default = True
    name = "lantern.disclosure"
    label = "disclosure"
    verbose_name = "Disclosure"

    def ready(self) -> None:
        super().ready()
        from lantern.core import directory
        from lantern.disclosure.selectors.schedules import revealed_schedules

        directory.register_bundle_documents_lookup(revealed_schedules)
