"""The intelligence API: profiles."""

from __future__ import annotations

from ninja import Router

router = Router()
