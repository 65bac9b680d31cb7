"""The rules of footage requests: each a class in the one registry (lantern.core.rules), its
id naming it, its docstring the message an officer or owner reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lantern.core import rules
from lantern.places import workflow
from lantern.places.models import FootageRequest


@dataclass(frozen=True)
class Retention:
    """When the camera's retention passes the end of the window asked for, and now."""

    expires_at: datetime
    now: datetime


@rules.register
class FootageRetained(rules.Rule):
    """None of this window is still held: the camera keeps its footage for fewer days than
    have passed since, so its owner cannot supply it. Ask for a more recent window."""

    id = "FOOTAGE_RETAINED"
    source = "The camera's registered retention period (the owner's declaration)"

    def check(self, context: Retention) -> bool:
        return context.expires_at > context.now


@dataclass(frozen=True)
class RequestStep:
    request: FootageRequest
    name: str  # a transition of lantern/places/workflow.py


@rules.register
class FootageRequestStatus(rules.Rule):
    """This footage request cannot take that step now: it has already been answered,
    declined or has expired."""

    id = "FOOTAGE_REQUEST_STATUS"
    source = "Lantern's footage request workflow (lantern/places/workflow.py)"

    def check(self, context: RequestStep) -> bool:
        return workflow.allowed(context.request, context.name)
