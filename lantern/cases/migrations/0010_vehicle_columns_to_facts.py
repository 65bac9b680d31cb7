"""What a vehicle row held (make, model, colour, its registered keeper) becomes statements:
each attributed to the organisation of the oldest case the vehicle is a subject of, in that
case's partnership (the keeper as from a DVLA keeper enquiry for that case, as
vehicle_set_keeper recorded it); a vehicle on no case gives statements of unknown source in
the oldest partnership. Then the columns go (0011)."""

from django.db import migrations

DESCRIPTION = ("make", "model", "colour")
KEEPER = ("keeper_name", "keeper_address")


def _values(vehicle):
    values = {name: getattr(vehicle, name).strip() for name in (*DESCRIPTION, *KEEPER)}
    if vehicle.keeper_person_id is not None:
        values["keeper_person"] = str(vehicle.keeper_person_id)
    return {name: value for name, value in values.items() if value}


def _oldest_partnership(Partnership):
    oldest = Partnership.objects.order_by("created_at").first()
    return oldest or Partnership.objects.create(name="Default partnership")


def forwards(apps, schema_editor):
    Vehicle = apps.get_model("cases", "Vehicle")
    CaseSubject = apps.get_model("cases", "CaseSubject")
    Fact = apps.get_model("cases", "Fact")
    Partnership = apps.get_model("accounts", "Partnership")
    for vehicle in Vehicle.objects.order_by("registration").iterator():
        values = _values(vehicle)
        if not values:
            continue
        link = (
            CaseSubject.objects.filter(vehicle_id=vehicle.pk)
            .select_related("case")
            .order_by("case__created_at", "case_id")
            .first()
        )
        case = link.case if link is not None else None
        for name, value in values.items():
            if case is None:
                source_type = "unknown"
            else:
                source_type = "case" if name in DESCRIPTION else "dvla_keeper_enquiry"
            Fact.objects.create(
                subject_type="vehicle",
                subject_id=vehicle.pk,
                property=name,
                value=value,
                organisation_id=case.organisation_id if case else None,
                partnership_id=(
                    case.partnership_id if case else _oldest_partnership(Partnership).pk
                ),
                case=case,
                source_type=source_type,
                source_id=case.pk if case is not None and source_type == "case" else None,
                asserted_at=vehicle.updated_at,
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_fact")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
