"""Report references and tracking codes that are easy to read out on the phone.

The alphabet leaves out characters that are easily confused when read aloud or written
down: 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V. A reference looks like "R-7K3M-Q9XT".
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
PREFIX = "R"


def _random_code(length: int) -> str:
    """`length` characters of the alphabet, every string equally likely: one draw from the
    operating system's generator (secrets.randbelow), written in base len(ALPHABET), rather
    than a draw (and a system call) per character."""
    n = secrets.randbelow(len(ALPHABET) ** length)
    chars = []
    for _ in range(length):
        n, digit = divmod(n, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)


def new_reference() -> str:
    body = _random_code(8)
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def new_tracking_code() -> str:
    """A secret the anonymous reporter keeps to follow their report (shown once)."""
    body = _random_code(12)
    return "-".join(body[i : i + 4] for i in range(0, 12, 4))


def normalise_reference(text: str) -> str:
    """Accept what people type: lower case, spaces, missing dashes."""
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if compact.startswith(PREFIX) and len(compact) == 9:
        return f"{PREFIX}-{compact[1:5]}-{compact[5:]}"
    return (text or "").strip().upper()


def hash_tracking_code(code: str) -> str:
    compact = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hashlib.sha256(compact.encode()).hexdigest()
