"""An MS1 that nothing links to its person (issue 17, item 6), and the s.51 judgement on a
screening whose age is not known (item 5).

- Screening: the day the Duty to Notify was met (a date) replaces the moment; the judgement
  whether there are reasonable grounds to believe a person of unknown age may be under 18,
  with its reasons.
- DutyRecord: an MS1 carries no recorder, no consent and no indicators, and its times are
  midnight (UTC) of its day: existing MS1 rows are scrubbed so. Its times are set by the
  service, not on save.
- QueuedMs1: MS1s waiting for the daily batch.

Self-contained: no application code is imported.
"""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models

LONDON = ZoneInfo("Europe/London")


def met_day(apps, schema_editor):
    Screening = apps.get_model("safeguarding", "Screening")
    for screening in Screening.objects.exclude(duty_met_at=None).only("pk", "duty_met_at"):
        day = screening.duty_met_at.astimezone(LONDON).date()
        Screening.objects.filter(pk=screening.pk).update(duty_met_on=day)


def met_moment(apps, schema_editor):
    Screening = apps.get_model("safeguarding", "Screening")
    for screening in Screening.objects.exclude(duty_met_on=None).only("pk", "duty_met_on"):
        moment = datetime.combine(screening.duty_met_on, time(12), tzinfo=LONDON)
        Screening.objects.filter(pk=screening.pk).update(duty_met_at=moment)


def scrub_ms1s(apps, schema_editor):
    DutyRecord = apps.get_model("safeguarding", "DutyRecord")
    for record in DutyRecord.objects.filter(kind="ms1").only("pk", "created_at"):
        midnight = datetime.combine(record.created_at.astimezone(LONDON).date(), time(0), UTC)
        DutyRecord.objects.filter(pk=record.pk).update(
            created_at=midnight,
            updated_at=midnight,
            recorded_by=None,
            consent=None,
            indicators=[],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organisation_contact_details"),
        ("safeguarding", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="screening",
            name="may_be_under_18",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="screening",
            name="may_be_under_18_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="screening",
            name="duty_met_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(met_day, met_moment),
        migrations.RemoveField(model_name="screening", name="duty_met_at"),
        migrations.AlterField(
            model_name="dutyrecord",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="dutyrecord",
            name="updated_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="dutyrecord",
            name="month",
            field=models.DateField(help_text="The first day of the month it was made."),
        ),
        migrations.AlterField(
            model_name="dutyrecord",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterModelOptions(
            name="dutyrecord",
            options={"ordering": ["-created_at", "id"]},
        ),
        migrations.RunPython(scrub_ms1s, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="dutyrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "ms1"), _negated=True),
                    models.Q(("consent__isnull", True), ("recorded_by__isnull", True)),
                    _connector="OR",
                ),
                name="ms1_has_no_recorder_or_consent",
            ),
        ),
        migrations.CreateModel(
            name="QueuedMs1",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("day", models.DateField()),
                ("exploitation_type", models.CharField(blank=True, max_length=40)),
                ("reference", models.CharField(blank=True, max_length=40)),
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
            ],
            options={"ordering": ["day", "id"]},
        ),
    ]
