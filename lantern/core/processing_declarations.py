"""The shared kernel's own models, declared for the record of processing activities."""

from lantern.core.models import DataVersion
from lantern.core.processing import no_personal_data

no_personal_data(
    DataVersion,
    name="Data version counter",
    reason="A counter per data source and partnership id; it names no one.",
)
