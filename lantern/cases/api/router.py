"""The cases app's one router (STYLE.md habit 5); its endpoints register on it from the
modules beside this one, by sub-domain."""

from ninja import Router

from lantern.core.api import FieldErrorsOut, RefusalOut

router = Router(tags=["cases"])

# A rule's refusal is an answer: 422 with {"rule", "message", "source"} (config/api.py).
Refused = RefusalOut | FieldErrorsOut
