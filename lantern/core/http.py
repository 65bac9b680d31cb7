"""The request as Lantern's views see it: the middleware puts the Actor on it."""

from django.http import HttpRequest

from lantern.core.actor import Actor


class LanternRequest(HttpRequest):
    actor: Actor  # set by lantern.accounts.middleware.StaffTwoFactorMiddleware
    api_actor: Actor  # set by the API's authentication (lantern.core.api)
