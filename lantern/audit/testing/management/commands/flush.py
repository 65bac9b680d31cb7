"""Test-only ``flush``: Django's flush, with the audit triggers lifted around it.

pytest-django empties the database after each transactional test by calling ``flush``.
The append-only triggers rightly refuse that, so in the test settings (and only there) the
triggers are dropped, the tables emptied and the triggers put back.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from lantern.audit import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or "default"]
        triggers.drop(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.create(connection)
