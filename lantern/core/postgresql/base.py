"""Django's PostgreSQL backend, with a connection health check that costs no round trip
when there is nothing to suspect (ADR 0010).

With ``CONN_HEALTH_CHECKS`` on, Django checks a kept connection before its first use in
each request by sending ``SELECT 1`` and waiting for the answer: one more round trip on
every request, before the request's own first query. A healthy idle connection has
nothing waiting on its socket, while a server that ended the connection (a restart,
``pg_terminate_backend``, ``idle_session_timeout``, a pooler closing it) has sent its
farewell or closed the socket, which makes the socket readable. So this check looks at the
socket first, without waiting: nothing to read means the connection is as it was left;
anything to read (a farewell, a hang-up, or a notice) and Django's ``SELECT 1`` decides.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq

__all__ = ["DatabaseWrapper"]

_READABLE = select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        raw = self.connection
        if raw is None or raw.closed or raw.broken:
            return False
        if raw.info.transaction_status != pq.TransactionStatus.IDLE:
            return bool(super().is_usable())
        poller = select.poll()
        poller.register(raw.fileno(), _READABLE)
        if poller.poll(0):
            return bool(super().is_usable())
        return True
