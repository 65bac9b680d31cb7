"""The "Waiting for you" panel and the daily email of the same list, which each member of
staff can turn off on their notification settings page (an audited choice)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import Actor, Role
from lantern.core.errors import PermissionDenied
from lantern.notifications import services, tasks, waiting
from lantern.notifications.waiting import WaitingItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    """A provider registered as apps register theirs: two items for supervisors."""

    def provider(actor: Actor) -> list[WaitingItem]:
        if not actor.has_role(Role.SUPERVISOR):
            return []
        now = clock.now()
        return [
            WaitingItem("Newer item", "/cases/actions/b/", now - timedelta(hours=1)),
            WaitingItem("Older item", "/cases/actions/a/", now - timedelta(days=2)),
        ]

    waiting.register_provider("test.work", provider)
    yield
    waiting._PROVIDERS.pop("test.work")


@pytest.fixture
def smtp(settings):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"


def test_the_dashboard_lists_what_waits_oldest_first(work, signed_in):
    client = signed_in(Role.SUPERVISOR)
    page = client.get(reverse("frontend:dashboard")).content.decode()
    assert "Waiting for you" in page
    assert page.index("Older item") < page.index("Newer item")
    assert 'href="/cases/actions/a/"' in page
    nothing = signed_in(Role.ANALYST).get(reverse("frontend:dashboard")).content.decode()
    assert "Nothing is waiting for you." in nothing


def test_the_daily_email_lists_the_same_items_to_those_with_work(
    work, smtp, make_user, django_capture_on_commit_callbacks
):
    supervisor = make_user(Role.SUPERVISOR)
    make_user(Role.ANALYST)  # nothing waits: no email
    make_user(Role.RESIDENT)  # residents get no digest
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_waiting_digests.call() == 1
    (sent,) = mail.outbox
    assert sent.to == [supervisor.email]
    assert sent.subject == "2 things wait for you in Lantern"
    assert "* Older item: http://127.0.0.1:8000/cases/actions/a/" in sent.body
    assert "/account/notifications/" in sent.body
    # A second run the same day (a restarted scheduler) sends nothing more.
    assert tasks.send_waiting_digests.call() == 0
    with time_machine.travel(clock.now() + timedelta(days=1)):
        assert tasks.send_waiting_digests.call() == 1


def test_turning_the_daily_email_off_is_audited_and_respected(
    work, smtp, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(Role.SUPERVISOR)
    url = reverse("notifications:settings")
    assert "The daily email is on." in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 200  # no choice: an error, nothing saved
    response = client.post(url, {"digest": "no"})
    assert response.status_code == 302
    assert "The daily email is off." in client.get(url).content.decode()
    event = AuditEvent.objects.get(action=services.DIGEST_PREFERENCE_SET)
    assert json.loads(event.details) == {"digest": False}
    assert event.object_id == str(client.user.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 0
    assert mail.outbox == []

    client.post(url, {"digest": "yes"})
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 1


def test_the_settings_page_is_for_staff(signed_in):
    url = reverse("notifications:settings")
    assert signed_in(Role.RESIDENT).get(url).status_code in (403, 404)


def test_only_staff_may_set_the_preference(make_user):
    with pytest.raises(PermissionDenied, match="only staff"):
        services.digest_preference_set(actor=actor_of(make_user(Role.RESIDENT)), digest=False)
