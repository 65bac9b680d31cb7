"""``lantern bundle``: make a case's bundle for the prosecution or the defence, or check one.

    lantern bundle create CASE-REF --for defence --out bundle.zip
    lantern bundle verify bundle.zip [--key published.pem]

``verify`` is the check of ``tools/verify_bundle.py`` (the same file), which a recipient can
run without Lantern. docs/evidence.md "Bundles".
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.selectors import partnership_names
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed
from lantern.evidence.bundles import verify
from lantern.evidence.bundles.keys import bundle_key_retire
from lantern.evidence.bundles.selectors import case_by_reference
from lantern.evidence.bundles.services import BundleWriteError, bundle_write
from lantern.evidence.models import Recipient


class Command(BaseCommand):
    help = (
        "Evidence bundles: 'create' writes a case's signed bundle for the prosecution or the "
        "defence, 'verify' checks a bundle's signature and every file in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="Write a case's bundle to a ZIP file.")
        create.add_argument("case", metavar="CASE", help="the case's reference")
        create.add_argument(
            "--for", dest="recipient", required=True, choices=Recipient.values,
            help="who the bundle is for: the defence gets redacted copies where there are any",
        )  # fmt: skip
        create.add_argument("--out", required=True, type=Path, help="the ZIP file to write")
        check = sub.add_parser(
            "verify", help="Check a bundle; exit 1 naming the first file that differs."
        )
        check.add_argument("bundle", type=Path, metavar="FILE.zip")
        check.add_argument(
            "--key", type=Path, help="the partnership's published public key (PEM or base64)"
        )
        retire = sub.add_parser(
            "retire-key",
            help="Retire a partnership's signing key (it stays published); the next bundle "
            "makes a new one.",
        )
        retire.add_argument("partnership", metavar="PARTNERSHIP", help="the partnership's name")

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "create":
            self._create(options["case"], options["recipient"], options["out"])
        elif options["subcommand"] == "retire-key":
            self._retire(options["partnership"])
        else:
            self._verify(options["bundle"], options["key"])

    def _create(self, reference: str, recipient: str, out: Path) -> None:
        try:
            case = case_by_reference(actor=SYSTEM, reference=reference)
        except NotFound:
            raise CommandError(f"No case has the reference {reference!r}.") from None
        partial = out.with_name(f".{out.name}.partial")
        try:
            with partial.open("wb") as handle:
                bundle = bundle_write(
                    actor=SYSTEM, case_id=case.id, recipient=recipient, out=handle
                )
            os.replace(partial, out)
        except ValidationFailed as exc:
            raise CommandError(" ".join(m for ms in exc.errors.values() for m in ms)) from None
        except BundleWriteError as exc:
            raise CommandError(exc.message) from None
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}") from None
        finally:
            with contextlib.suppress(OSError):
                partial.unlink()
        self.stdout.write(
            f"Wrote {out}: {bundle.files} files for the {recipient}, signed with key "
            f"{bundle.key_id} (published at /evidence/keys/)."
        )

    def _retire(self, name: str) -> None:
        found = next((pk for pk, n in partnership_names().items() if n == name), None)
        if found is None:
            raise CommandError(f"No partnership is called {name!r}.")
        try:
            row = bundle_key_retire(actor=SYSTEM, partnership_id=found)
        except NotFound:
            raise CommandError(f"{name} has no current bundle signing key.") from None
        self.stdout.write(f"Retired key {row.key_id} of {name}; it stays published.")

    def _verify(self, path: Path, key: Path | None) -> None:
        key_data = None
        if key is not None:
            try:
                key_data = key.read_bytes()
            except OSError as exc:
                raise CommandError(
                    f"Cannot read the key {key}: {exc.strerror}", returncode=2
                ) from None
        if not path.is_file():
            raise CommandError(f"There is no bundle at {path}.", returncode=2)
        verdict = verify.verify(str(path), key_data)
        for note in verdict.notes:
            self.stdout.write(f"Note: {note}")
        if not verdict.ok:
            raise CommandError(f"FAILED: {verdict.message}", returncode=1)
        self.stdout.write(verdict.message)
