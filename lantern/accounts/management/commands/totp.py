"""``lantern totp EMAIL``: print a demo user's current two-factor code.

Only for the fictional demo accounts: a real user's second factor stays on their phone."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.core.demo import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print the current TOTP code of a user's confirmed device (for the demo accounts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args, **options) -> None:
        if not options["email"].strip().lower().endswith("@" + DEMO_DOMAIN):
            raise CommandError(f"Only demo accounts (@{DEMO_DOMAIN}) can have their code printed.")
        device = TOTPDevice.objects.filter(
            user__email__iexact=options["email"].strip(), confirmed=True
        ).first()
        if device is None:
            raise CommandError("That user has no confirmed two-factor device.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
