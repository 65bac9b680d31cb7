"""The AppConfig every domain app uses: on start-up it imports the app's modules that
register things (audit actions in services, object policies in selectors, dashboard panels,
navigation links, rules), so nothing depends on import order elsewhere."""

from __future__ import annotations

import importlib

from django.apps import AppConfig

REGISTERING_MODULES = ("services", "selectors", "rules", "panels", "navigation", "processing")


class DomainAppConfig(AppConfig):
    """Subclasses must set ``default = True``: their apps.py also names this class, and
    Django only picks an apps.py config by itself when there is exactly one."""

    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        for module in REGISTERING_MODULES:
            name = f"{self.name}.{module}"
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
