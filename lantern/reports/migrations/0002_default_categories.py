"""The categories Lantern starts with. The data is copied here as it stood when this
migration was written: lantern/reports/categories.py may change later, this must not."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    {
        "code": "kerb-crawling",
        "name": "Kerb crawling",
        "description": "Vehicles and drivers soliciting on the street",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
        "extra_questions": [
            {
                "code": "repeat_vehicle",
                "question": "Have you seen the same vehicle before?",
                "kind": "yes_no",
                "required": False,
            }
        ],
    },
    {
        "code": "sex-work-nuisance",
        "name": "Sex work related nuisance",
        "description": "Noise, litter or activity in doorways linked to street sex work",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
        "extra_questions": [
            {
                "code": "kind",
                "question": "What did you notice?",
                "kind": "choice",
                "choices": ["Noise", "Litter", "Activity in a doorway or garden", "Other"],
                "required": False,
            }
        ],
    },
    {
        "code": "concern-for-safety",
        "name": "Concern for someone's safety or possible exploitation",
        "description": "You are worried someone is being harmed, controlled or exploited",
        "asb_type": "personal",
        "queue": "safeguarding",
        "asks_about_people": False,
        "order": 10,
    },
    {
        "code": "drug-dealing",
        "name": "Drug dealing",
        "description": "Drugs being sold or handed over",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
    },
    {
        "code": "drug-litter",
        "name": "Drug litter",
        "description": "Needles, condoms or other drug-related litter",
        "asb_type": "environmental",
        "queue": "environmental",
        "extra_questions": [
            {
                "code": "needles",
                "question": "Are there needles or syringes?",
                "kind": "yes_no",
                "required": True,
            }
        ],
    },
    {
        "code": "noise",
        "name": "Noise",
        "description": "Loud music, shouting or other noise",
        "asb_type": "nuisance",
        "queue": "environmental",
    },
    {
        "code": "intimidation",
        "name": "Intimidation or harassment",
        "description": "Someone threatening, harassing or frightening people",
        "asb_type": "personal",
        "queue": "enforcement",
        "extra_questions": [
            {
                "code": "hate",
                "question": "Do you think it was because of someone's race, religion, sexual orientation, disability or gender identity?",
                "kind": "yes_no",
                "required": False,
            }
        ],
    },
    {
        "code": "vehicle-nuisance",
        "name": "Vehicle nuisance",
        "description": "Cars or bikes driven or parked in a way that causes a nuisance",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "asks_about_vehicles": True,
    },
    {
        "code": "groups-gathering",
        "name": "Groups gathering",
        "description": "Groups whose behaviour causes alarm or distress",
        "asb_type": "nuisance",
        "queue": "enforcement",
    },
    {
        "code": "criminal-damage",
        "name": "Criminal damage",
        "description": "Damage to property, including graffiti",
        "asb_type": "environmental",
        "queue": "enforcement",
    },
    {
        "code": "other",
        "name": "Something else",
        "description": "Anything not listed above",
        "asb_type": "nuisance",
        "queue": "enforcement",
        "order": 1000,
    },
]


def load(apps, schema_editor):
    Category = apps.get_model("reports", "Category")
    for order, data in enumerate(DEFAULT_CATEGORIES):
        fields = {"order": (order + 1) * 10, **data}
        code = fields.pop("code")
        Category.objects.get_or_create(code=code, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
