"""The signed link that confirms a new email address (lantern.accounts.services.own_account):
valid only for the address asked for (a later request, or the change itself, makes it
worthless) and for as long as a password reset link (PASSWORD_RESET_TIMEOUT)."""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator

from lantern.accounts.models import User


class EmailChangeTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "lantern.accounts.EmailChangeTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.pending_email}{user.email}{timestamp}"


email_change_tokens = EmailChangeTokenGenerator()
