"""``lantern partnership list``, ``lantern partnership create NAME [--area FILE] [--member ORG]...``,
``lantern partnership area NAME FILE`` and ``lantern partnership member NAME ORG [--remove]``:
the partnerships every record belongs to (docs/adr/0015-partnership-is-the-scope.md). An area
is a GeoJSON file: a Polygon or MultiPolygon (a bare geometry, a Feature or a one-feature
FeatureCollection), longitude then latitude."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts import selectors, services
from lantern.accounts.models import Organisation, Partnership
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed


def _area(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} is not GeoJSON: {exc}") from None


def _named(model: type[Partnership] | type[Organisation], name: str, what: str) -> Any:
    found = model.objects.filter(name__iexact=name.strip()).first()
    if found is None:
        raise CommandError(f"No {what} named {name!r}")
    return found


def _refused(exc: ValidationFailed) -> CommandError:
    return CommandError("; ".join(m for messages in exc.errors.values() for m in messages))


class Command(BaseCommand):
    help = "List, create and change the partnerships records belong to."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("list", help="Each partnership, its members and whether it has an area.")
        create = sub.add_parser("create", help="Create a partnership.")
        create.add_argument("name")
        create.add_argument("--area", help="A GeoJSON file with its area.")
        create.add_argument(
            "--member", action="append", default=[], help="An organisation's name (repeat)."
        )
        area = sub.add_parser("area", help="Set a partnership's area from a GeoJSON file.")
        area.add_argument("name")
        area.add_argument("file")
        member = sub.add_parser("member", help="Add an organisation to a partnership.")
        member.add_argument("name")
        member.add_argument("organisation")
        member.add_argument("--remove", action="store_true", help="Remove it instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        try:
            getattr(self, f"_{command}")(options)
        except ValidationFailed as exc:
            raise _refused(exc) from None
        except NotFound as exc:
            raise CommandError(f"Not found: {exc}") from None

    def _list(self, options: dict[str, Any]) -> None:
        for partnership in Partnership.objects.order_by("name"):
            members = selectors.partnership_members(partnership=partnership).order_by("name")
            area = "area drawn" if partnership.boundary else "no area"
            names = ", ".join(m.name for m in members) or "no members"
            self.stdout.write(f"{partnership.name} ({area}): {names}")

    def _create(self, options: dict[str, Any]) -> None:
        members = [_named(Organisation, name, "organisation") for name in options["member"]]
        boundary = _area(options["area"]) if options["area"] else None
        partnership = services.partnership_create(
            actor=SYSTEM, name=options["name"], boundary=boundary, members=members
        )
        self.stdout.write(f"Created {partnership.name} ({partnership.pk}).")

    def _area(self, options: dict[str, Any]) -> None:
        partnership = _named(Partnership, options["name"], "partnership")
        services.partnership_set_area(
            actor=SYSTEM, partnership_id=partnership.pk, boundary=_area(options["file"])
        )
        self.stdout.write(f"The area of {partnership.name} was set.")

    def _member(self, options: dict[str, Any]) -> None:
        partnership = _named(Partnership, options["name"], "partnership")
        organisation = _named(Organisation, options["organisation"], "organisation")
        if options["remove"]:
            services.partnership_remove_member(
                actor=SYSTEM, partnership_id=partnership.pk, organisation_id=organisation.pk
            )
            self.stdout.write(f"{organisation.name} left {partnership.name}.")
        else:
            services.partnership_add_member(
                actor=SYSTEM, partnership_id=partnership.pk, organisation_id=organisation.pk
            )
            self.stdout.write(f"{organisation.name} is a member of {partnership.name}.")
