"""The dataprotection app's link in the service navigation."""

from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Retention", "dataprotection:queue", Permission.RETENTION_REVIEW))
