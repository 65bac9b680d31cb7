"""Background work for resolving duplicates: a thin wrapper over candidates_find, run for
the analyst who asked (their permissions and partnerships, rebuilt from their account when
the task runs: an account closed or a role removed since finds nothing)."""

from __future__ import annotations

import uuid

from django_tasks import task

from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.intelligence.services import candidates_find


@task()
def find_duplicates(
    *, user_id: str, partnership_id: str | None = None, threshold: float = 0.9
) -> dict:
    """Run candidates_find as the analyst; the result is its counts (FindResult.as_dict)."""
    user = User.objects.filter(pk=user_id).first()
    # They passed two-factor when they asked; the task runs on their behalf.
    actor = actor_for(user, verified=True)
    chosen = uuid.UUID(partnership_id) if partnership_id else None
    return candidates_find(actor, partnership_id=chosen, threshold=threshold).as_dict()
