from lantern.core.permissions import Permission
from lantern.frontend.navigation import NavItem, register

register(NavItem("Safeguarding", "safeguarding:home", Permission.SAFEGUARDING_QUEUE_VIEW))
register(NavItem("Referrals", "safeguarding:agency", Permission.AGENCY_REFERRAL_VIEW))
