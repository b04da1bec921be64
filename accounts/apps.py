from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers the token scheme with drf-spectacular (TokenScheme) for the schema.
        from accounts.tokens import authentication  # noqa: F401
