from django.db import migrations

from lantern.reports.categories import DEFAULT_CATEGORIES


def load(apps, schema_editor):
    Category = apps.get_model("reports", "Category")
    for order, data in enumerate(DEFAULT_CATEGORIES):
        fields = {"order": (order + 1) * 10, **data}
        code = fields.pop("code")
        Category.objects.get_or_create(code=code, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
