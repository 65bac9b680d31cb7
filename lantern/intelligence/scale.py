"""Intelligence of the borough-scale data set (``lantern.core.scale``): graded, sanitised
intelligence reports recorded by police staff over the five years, each mentioning one to
four entities (people and vehicles on casework's records, found or made one per partnership
as entity_for_person and entity_for_vehicle make them; phones and addresses found by their
identifying value as entity_create finds them), about half asserting a graded link between
two of the entities they mention. The people and vehicles are read from the database, so
this runs on a data set seeded already. Each record has the audit event its service writes
(report recorded, entity created, link added), never the text. No source records, statements
or resolution candidates."""

from __future__ import annotations

import itertools
from datetime import timedelta

from lantern.core.registration import display as display_registration
from lantern.core.scale import ScaleContext, past_time, rows, skewed_index
from lantern.intelligence.models import Handling, Origin
from lantern.intelligence.schema import ADDRESS, PERSON, PHONE, VEHICLE, normalise_key
from lantern.intelligence.selectors import access
from lantern.intelligence.services.entities import ENTITY_CREATED, LINK_ADDED
from lantern.intelligence.services.reports import REPORT_RECORDED

SOURCE_EVALUATIONS = (["1", "2", "3"], [30, 55, 15])
ASSESSMENTS = (["A", "B", "C", "D", "E"], [15, 35, 30, 15, 5])
C_SHARE, C_PARTNERS_SHARE = 0.2, 0.5
CONDITIONS = "Police only unless the source handler agrees otherwise (fictional)."
MENTIONS = ([PERSON, VEHICLE, PHONE, ADDRESS], [55, 20, 15, 10])
LINK_SHARE = 0.5
# The link asserted between two kinds of entity mentioned together (schema.LINKS allows it).
LINK_TYPES = {
    (PERSON, PERSON): "associate_of",
    (PERSON, PHONE): "uses_phone",
    (PERSON, VEHICLE): "uses_vehicle",
    (PERSON, ADDRESS): "frequents",
    (VEHICLE, ADDRESS): "frequents",
}
WRITERS = ("police_officer", "pcso", "analyst")
TEXT = "Fictional intelligence {n}: seen together near a hotspot in the evenings."
STREETS = ["Larkspur Row", "Tansy Lane", "Foxglove Street", "Wren Parade", "Orchard Mews"]


def _numbers() -> list[str]:
    """Ofcom's numbers for drama (07700 900000-900999, 01632 960000-960999): fictional."""
    return [f"07700 900{n:03d}" for n in range(1000)] + [f"01632 960{n:03d}" for n in range(1000)]


def _addresses() -> list[str]:
    return [f"{n} {street}, Eastmere" for street in STREETS for n in range(1, 201)]


class _Entities:
    """The partnership's entities, read from the database, made on first use."""

    def __init__(self, ctx: ScaleContext) -> None:
        self.ctx = ctx
        where = {"partnership_id": ctx.partnership_id}
        self.by_person = dict(
            rows("intelligence.Entity", "person_id", "id", person__isnull=False, **where)
        )
        self.by_vehicle = dict(
            rows("intelligence.Entity", "vehicle_id", "id", vehicle__isnull=False, **where)
        )
        self.by_key = {
            (s, k): pk
            for s, k, pk in rows("intelligence.Entity", "schema", "key", "id", **where)
            if k
        }
        self.people = sorted(rows("cases.Person", "id", "given_name", "family_name", **where))
        self.vehicles = sorted(rows("cases.Vehicle", "id", "registration"))
        self.numbers, self.addresses = _numbers(), _addresses()
        self.made = 0

    def pick(self, schema: str, at, writer) -> object | None:
        if schema == PERSON and self.people:
            pk, given, family = self.people[skewed_index(self.ctx, len(self.people))]
            return self._get(
                self.by_person,
                pk,
                at,
                writer,
                schema=PERSON,
                caption=f"{given} {family}".strip() or "Unnamed person",
                person_id=pk,
            )
        if schema == VEHICLE and self.vehicles:
            pk, registration = self.vehicles[skewed_index(self.ctx, len(self.vehicles))]
            return self._get(
                self.by_vehicle,
                pk,
                at,
                writer,
                schema=VEHICLE,
                caption=display_registration(registration),
                key=registration,
                vehicle_id=pk,
            )
        if schema in (PHONE, ADDRESS):
            values = self.numbers if schema == PHONE else self.addresses
            value = values[skewed_index(self.ctx, len(values), power=2.0)]
            key = normalise_key(schema, value)
            return self._get(
                self.by_key, (schema, key), at, writer, schema=schema, caption=value, key=key
            )
        return None

    def _get(self, found: dict, lookup, at, writer, **values) -> object:
        if lookup in found:
            return found[lookup]
        pk = found[lookup] = self.ctx.uuid()
        values = {"person_id": None, "vehicle_id": None, **values}  # every row gives each field
        if values.get("key"):
            self.by_key[(values["schema"], values["key"])] = pk
        self.ctx.writer.add("intelligence.Entity", id=pk, partnership_id=self.ctx.partnership_id,
                            key=values.pop("key", ""), created_by_id=writer, merged_into_id=None,
                            created_at=at, updated_at=at, **values)  # fmt: skip
        if self.ctx.audit is not None:
            self.ctx.audit(at=at, actor=str(writer), action=ENTITY_CREATED,
                           object_type=access.ENTITY, object_id=pk,
                           details={"schema": values["schema"]})  # fmt: skip
        self.made += 1
        return pk


