from lantern.core.appconfig import DomainAppConfig


class PlacesConfig(DomainAppConfig):
    # apps.py also imports DomainAppConfig, so Django needs telling which class is the app's
    # (without this it falls back to a plain AppConfig whose ready() registers nothing).
    default = True
    name = "lantern.places"
    label = "places"
    verbose_name = "Places and cameras"

    def ready(self) -> None:
        super().ready()
        from lantern.core import directory, residents_data
        from lantern.places import (
            checks,  # noqa: F401  (registers the geocoder settings check)
            subject_access,
        )
        from lantern.places.own_data import PART

        # A resident's own data: their cameras and the footage requests made to them.
        residents_data.register_own_data_part(PART)
        # A subject access request finds the cameras a person registered.
        directory.register_subject_finder("places", subject_access.find)
