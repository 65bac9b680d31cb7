"""Report references and tracking codes that are easy to read out on the phone.

The alphabet leaves out characters that are easily confused when read aloud or written
down: 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V. A reference looks like "R-7K3M-Q9XT".
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
PREFIX = "R"


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def new_tracking_code() -> str:
    """A secret the anonymous reporter keeps to follow their report (shown once)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
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