def _grading(ctx: ScaleContext) -> dict[str, object]:
    """As Grading.fields(): conditions only for C; P shared with partners."""
    rng = ctx.rng
    c = rng.random() < C_SHARE
    return {
        "source_evaluation": rng.choices(*SOURCE_EVALUATIONS)[0],
        "assessment": rng.choices(*ASSESSMENTS)[0],
        "handling": Handling.C if c else Handling.P,
        "handling_conditions": CONDITIONS if c else "",
        "partners_may_see": rng.random() < C_PARTNERS_SHARE if c else True,
    }


def _grade(fields: dict[str, object]) -> str:
    return f"{fields['source_evaluation']}{fields['assessment']}-{fields['handling']}"


def seed_scale(ctx: ScaleContext) -> None:
    writers = [ctx.staff[r] for r in WRITERS if r in ctx.staff]
    police = ctx.organisations.get("police")
    if not writers or police is None:
        return
    rng, add, entities = ctx.rng, ctx.writer.add, _Entities(ctx)
    taken = {r for (r,) in rows("intelligence.IntelligenceReport", "reference")}
    links = 0
    for n in range(ctx.count("intelligence")):
        report_id, at, writer = ctx.uuid(), past_time(ctx), rng.choice(writers)
        reference = "IR-" + report_id.hex[:8].upper()
        while reference in taken:
            reference = "IR-" + ctx.uuid().hex[:8].upper()
        taken.add(reference)
        grading = _grading(ctx)
        occurred = (at - timedelta(days=rng.randrange(0, 14))).date()
        mentioned = {}
        for _ in range(rng.randrange(1, 5)):
            schema = rng.choices(*MENTIONS)[0]
            pk = entities.pick(schema, at, writer)
            if pk is not None:
                mentioned[pk] = schema
        add("intelligence.IntelligenceReport", id=report_id, reference=reference,
            partnership_id=ctx.partnership_id, organisation_id=police, submitted_by_id=writer,
            submitted_at=at, text=TEXT.format(n=n), origin_type=Origin.OFFICER, origin_id=None,
            source_name="", occurred_from=occurred, occurred_to=occurred, created_at=at,
            updated_at=at, **grading)  # fmt: skip
        for entity_id in mentioned:
            add("intelligence.IntelligenceReport_mentions", intelligencereport_id=report_id,
                entity_id=entity_id)  # fmt: skip
        if ctx.audit is not None:
            ctx.audit(at=at, actor=str(writer), action=REPORT_RECORDED,
                      object_type=access.REPORT, object_id=report_id,
                      details={"grade": _grade(grading), "origin_type": str(Origin.OFFICER),
                               "mentions": len(mentioned)})  # fmt: skip
        if rng.random() < LINK_SHARE:
            links += _link(ctx, list(mentioned.items()), report_id, at, writer, police)
    ctx.say(f"intelligence: {ctx.count('intelligence')} reports, {entities.made} entities, "
            f"{links} links")  # fmt: skip


def _link(ctx: ScaleContext, mentioned: list, report_id, at, writer, police) -> int:
    """A graded link between two entities the report mentions, recorded from it (link_add)."""
    for (a, sa), (b, sb) in itertools.pairwise(mentioned):
        link_type = LINK_TYPES.get((sa, sb))
        if link_type is None and (sb, sa) in LINK_TYPES:
            (a, sa), (b, sb) = (b, sb), (a, sa)
            link_type = LINK_TYPES[(sa, sb)]
        if link_type is None:
            continue
        grading = _grading(ctx)
        link_id, later = ctx.uuid(), at + timedelta(minutes=ctx.rng.randrange(1, 30))
        ctx.writer.add("intelligence.Link", id=link_id, link_type=link_type, source_id=a,
                       target_id=b, occurred_at=None, weight=1.0,
                       partnership_id=ctx.partnership_id, organisation_id=police,
                       asserted_by_id=writer, asserted_at=later, origin_type=Origin.OFFICER,
                       origin_id=None, report_id=report_id, valid_from=None, valid_to=None,
                       retracted_at=None, retracted_by_id=None, created_at=later,
                       updated_at=later, **grading)  # fmt: skip
        if ctx.audit is not None:
            ctx.audit(at=later, actor=str(writer), action=LINK_ADDED, object_type=access.LINK,
                      object_id=link_id,
                      details={"link_type": link_type, "grade": _grade(grading)})  # fmt: skip
        return 1
    return 0
