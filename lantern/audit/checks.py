"""Deploy check: the audit signing key (ADR 0013) must be set and readable."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from lantern.audit import signing


@register(Tags.security, deploy=True)
def audit_signing_key(app_configs, **kwargs) -> list:
    hint = "Make one with `lantern audit signing-key` and set AUDIT_SIGNING_KEY (docs/settings.md)."
    if not settings.AUDIT_SIGNING_KEY:
        return [Error("AUDIT_SIGNING_KEY is not set.", hint=hint, id="lantern.E008")]
    try:
        signing.parse_private_key(settings.AUDIT_SIGNING_KEY)
    except ValueError as exc:
        return [Error(f"AUDIT_SIGNING_KEY cannot be read: {exc}.", hint=hint, id="lantern.E008")]
    for text in settings.AUDIT_TRUSTED_PUBLIC_KEYS:
        try:
            signing.parse_public_key(text)
        except ValueError as exc:
            return [
                Error(
                    f"AUDIT_TRUSTED_PUBLIC_KEYS holds a key that cannot be read: {exc}.",
                    hint="List base64 Ed25519 public keys, comma-separated.",
                    id="lantern.E009",
                )
            ]
    return []
