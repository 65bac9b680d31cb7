"""The shared base model: a UUID key and creation/update times in UTC."""

import uuid

from django.db import models


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """A counter that every write to one source of analysed data bumps, per partnership
    (``scope`` is a partnership id, or empty for data that belongs to no partnership, like
    police.uk records). Anything computed from that data (a stored hotspot surface) notes
    the counters it was computed from and is stale once one has moved on: one cheap read
    instead of deleting derived rows wherever data changes (lantern/core/data_versions.py)."""

    source = models.CharField(max_length=40)
    scope = models.CharField(max_length=36, blank=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "scope"], name="dataversion_source_scope")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.scope or '-'} v{self.version}"
