from lantern.core.appconfig import DomainAppConfig


class EvidenceConfig(DomainAppConfig):
    default = True  # the module also names DomainAppConfig: say which config is the app's
    name = "lantern.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        super().ready()
        import lantern.evidence.bundles.services  # noqa: F401 (its audit actions)
        import lantern.evidence.redaction.services  # noqa: F401 (its audit actions)
        from lantern.core.media import register_media_keeper
        from lantern.evidence.intake import KEEPER

        # Files sent with reports by Open311 clients become evidence (lantern.core.media).
        register_media_keeper(KEEPER)
        # A resident's own data: their files and statements (lantern.core.directory).
        from lantern.core import directory
        from lantern.evidence.own_data import PART

        directory.register_own_data_part(PART)
        # A subject access request finds the files and statements a person handed over.
        from lantern.evidence import subject_access

        directory.register_subject_finder("evidence", subject_access.find)
