"""``lantern retention``: from the command line, what the retention pages do (issue 23).

``review`` puts the records whose retention period has run on the review queue and lists
what waits for a decision; ``decide`` records a decision as a named data protection officer;
``dispose`` runs the disposal (``--dry-run`` says what would happen and changes nothing)."""

from __future__ import annotations

import json
import uuid
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.core.actor import SYSTEM, Actor
from lantern.core.errors import LanternError, NotFound, PermissionDenied, ValidationFailed
from lantern.dataprotection.models import Decision, ReviewItem
from lantern.dataprotection.selectors import review_queue
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)


class Command(BaseCommand):
    help = (
        "Retention: 'review' queues the records due for review and lists them; 'decide' records"
        " a decision; 'dispose' disposes of what was decided (--dry-run to preview)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        review = sub.add_parser("review", help="Queue the records due and list the queue.")
        review.add_argument("--json", action="store_true", help="Print one JSON object, last.")
        decide = sub.add_parser("decide", help="Retain a queued record until a date, or dispose.")
        decide.add_argument("item", type=uuid.UUID, help="The review item's id.")
        choice = decide.add_mutually_exclusive_group(required=True)
        choice.add_argument("--retain-until", type=date.fromisoformat, metavar="YYYY-MM-DD")
        choice.add_argument("--dispose", action="store_true")
        decide.add_argument("--reason", default="", help="Why (required to retain).")
        decide.add_argument(
            "--by", required=True, metavar="EMAIL", help="The data protection officer deciding."
        )
        dispose = sub.add_parser("dispose", help="Dispose of the records decided for disposal.")
        dispose.add_argument("--dry-run", action="store_true", help="Change nothing; say what.")
        dispose.add_argument("--json", action="store_true", help="Print one JSON object, last.")

    def handle(self, *args, **options) -> None:
        try:
            getattr(self, f"_{options['subcommand']}")(options)
        except ValidationFailed as exc:
            raise CommandError(
                " ".join(m for messages in exc.errors.values() for m in messages)
            ) from exc
        except PermissionDenied as exc:
            raise CommandError(
                "Only a data protection officer may review records for retention."
            ) from exc
        except NotFound as exc:
            raise CommandError("No such review item in the officer's partnerships.") from exc
        except LanternError as exc:
            raise CommandError(str(exc) or type(exc).__name__) from exc

    def _review(self, options: dict) -> None:
        queued = retention_queue_refresh(actor=SYSTEM)
        items = [
            {
                "item": str(item.pk),
                "record_class": item.record_class,
                "record_id": str(item.record_id),
                "label": item.label,
                "rule": item.rule,
                "due_on": item.due_on.isoformat(),
            }
            for item in review_queue(actor=SYSTEM)
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"queued": queued, "pending": items}))
            return
        self.stdout.write(
            f"Queued now: {sum(queued.values())}. Waiting for a decision: {len(items)}."
        )
        for entry in items:
            self.stdout.write(
                f"  {entry['item']}  {entry['record_class']} {entry['label']}"
                f"  rule {entry['rule']}, due {entry['due_on']}"
            )

    def _decide(self, options: dict) -> None:
        actor = _officer(options["by"])
        kind = Decision.Kind.DISPOSE if options["dispose"] else Decision.Kind.RETAIN
        retention_decide(
            actor=actor,
            item_id=options["item"],
            kind=kind,
            retain_until=options["retain_until"],
            reason=options["reason"],
        )
        item = ReviewItem.objects.get(pk=options["item"])
        self.stdout.write(self.style.SUCCESS(f"Recorded: {item.get_status_display()}."))

    def _dispose(self, options: dict) -> None:
        run = retention_dispose(actor=SYSTEM, dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(run.as_dict()))
            return
        verb = "Would dispose of" if run.dry_run else "Disposed of"
        self.stdout.write(
            f"{verb} {len(run.disposed)} records; {len(run.held)} held;"
            f" {len(run.gone)} already gone."
        )
        for entry in run.held:
            self.stdout.write(
                f"  held: {entry['record_class']} {entry['label']} ({', '.join(entry['holds'])})"
            )


def _officer(email: str) -> Actor:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"No user with the email address {email}.")
    # Whoever runs the command line has the server's trust; the decision is the named
    # officer's, and recorded as theirs (their role and partnerships decide what they may do).
    return actor_for(user, verified=True)
