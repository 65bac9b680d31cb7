"""The intelligence app's link in the service navigation."""

from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Intelligence", "intelligence:home", Permission.INTELLIGENCE_VIEW))
