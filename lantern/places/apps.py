from lantern.core.appconfig import DomainAppConfig


class PlacesConfig(DomainAppConfig):
    name = "lantern.places"
    label = "places"
    verbose_name = "Places and cameras"
