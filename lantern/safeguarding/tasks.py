"""Background work for safeguarding: thin wrappers over services."""

from datetime import timedelta

from django.utils.timezone import localdate
from django_tasks import task

from lantern.core import clock
from lantern.core.actor import SYSTEM
from lantern.core.periodic import every
from lantern.safeguarding.services import ms1_batch_write


@every(timedelta(hours=1))
@task()
def write_ms1_batch() -> int:
    """The daily batch of anonymous MS1s: write those queued on days before today, shuffled
    (enqueued hourly by ``lantern scheduler``; a day's queue is written in the first run
    after it ends, and a second run finds nothing)."""
    return ms1_batch_write(actor=SYSTEM, through=localdate(clock.now()) - timedelta(days=1))
