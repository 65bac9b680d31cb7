"""What intelligence may say, declared as data (FollowTheMoney's schemata are the model).

Each entity type names its properties; each link type names the entity types it may go
from and to, whether it has a direction, its label read forwards and backwards, and whether
it happened at a time (a call). Models, forms, the API, imports and exports all read these
declarations: adding a property or a link type is a change here, not a new model.

An entity is one person, vehicle, phone, address or premises, online account, organisation
or place. People and vehicles are the records casework uses (``cases.Person``,
``cases.Vehicle``): an entity of those types points at that record and never copies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lantern.core.registration import InvalidRegistration
from lantern.core.registration import normalise as normalise_registration


@dataclass(frozen=True)
class Prop:
    name: str
    label: str
    kind: str = "text"  # text, date, phone, email, url, registration


@dataclass(frozen=True)
class EntitySchema:
    name: str
    label: str
    plural: str
    props: tuple[Prop, ...]
    # The property that identifies one of these for certain (a phone's number, a vehicle's
    # registration): two entities with the same key in a partnership are the same entity.
    # Empty where no property does (people, organisations, places).
    key: str = ""
    description: str = ""

    def prop(self, name: str) -> Prop | None:
        return next((p for p in self.props if p.name == name), None)


@dataclass(frozen=True)
class LinkSchema:
    name: str
    label: str  # read from source to target: "A <label> B"
    reverse_label: str  # read from target to source: "B <reverse_label> A"
    sources: frozenset[str]
    targets: frozenset[str]
    directed: bool = True
    timed: bool = False  # it happened at a moment (a call), not over a period
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def allows(self, source: str, target: str) -> bool:
        if source in self.sources and target in self.targets:
            return True
        # An undirected link reads the same both ways.
        return not self.directed and target in self.sources and source in self.targets


PERSON = "person"
VEHICLE = "vehicle"
PHONE = "phone"
ADDRESS = "address"
ACCOUNT = "online_account"
ORGANISATION = "organisation"
PLACE = "place"

ENTITIES: dict[str, EntitySchema] = {
    s.name: s
    for s in (
        EntitySchema(
            PERSON,
            "Person",
            "People",
            (
                Prop("name", "Name"),
                Prop("alias", "Other name"),
                Prop("date_of_birth", "Date of birth", "date"),
                Prop("description", "Description"),
                Prop("nationality", "Nationality"),
            ),
            description="A person: the same record casework uses, one for all their cases.",
        ),
        EntitySchema(
            VEHICLE,
            "Vehicle",
            "Vehicles",
            (
                Prop("registration", "Registration", "registration"),
                Prop("make", "Make"),
                Prop("model", "Model"),
                Prop("colour", "Colour"),
            ),
            key="registration",
        ),
        EntitySchema(
            PHONE,
            "Phone",
            "Phones",
            (Prop("number", "Number", "phone"), Prop("handset", "Handset")),
            key="number",
        ),
        EntitySchema(
            ADDRESS,
            "Address or premises",
            "Addresses and premises",
            (
                Prop("address", "Address"),
                Prop("postcode", "Postcode"),
                Prop("premises_use", "Use of the premises"),
            ),
            key="address",
        ),
        EntitySchema(
            ACCOUNT,
            "Online account",
            "Online accounts",
            (
                Prop("handle", "Name or handle"),
                Prop("service", "Service"),
                Prop("url", "Link", "url"),
            ),
            key="handle",
        ),
        EntitySchema(
            ORGANISATION,
            "Organisation",
            "Organisations",
            (Prop("name", "Name"), Prop("kind", "What it is")),
        ),
        EntitySchema(
            PLACE,
            "Place",
            "Places",
            (
                Prop("name", "Name"),
                Prop("latitude", "Latitude"),
                Prop("longitude", "Longitude"),
            ),
        ),
    )
}

_ANY_PARTY = frozenset({PERSON, ORGANISATION})
_WHERE = frozenset({ADDRESS, PLACE})

LINKS: dict[str, LinkSchema] = {
    s.name: s
    for s in (
        LinkSchema(
            "associate_of",
            "is an associate of",
            "is an associate of",
            frozenset({PERSON}),
            frozenset({PERSON}),
            directed=False,
        ),
        LinkSchema(
            "controls",
            "is suspected of controlling",
            "is suspected to be controlled by",
            frozenset({PERSON}),
            frozenset({PERSON}),
        ),
        LinkSchema(
            "uses_phone", "uses phone", "is used by", frozenset({PERSON}), frozenset({PHONE})
        ),
        LinkSchema(
            "uses_vehicle",
            "drives or is seen in",
            "is driven by or seen carrying",
            frozenset({PERSON}),
            frozenset({VEHICLE}),
        ),
        LinkSchema("lives_at", "lives at", "is the home of", frozenset({PERSON}), _WHERE),
        LinkSchema(
            "frequents",
            "frequents",
            "is frequented by",
            frozenset({PERSON, VEHICLE}),
            _WHERE,
        ),
        LinkSchema(
            "called", "called", "was called by", frozenset({PHONE}), frozenset({PHONE}), timed=True
        ),
        LinkSchema(
            "transported",
            "transported",
            "was transported by",
            frozenset({PERSON, VEHICLE}),
            frozenset({PERSON}),
        ),
        LinkSchema("paid", "paid", "was paid by", _ANY_PARTY, _ANY_PARTY),
        LinkSchema(
            "uses_account",
            "uses the online account",
            "is used by",
            frozenset({PERSON, ORGANISATION}),
            frozenset({ACCOUNT}),
        ),
        LinkSchema(
            "member_of",
            "is a member of",
            "has as a member",
            frozenset({PERSON}),
            frozenset({ORGANISATION}),
        ),
        LinkSchema(
            "linked_to",
            "is linked to",
            "is linked to",
            frozenset(ENTITIES),
            frozenset(ENTITIES),
            directed=False,
            description="A tie of a kind not named above, as imported edge lists give them.",
        ),
    )
}


def entity_schema(name: str) -> EntitySchema:
    try:
        return ENTITIES[name]
    except KeyError:
        raise ValueError(
            f"Unknown entity type {name!r}: choose one of {', '.join(ENTITIES)}"
        ) from None


def link_schema(name: str) -> LinkSchema:
    try:
        return LINKS[name]
    except KeyError:
        raise ValueError(f"Unknown link type {name!r}: choose one of {', '.join(LINKS)}") from None


_SPACES = re.compile(r"\s+")


def normalise_key(schema: str, value: str) -> str:
    """The form of an identifying property two records share when they are the same thing:
    a phone's digits (+44 and 0 read alike), a registration without spaces, an address or a
    handle in lower case with single spaces."""
    text = _SPACES.sub(" ", str(value or "")).strip()
    if not text:
        return ""
    if schema == PHONE:
        digits = re.sub(r"\D", "", text)
        if digits.startswith("44") and len(digits) > 10:
            digits = "0" + digits[2:]
        return digits
    if schema == VEHICLE:
        try:
            return normalise_registration(text)
        except InvalidRegistration:
            # Not a UK mark (a foreign plate, a partial read): compared in its compact form.
            return re.sub(r"[\s\-.]", "", text.upper())
    return text.lower()
