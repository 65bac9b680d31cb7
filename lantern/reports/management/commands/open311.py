"""``lantern open311 client create NAME --partnership PARTNERSHIP`` (prints the api_key, once),
``lantern open311 client list``, ``lantern open311 client revoke NAME``: the applications that
may send reports to /open311/v2/, each for one partnership (a report at a place outside its
area is refused). Only a hash of each key is kept."""

from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.selectors import partnership_names
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed
from lantern.reports.open311 import selectors, services


def _partnership(named: str) -> uuid.UUID:
    """A partnership by its name (any case) or id."""
    names = partnership_names()
    wanted = named.strip().casefold()
    for pk, name in names.items():
        if wanted in (name.casefold(), str(pk)):
            return pk
    known = ", ".join(repr(name) for name in names.values()) or "none yet"
    raise CommandError(f"No partnership named {named!r}. Partnerships: {known}")


class Command(BaseCommand):
    help = "Manage Open311 GeoReport v2 client applications and their api_keys."

    def add_arguments(self, parser: CommandParser) -> None:
        top = parser.add_subparsers(dest="thing", required=True)
        client = top.add_parser("client", help="Client applications (FixMyStreet, ...).")
        sub = client.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="Create a client and print its api_key once.")
        create.add_argument("name")
        create.add_argument(
            "--partnership",
            required=True,
            help="The partnership (name or id) the client sends reports for.",
        )
        sub.add_parser("list", help="List clients (never their keys).")
        revoke = sub.add_parser("revoke", help="Revoke a client's api_key.")
        revoke.add_argument("name")

    def handle(self, *args, **options) -> None:
        command = options["subcommand"]
        if command == "create":
            partnership_id = _partnership(options["partnership"])
            try:
                new = services.open311_client_create(
                    actor=SYSTEM, name=options["name"], partnership_id=partnership_id
                )
            except ValidationFailed as exc:
                raise CommandError(str(exc)) from None
            self.stderr.write(
                f"Open311 client {new.client.name} created for "
                f"{new.client.partnership.name}. Its api_key is shown once:"
            )
            self.stdout.write(new.api_key)
        elif command == "list":
            for client in selectors.client_list():
                state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "live"
                self.stdout.write(
                    f"{client.name}  {client.key_prefix}…  {client.partnership.name}  "
                    f"created {client.created_at:%Y-%m-%d}  {state}"
                )
        else:
            try:
                client = services.open311_client_revoke(actor=SYSTEM, name=options["name"])
            except NotFound:
                raise CommandError(f"No Open311 client named {options['name']!r}") from None
            self.stderr.write(f"Open311 client {client.name} revoked.")
