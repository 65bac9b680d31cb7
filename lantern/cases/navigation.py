from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Cases", "cases:list", Permission.CASE_VIEW))
register(NavItem("ASB Case Review", "cases:review", Permission.CASE_REVIEW_APPLY))
