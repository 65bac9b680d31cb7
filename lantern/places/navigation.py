"""The places app's links in the service navigation."""

from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Your cameras", "places:cameras", Permission.CAMERA_REGISTER))
register(NavItem("Find cameras", "places:search", Permission.CAMERA_SEARCH))
