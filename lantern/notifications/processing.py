"""The notifications app's models, declared for the record of processing activities."""

from lantern.core.processing import Rule, declare, gdpr
from lantern.notifications.models import Notification, Preference

MESSAGES = gdpr("Telling residents and staff about their reports and work")
declare(
    Notification,
    name="Notification",
    data="The recipient, the message's template and values, delivery status.",
    processing=(MESSAGES,),
    retention=Rule.NOTIFICATION,
)
declare(
    Preference,
    name="Notification preference",
    data="A staff user's choice about the daily email.",
    processing=(MESSAGES,),
    retention=Rule.USER_ACCOUNT,
)
