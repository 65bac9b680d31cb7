"""The accounts app's models, declared for the record of processing activities."""

from lantern.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Share,
    User,
)
from lantern.core.processing import Rule, declare, gdpr, no_personal_data

ACCOUNTS = gdpr("Running the accounts of residents and staff, and who may see what")

declare(
    User,
    name="User account",
    data="Email address, display name, password hash, sign-in times.",
    processing=(ACCOUNTS,),
    retention=Rule.USER_ACCOUNT,
)
declare(
    Membership,
    name="Role membership",
    data="Which role a user holds in which organisation.",
    processing=(ACCOUNTS,),
    retention=Rule.USER_ACCOUNT,
)
declare(
    ApiToken,
    name="API token",
    data="The user a token belongs to, its name and when it was last used.",
    processing=(ACCOUNTS,),
    retention=Rule.USER_ACCOUNT,
)
declare(
    Share,
    name="Record shared between partnerships",
    data="Who shared a record and why (free text that may name people).",
    processing=(
        gdpr("Sharing a record with another partnership on purpose, and accounting for it"),
    ),
    retention=Rule.CASEWORK,
)
no_personal_data(
    Organisation,
    name="Organisation",
    reason="A police force, council or agency: its public name, address and contacts.",
)
no_personal_data(
    Partnership,
    name="Community safety partnership",
    reason="A partnership's name and boundary.",
)
no_personal_data(
    PartnershipMember,
    name="Partnership member",
    reason="Which organisation belongs to which partnership.",
)
