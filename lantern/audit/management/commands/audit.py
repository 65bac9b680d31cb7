"""``lantern audit``: verify the hash chain of the audit log, sign checkpoints of it, make a
signing key, print the event catalogue."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.audit import catalogue, chain, signing
from lantern.audit.services import audit_chain_verify, audit_checkpoint_create
from lantern.core.actor import SYSTEM


class Command(BaseCommand):
    help = (
        "Audit log tools: 'verify' recomputes the hash chain, 'checkpoint' signs its head, "
        "'signing-key' makes a key, 'catalogue' lists the actions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify",
            help="Recompute every event's hash and check every signed checkpoint; exit 1 at "
            "the first bad event or checkpoint.",
        )
        verify.add_argument(
            "--json", action="store_true", help="Print the verdict as one JSON object, last."
        )
        verify.add_argument(
            "--since-checkpoint",
            action="store_true",
            help="Check the latest signed checkpoint and only the events after it.",
        )
        verify.add_argument(
            "--no-record",
            action="store_true",
            help="Do not append an 'audit.verified' event (for read-only checks).",
        )
        checkpoint = sub.add_parser("checkpoint", help="Sign the chain's head now.")
        checkpoint.add_argument("--json", action="store_true", help="Print one JSON object.")
        sub.add_parser(
            "signing-key",
            help="Print a new Ed25519 key for AUDIT_SIGNING_KEY, and its public key.",
        )
        sub.add_parser(
            "catalogue",
            help="Print docs/audit-events.md: every audit action Lantern records.",
        )

    def handle(self, *args, **options) -> None:
        subcommand = options["subcommand"]
        if subcommand == "catalogue":
            self.stdout.write(catalogue_markdown(), ending="")
        elif subcommand == "signing-key":
            self._signing_key()
        elif subcommand == "checkpoint":
            self._checkpoint(as_json=options["json"])
        else:
            verdict = audit_chain_verify(
                actor=SYSTEM,
                record=not options["no_record"],
                since_checkpoint=options["since_checkpoint"],
            )
            self._report(verdict, as_json=options["json"])

    def _report(self, verdict: chain.Verdict, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(verdict.as_dict()))
        elif verdict.ok:
            since = f" after checkpoint event {verdict.since_seq}" if verdict.since_seq else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit chain holds: {verdict.events} events verified{since}; "
                    f"{verdict.checkpoints} signed checkpoints hold."
                )
            )
        elif verdict.bad_checkpoint is not None:
            self.stdout.write(self.style.ERROR(f"Audit checkpoint broken: {verdict.reason}."))
        else:
            self.stdout.write(
                self.style.ERROR(
                    f"Audit chain broken at sequence number {verdict.first_bad_seq}: "
                    f"{verdict.reason} ({verdict.events} events verified before it)."
                )
            )
        if verdict.bad_checkpoint is not None:
            raise CommandError(f"bad checkpoint: {verdict.bad_checkpoint}", returncode=1)
        if not verdict.ok:
            raise CommandError(f"first bad sequence number: {verdict.first_bad_seq}", returncode=1)

    def _checkpoint(self, *, as_json: bool) -> None:
        checkpoint = audit_checkpoint_create(actor=SYSTEM)
        if checkpoint is None:
            raise CommandError("The audit log is empty: there is no head to sign.")
        if as_json:
            fields = {
                "id": checkpoint.pk,
                "seq": checkpoint.seq,
                "head_hash": checkpoint.head_hash,
                "signed_at": chain.format_time(checkpoint.signed_at),
                "key_id": checkpoint.key_id,
                "signature": checkpoint.signature,
            }
            self.stdout.write(json.dumps(fields))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint {checkpoint.pk} signed: event {checkpoint.seq} has hash "
                f"{checkpoint.head_hash} (key {checkpoint.key_id})."
            )
        )

    def _signing_key(self) -> None:
        private = signing.new_private_key()
        public = signing.parse_private_key(private).public_key()
        self.stdout.write(f"AUDIT_SIGNING_KEY={private}")
        self.stdout.write(
            f"# public key {signing.public_text(public)} (key id {signing.key_id(public)}):"
            " record it outside Lantern; after a rotation, list it in AUDIT_TRUSTED_PUBLIC_KEYS."
        )


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
