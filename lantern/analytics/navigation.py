"""The analytics app's links in the service navigation."""

from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Hotspots", "analytics:hotspots", Permission.HOTSPOT_VIEW))
register(NavItem("Patrols", "analytics:patrol-plans", Permission.PATROL_PLAN_VIEW))
register(NavItem("Partnership", "analytics:dashboard", Permission.PARTNERSHIP_DASHBOARD_VIEW))
