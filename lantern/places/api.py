"""Places and cameras in the JSON API."""

from ninja import Router

router = Router(tags=["places"])
