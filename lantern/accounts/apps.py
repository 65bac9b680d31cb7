from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lantern.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        # Declares the app's audit actions and registers its object policies.
        from lantern.accounts import selectors, services  # noqa: F401
