from lantern.core.appconfig import DomainAppConfig


class SubjectAccessConfig(DomainAppConfig):
    # DomainAppConfig is imported here too: without this flag Django would see two candidate
    # configs and fall back to a plain AppConfig whose ready() registers nothing.
    default = True
    name = "lantern.subjectaccess"
    label = "subjectaccess"
    verbose_name = "Subject access"
