"""The AppConfig every domain app uses: on start-up it imports the app's modules that
register things (audit actions in services, object policies in selectors, dashboard panels,
navigation links, rules), so nothing depends on import order elsewhere."""

from __future__ import annotations

import importlib
import pkgutil

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
                imported = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            # A package (services/, selectors/ ...) registers in each of its modules, whether
            # or not its __init__ re-exports them: an audit action declared in a module that
            # only a view imports would otherwise be missing until that view is loaded.
            for found in pkgutil.iter_modules(getattr(imported, "__path__", ())):
                importlib.import_module(f"{name}.{found.name}")
