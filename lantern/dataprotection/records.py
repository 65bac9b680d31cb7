"""The record of processing activities, built from every app's declarations
(lantern/core/processing.py) and the retention schedule. It describes record classes, never
records: it holds no personal data."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from lantern.core import processing
from lantern.dataprotection.schedule import rule


def lantern_models() -> list[Any]:
    """Every concrete model of Lantern's own apps."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("lantern.")
        and not model._meta.abstract
        and not model._meta.proxy
    ]


def records_of_processing() -> dict[str, Any]:
    """{"record_classes": [...], "undeclared": [...]}: one entry per declared model."""
    entries = []
    for record in processing.declarations():
        entry: dict[str, Any] = {
            "model": record.model,
            "name": record.name,
            "personal_data": record.personal_data,
        }
        if record.personal_data:
            retention = rule(record.retention)
            entry.update(
                {
                    "data": record.data,
                    "regimes": [r.value for r in record.regimes],
                    "processing": [
                        {
                            "regime": p.regime.value,
                            "purpose": p.purpose,
                            "basis": p.basis,
                            "conditions": list(p.conditions),
                        }
                        for p in record.processing
                    ],
                    "retention": {
                        "rule": retention.id.value,
                        "title": retention.title,
                        "default": retention.default_label,
                        "clock": retention.clock,
                        "source": retention.source,
                        "confirm_locally": retention.confirm_locally,
                    },
                }
            )
        else:
            entry["reason"] = record.reason
        entries.append(entry)
    return {
        "record_classes": entries,
        "undeclared": processing.undeclared(lantern_models()),
    }
