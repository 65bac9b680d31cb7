from lantern.core.appconfig import DomainAppConfig


class EvidenceConfig(DomainAppConfig):
    default = True  # the module also names DomainAppConfig: say which config is the app's
    name = "lantern.evidence"
    label = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        super().ready()
        # Bundles' and redaction's audit actions (they are not in services/).
        from lantern.core.media import register_media_keeper
        from lantern.evidence.bundles import services as _bundles  # noqa: F401
        from lantern.evidence.intake import KEEPER
        from lantern.evidence.redaction import services as _redaction  # noqa: F401

        # Files sent with reports by Open311 clients become evidence (lantern.core.media).
        register_media_keeper(KEEPER)
        # A resident's own data: their files and statements (lantern.core.directory).
        from lantern.core import directory, residents_data
        from lantern.evidence.own_data import PART

        residents_data.register_own_data_part(PART)
        # A subject access request finds the files and statements a person handed over.
        from lantern.evidence import subject_access

        directory.register_subject_finder("evidence", subject_access.find)
