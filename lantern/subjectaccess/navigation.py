from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Subject access", "subjectaccess:list", Permission.SUBJECT_ACCESS_MANAGE))
