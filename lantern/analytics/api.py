"""Analytics in the JSON API."""

from ninja import Router

router = Router(tags=["analytics"])
