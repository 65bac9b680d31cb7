"""Accounts in the API: who am I, organisations, my API tokens."""

import uuid

from ninja import Router, Status

from lantern.accounts import selectors, services
from lantern.accounts.api_auth import SessionAuth
from lantern.accounts.schemas import (
    MembershipOut,
    MeOut,
    OrganisationOut,
    PartnershipOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from lantern.core.api import ErrorOut, FieldErrorsOut, actor_of
from lantern.core.http import LanternRequest

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut)
def me(request: LanternRequest):
    actor = actor_of(request)
    user = selectors.user_get(actor=actor, user_id=actor.user_id)  # type: ignore[arg-type]
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        roles=[
            MembershipOut(
                role=m.role,
                organisation_id=m.organisation_id,
                organisation_name=m.organisation.name if m.organisation else None,
            )
            for m in selectors.own_memberships(actor=actor)
        ],
        partnerships=[
            PartnershipOut(id=pk, name=name)
            for pk, name in selectors.partnership_names().items()
            if pk in actor.partnership_ids
        ],
    )


@router.get("/organisations", response=list[OrganisationOut])
def organisation_list(request: LanternRequest):
    return list(selectors.organisation_list(actor=actor_of(request)))


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, 404: ErrorOut})
def organisation_get(request: LanternRequest, organisation_id: uuid.UUID):
    return selectors.organisation_get(actor=actor_of(request), organisation_id=organisation_id)


@router.get("/tokens", response=list[TokenOut])
def token_list(request: LanternRequest):
    return list(selectors.api_token_list(actor=actor_of(request)))


@router.post(
    "/tokens",
    auth=SessionAuth(),  # a token may not mint more tokens: revoking one must cut it off
    response={201: TokenCreatedOut, 422: FieldErrorsOut, 403: ErrorOut},
)
def token_create(request: LanternRequest, payload: TokenIn):
    actor = actor_of(request)
    if not selectors.can_manage_own_tokens(actor=actor):
        return Status(403, {"detail": "You may not create API tokens"})
    user = selectors.user_get(actor=actor, user_id=actor.user_id)  # type: ignore[arg-type]
    record, token = services.api_token_create(
        actor=actor, user=user, name=payload.name, partnership_id=payload.partnership_id
    )
    return Status(
        201,
        TokenCreatedOut(
            id=record.pk,
            name=record.name,
            partnership_id=record.partnership_id,
            prefix=record.prefix,
            created_at=record.created_at,
            last_used_at=None,
            revoked_at=None,
            token=token,
        ),
    )


@router.delete("/tokens/{token_id}", response={204: None, 404: ErrorOut})
def token_revoke(request: LanternRequest, token_id: uuid.UUID):
    services.api_token_revoke(actor=actor_of(request), token_id=token_id)
    return Status(204, None)
