"""Analytics: imported police.uk records, patrol plans and impact evaluations.

Imported police.uk street-level records are public open data (OGL v3.0), kept in their own
table, apart from resident reports; analysis can read both (selectors.py).
"""

from __future__ import annotations

from django.db import models

from lantern.core.models import BaseModel


class PoliceUkImport(BaseModel):
    """One run of ``lantern import policeuk`` over one file: where it came from and what it
    gave. Counts only; the file itself is not kept."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    no_location = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    actor = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class PoliceUkRecord(models.Model):
    """A street-level crime or ASB record from data.police.uk.

    ``natural_key`` makes imports idempotent: SHA-256 of the month and Crime ID where there is
    one, otherwise of the whole row and its occurrence number among identical rows in its
    file (ASB rows have no Crime ID, and two identical ASB rows are two incidents)."""

    id = models.BigAutoField(primary_key=True)
    natural_key = models.CharField(max_length=64, unique=True)
    crime_id = models.CharField(max_length=64, blank=True)
    month = models.DateField(help_text="The first day of the month the record belongs to.")
    reported_by = models.CharField(max_length=100, blank=True)
    falls_within = models.CharField(max_length=100, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=255, blank=True)
    lsoa_code = models.CharField(max_length=16, blank=True)
    lsoa_name = models.CharField(max_length=100, blank=True)
    crime_type = models.CharField(max_length=100)
    last_outcome = models.CharField(max_length=255, blank=True)
    context = models.TextField(blank=True)
    batch = models.ForeignKey(PoliceUkImport, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["crime_type", "month"]),
            models.Index(fields=["lsoa_name"]),
            models.Index(fields=["month"]),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_type}"

    @property
    def has_location(self) -> bool:
        return self.longitude is not None and self.latitude is not None
