"""``lantern seed-demo``: fictional demo data from every app's demo hook (idempotent)."""

from django.core.management.base import BaseCommand

from lantern.core.demo import DEMO_PASSWORD, run_all


class Command(BaseCommand):
    help = "Create the fictional demo neighbourhood and one demo user per role (idempotent)."

    def handle(self, *args, **options) -> None:
        run_all(out=self.stdout)
        print_sign_ins(self.stdout)


def print_sign_ins(out) -> None:
    from lantern.accounts.demo import sign_ins

    out.write("\nDemo sign-ins (fictional people; password for all: " + DEMO_PASSWORD + ")\n")
    out.write("Staff roles also need the TOTP secret in an authenticator app, or run\n")
    out.write("  lantern totp EMAIL   to print the current 6-digit code.\n\n")
    for role, email, secret in sign_ins():
        out.write(f"  {role:<18} {email:<40} {secret or '(no two-factor: resident)'}\n")
