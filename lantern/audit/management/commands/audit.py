"""``lantern audit verify [--json]``: recompute the hash chain of the audit log."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.audit import catalogue
from lantern.audit.services import audit_chain_verify
from lantern.core.actor import SYSTEM


class Command(BaseCommand):
    help = "Audit log tools. 'verify' recomputes the whole hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="Recompute the chain; exit 1 at the first bad event."
        )
        verify.add_argument("--json", action="store_true", help="Print one JSON object.")
        verify.add_argument(
            "--full",
            action="store_true",
            help="Rebuild every event's encoding from its columns instead of hashing the "
            "stored encodings (slower; trusts nothing in the table's definition).",
        )
        verify.add_argument(
            "--no-record",
            action="store_true",
            help="Do not append an 'audit.verified' event (for read-only checks).",
        )
        sub.add_parser(
            "catalogue",
            help="Print docs/audit-events.md: every audit action Lantern records.",
        )

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "catalogue":
            self.stdout.write(catalogue_markdown(), ending="")
            return
        verdict = audit_chain_verify(
            actor=SYSTEM, record=not options["no_record"], full=options["full"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(verdict.as_dict()))
        elif verdict.ok:
            self.stdout.write(
                self.style.SUCCESS(f"Audit chain holds: {verdict.events} events verified.")
            )
        else:
            self.stdout.write(
                self.style.ERROR(
                    f"Audit chain broken at sequence number {verdict.first_bad_seq}: "
                    f"{verdict.reason} ({verdict.events} events verified before it)."
                )
            )
        if not verdict.ok:
            raise CommandError(f"first bad sequence number: {verdict.first_bad_seq}", returncode=1)


def catalogue_markdown() -> str:
    lines = [
        "# Audit events",
        "",
        "Every change Lantern makes writes one of these actions to the hash-chained audit log,",
        "in the same transaction as the change; every read of a record in a logged data class",
        "writes a `record.viewed` access event. Details carry identifiers, codes and counts,",
        "never raw personal data (`lantern/audit/services.py` refuses keys such as `name`,",
        "`email` or `address`). This page is generated: `lantern audit catalogue >",
        "docs/audit-events.md`; a test checks it lists every action declared in code.",
        "",
        "| action | meaning |",
        "| --- | --- |",
    ]
    lines += [f"| `{e.action}` | {e.description} |" for e in catalogue.all_events()]
    return "\n".join(lines) + "\n"
