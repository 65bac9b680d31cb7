"""``lantern seed-demo``: fictional demo data from every app's demo hook (idempotent)."""

from django.core.management.base import BaseCommand

from lantern.core.demo import run_all


class Command(BaseCommand):
    help = "Create the fictional demo neighbourhood and one demo user per role (idempotent)."

    def handle(self, *args, **options) -> None:
        run_all(out=self.stdout)
