"""The accounts app's pages in the service navigation."""

from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Organisations", "accounts:organisations", Permission.ORGANISATION_MANAGE))
register(NavItem("Partnerships", "accounts:partnerships", Permission.ORGANISATION_MANAGE))
