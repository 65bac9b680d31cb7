"""``lantern token create EMAIL [--name N] [--partnership NAME]``, ``lantern token list EMAIL``,
``lantern token revoke TOKEN_ID``: per-user API tokens (stored hashed, revocable)."""

import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts import services
from lantern.accounts.models import ApiToken, Partnership, User
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="Create a token for a user and print it once.")
        create.add_argument("email")
        create.add_argument("--name", default="API client")
        create.add_argument(
            "--partnership",
            help="The partnership the token acts in (its name); needed when the user's "
            "organisations belong to more than one.",
        )
        listing = sub.add_parser("list", help="List a user's tokens (never the tokens).")
        listing.add_argument("email")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id")

    def _user(self, email: str) -> User:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email address {email!r}")
        return user

    def handle(self, *args, **options) -> None:
        command = options["subcommand"]
        if command == "create":
            user = self._user(options["email"])
            partnership_id = None
            if options["partnership"]:
                partnership = Partnership.objects.filter(
                    name__iexact=options["partnership"].strip()
                ).first()
                if partnership is None:
                    raise CommandError(f"No partnership named {options['partnership']!r}")
                partnership_id = partnership.pk
            try:
                record, token = services.api_token_create(
                    actor=SYSTEM, user=user, name=options["name"], partnership_id=partnership_id
                )
            except ValidationFailed as exc:
                raise CommandError(" ".join(exc.errors.get("partnership", []))) from None
            self.stderr.write(f"Token {record.pk} created for {user.email}. It is shown once:")
            self.stdout.write(token)
        elif command == "list":
            user = self._user(options["email"])
            for record in ApiToken.objects.filter(user=user):
                state = f"revoked {record.revoked_at:%Y-%m-%d}" if record.revoked_at else "live"
                self.stdout.write(f"{record.pk}  {record.prefix}…  {record.name}  {state}")
        else:
            try:
                token_id = uuid.UUID(options["token_id"])
                services.api_token_revoke(actor=SYSTEM, token_id=token_id)
            except (ValueError, NotFound):
                raise CommandError(f"No token with the id {options['token_id']!r}") from None
            self.stdout.write(f"Token {token_id} revoked.")
