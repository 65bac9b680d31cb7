"""Errors that services raise and interfaces turn into answers (never into a 500)."""

from __future__ import annotations


class LanternError(Exception):
    """Base of every error a service raises on purpose."""


class NotFound(LanternError):
    """The record does not exist, or the actor may not know that it does."""


class PermissionDenied(LanternError):
    """The actor may see the record but may not do this to it."""


class ValidationFailed(LanternError):
    """Input was wrong; ``errors`` maps a field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class TooManyAttempts(LanternError):
    """A limit on failed attempts was reached (lantern.core.ratelimit): try again after
    ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many attempts: try again in {retry_after} seconds")
        self.retry_after = retry_after


class RuleRefused(LanternError):
    """A named statutory or business rule refused the step. A refusal is an answer.

    ``fields`` (optional) says what is missing or wrong, field by field, in the service's
    names, so a page can put each message on its field (the error summary links to it)
    while the rule's own message and source explain why."""

    def __init__(
        self, rule_id: str, message: str, source: str, fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.rule_id = rule_id
        self.message = message
        self.source = source
        self.fields: dict[str, list[str]] = fields or {}

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule_id, "message": self.message, "source": self.source}
