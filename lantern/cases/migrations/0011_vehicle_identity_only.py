"""A vehicle row keeps only its identity, the normalised registration: what organisations
know about it is in their statements (0010, docs/adr/0016-facts-as-statements.md)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_vehicle_columns_to_facts")]

    operations = [
        migrations.RemoveField(model_name="vehicle", name=name)
        for name in ("make", "model", "colour", "keeper_name", "keeper_address", "keeper_person")
    ]
