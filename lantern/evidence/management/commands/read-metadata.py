"""``lantern read-metadata``: read what each original file says about itself (device time,
location, make and model) where it has not been read yet: items stored before it was, or
whose background task was lost. Running it again reads only what is still unread."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from lantern.core.actor import SYSTEM
from lantern.evidence.metadata import CATCH_UP_BATCH, metadata_catch_up


class Command(BaseCommand):
    help = "Read the metadata of evidence items that have none yet, oldest first."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--limit", type=int, default=0, help="Read at most this many items (0: all)."
        )

    def handle(self, *args, **options) -> None:
        limit, done = options["limit"], 0
        while not limit or done < limit:
            batch = CATCH_UP_BATCH if not limit else min(CATCH_UP_BATCH, limit - done)
            read = metadata_catch_up(actor=SYSTEM, limit=batch, older_than=timedelta(0))
            done += read
            if read < batch:
                break
        self.stdout.write(f"{done} evidence items read.\n")
