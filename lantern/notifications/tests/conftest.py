from __future__ import annotations

import uuid

import pytest

from lantern.notifications.tests import fake_notify

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
TEMPLATES = {
    "report_received": str(uuid.uuid4()),
    "report_updated": str(uuid.uuid4()),
    "report_updated_sms": str(uuid.uuid4()),
    "approval_waiting": str(uuid.uuid4()),
}


@pytest.fixture
def notify_api(settings):
    """GOV.UK Notify faked on a local port, and Lantern set to use it."""
    fake, server = fake_notify.start()
    settings.LANTERN_NOTIFICATIONS_BACKEND = "notify"
    settings.LANTERN_NOTIFY_BASE_URL = fake.url
    settings.LANTERN_NOTIFY_API_KEY = f"lantern_test-{SERVICE_ID}-{SECRET}"
    settings.LANTERN_NOTIFY_TEMPLATES = TEMPLATES
    yield fake
    server.shutdown()
    server.server_close()
