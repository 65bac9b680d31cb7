"""The reports app's links in the service navigation."""

from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Report an incident", "reports:start", Permission.REPORT_VIEW_OWN))
register(NavItem("Your reports", "reports:mine", Permission.REPORT_VIEW_OWN))
register(NavItem("Reports", "reports:triage", Permission.REPORT_VIEW))
register(NavItem("Report categories", "reports:categories", Permission.CATEGORY_MANAGE))
