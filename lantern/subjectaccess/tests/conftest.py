from __future__ import annotations

from io import StringIO

import pytest

from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.core.actor import Actor, Role


@pytest.fixture
def demo(db):
    """The demo (accounts, cases, safeguarding): the woman on Larkspur Row, Mara, is on the
    place case as a potential victim, screened and referred."""
    from lantern.accounts import demo as accounts_demo
    from lantern.cases import demo as cases_demo
    from lantern.safeguarding import demo as safeguarding_demo

    for app in (accounts_demo, cases_demo, safeguarding_demo):
        app.seed(out=StringIO())
    return accounts_demo


def demo_actor(role: Role) -> Actor:
    from lantern.accounts.demo import demo_email

    return actor_for(User.objects.get(email=demo_email(role)), verified=True)


@pytest.fixture
def dpo(demo) -> Actor:
    return demo_actor(Role.DATA_PROTECTION_OFFICER)
