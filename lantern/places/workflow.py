"""The footage request's life, as a transition table (STYLE.md habit 4).

sent -> seen      the owner opened the request
sent|seen -> declined   the owner said no (with an optional reason)
any -> answered   footage was uploaded against it (again: more items)
sent|seen -> expired    the camera's retention has passed the end of the window

Every transition is a service in services.py, and each emits its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass

from lantern.places.models import FootageRequest

S = FootageRequest.Status


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("see", frozenset({S.SENT}), S.SEEN, "Seen by the owner"),
        Transition("decline", frozenset({S.SENT, S.SEEN}), S.DECLINED, "Declined"),
        # An owner who declined, or let the request lapse, may still upload: the footage
        # exists, and refusing it after the bytes arrived would help no one.
        Transition("answer", frozenset(S.values), S.ANSWERED, "Footage uploaded"),
        Transition("expire", frozenset({S.SENT, S.SEEN}), S.EXPIRED, "Expired"),
    )
}


def allowed(request: FootageRequest, name: str) -> bool:
    return request.status in TRANSITIONS[name].sources


def target(name: str) -> str:
    return TRANSITIONS[name].target
