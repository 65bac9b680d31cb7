from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lantern.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        # Declares the app's audit actions, registers its object policies, panels and
        # navigation links.
        from lantern.accounts import (  # noqa: F401
            navigation,
            panels,
            processing,
            selectors,
            services,
            subject_access,
        )
        from lantern.accounts.services import own_account  # noqa: F401  (its audit actions)
        from lantern.core import directory

        # A subject access request finds a person's account by their email address.
        directory.register_subject_identifier("accounts", subject_access.identify)
        directory.register_subject_finder("accounts", subject_access.find)
