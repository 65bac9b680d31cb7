"""Facts as statements (docs/adr/0016-facts-as-statements.md): one organisation's statement
about one property of a vehicle or a person, with its source, who asserted it and when."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PROPERTIES = [
    ("make", "Make"),
    ("model", "Model"),
    ("colour", "Colour"),
    ("keeper_name", "Registered keeper's name"),
    ("keeper_address", "Registered keeper's address"),
    ("keeper_person", "Registered keeper on Lantern's records"),
    ("date_of_birth", "Date of birth"),
    ("address", "Address"),
    ("alias", "Other name"),
]
SOURCES = [
    ("case", "Case"),
    ("report", "Resident report"),
    ("sighting", "Sighting"),
    ("dvla_keeper_enquiry", "DVLA keeper enquiry"),
    ("intelligence", "Intelligence report"),
    ("screening", "Safeguarding screening"),
    ("unknown", "Recorded before Lantern kept facts per organisation"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_default_partnership"),
        ("cases", "0008_partnership_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Fact",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "subject_type",
                    models.CharField(
                        choices=[("vehicle", "Vehicle"), ("person", "Person")], max_length=10
                    ),
                ),
                ("subject_id", models.UUIDField()),
                ("property", models.CharField(choices=PROPERTIES, max_length=30)),
                ("value", models.JSONField(blank=True, null=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.partnership",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="facts",
                        to="cases.case",
                    ),
                ),
                ("source_type", models.CharField(choices=SOURCES, max_length=30)),
                ("source_id", models.UUIDField(blank=True, null=True)),
                (
                    "asserted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("asserted_at", models.DateTimeField()),
                ("valid_from", models.DateField(blank=True, null=True)),
                ("valid_to", models.DateField(blank=True, null=True)),
                ("grading", models.CharField(blank=True, max_length=10)),
                (
                    "superseded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.fact",
                    ),
                ),
                ("retracted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "retracted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["asserted_at"],
                "indexes": [
                    models.Index(
                        fields=["subject_type", "subject_id", "property"], name="fact_subject"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(
                            ("retracted_at__isnull", True), ("superseded_by__isnull", True)
                        ),
                        fields=(
                            "subject_type",
                            "subject_id",
                            "property",
                            "organisation",
                            "partnership",
                        ),
                        name="fact_one_current_per_organisation",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_to__isnull", True),
                            ("valid_from__isnull", True),
                            ("valid_to__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="fact_valid_period",
                    ),
                ],
            },
        ),
    ]
