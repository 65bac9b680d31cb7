from django.apps import AppConfig


class TestingConfig(AppConfig):
    """Installed only by config.settings.test: test-suite plumbing, never in a deployment."""

    name = "lantern.audit.testing"
    label = "lantern_testing"
