"""``lantern fill-place-names``: name by its street each report that has a map point but no
place name (reports made before the gazetteer was filled). Run it after ``lantern
gazetteer``; running it again names only what is still unnamed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lantern.core.actor import SYSTEM
from lantern.reports.services.place_names import report_place_names_fill


class Command(BaseCommand):
    help = "Name reports by the street at their map point, where they have no name yet."

    def handle(self, *args, **options) -> None:
        named = report_place_names_fill(actor=SYSTEM)
        self.stdout.write(f"{named} reports named by their street.\n")
