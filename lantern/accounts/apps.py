from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lantern.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        # Declares the app's audit actions, registers its object policies, panels and
        # navigation links.
        from lantern.accounts import navigation, panels, processing, selectors, services  # noqa: F401
        from lantern.accounts.services import own_account  # noqa: F401  (its audit actions)
