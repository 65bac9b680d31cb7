import uuid
from datetime import datetime

from ninja import Field, Schema


class PartnershipOut(Schema):
    id: uuid.UUID
    name: str


class MembershipOut(Schema):
    role: str
    organisation_id: uuid.UUID | None
    organisation_name: str | None


class MeOut(Schema):
    id: uuid.UUID
    email: str
    display_name: str
    roles: list[MembershipOut]
    partnerships: list[PartnershipOut]


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    kind: str


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="What the token is for")
    partnership_id: uuid.UUID | None = Field(
        None,
        description="The partnership the token acts in: the client sees and files only its "
        "records. Needed when your organisations belong to more than one.",
    )


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    partnership_id: uuid.UUID | None
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The token itself. Shown once; keep it secret.")
