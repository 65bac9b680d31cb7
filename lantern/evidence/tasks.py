"""Background work for evidence: thin wrappers over services."""

import uuid
from datetime import timedelta

from django_tasks import task

from lantern.core.actor import SYSTEM
from lantern.core.periodic import every
from lantern.evidence.expiry import uploads_expire


@every(timedelta(hours=1))
@task()
def expire_uploads() -> int:
    """Delete the partial bytes of abandoned uploads; returns how many went. Each new upload
    enqueues it, and ``lantern scheduler`` hourly, for when no uploads arrive."""
    return uploads_expire(actor=SYSTEM)


@task()
def make_previews(item_id: str) -> bool:
    """Make a stored item's preview (thumbnail or poster frame); True if one now exists."""
    # Imported here: previews load Pillow, which a web process that only enqueues this task
    # never needs (tests/test_web_memory.py).
    from lantern.evidence.previews import previews_make

    return previews_make(actor=SYSTEM, item_id=uuid.UUID(item_id)) is not None


@task()
def make_playable(item_id: str) -> bool:
    """Make a stored recording's playable copy (H.264/AAC MP4); True if one now exists."""
    from lantern.evidence.playable import playable_make  # PyAV, for the worker only

    return playable_make(actor=SYSTEM, item_id=uuid.UUID(item_id)) is not None


@every(timedelta(hours=1))
@task()
def make_missing_playables() -> int:
    """Make the playable copies still missing (items stored before copies were made, or
    whose task was lost), a batch an hour; returns how many were made."""
    from lantern.evidence.playable import playables_catch_up  # PyAV, for the worker only

    return playables_catch_up(actor=SYSTEM)


@task()
def read_metadata(item_id: str) -> bool:
    """Read what a stored original says about itself (codecs, device time, location, make
    and model); True if it is now recorded (read, or found unreadable and flagged)."""
    from lantern.evidence.metadata import metadata_read  # PyAV and Pillow, for the worker only

    return metadata_read(actor=SYSTEM, item_id=uuid.UUID(item_id)) is not None


@every(timedelta(hours=1))
@task()
def read_missing_metadata() -> int:
    """Read the metadata still missing (items stored before it was read, or whose task was
    lost), a batch an hour; returns how many were read."""
    from lantern.evidence.metadata import metadata_catch_up  # PyAV and Pillow, worker only

    return metadata_catch_up(actor=SYSTEM)


@task()
def render_redaction(redaction_id: str) -> bool:
    """Make a redaction's redacted copy; True if it was made."""
    from lantern.evidence.redaction.render import redaction_render  # PyAV, for the worker only

    return redaction_render(actor=SYSTEM, redaction_id=uuid.UUID(redaction_id)) is not None


@task()
def suggest_redaction(redaction_id: str) -> int:
    """Look for faces and number plates to suggest for a redaction; returns how many."""
    from lantern.evidence.redaction.detect import suggestions_make  # OpenCV, for the worker

    return suggestions_make(actor=SYSTEM, redaction_id=uuid.UUID(redaction_id))
