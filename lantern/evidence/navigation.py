"""Evidence pages in the service navigation."""

from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Evidence", "evidence:items", Permission.EVIDENCE_VIEW))
