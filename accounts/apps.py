from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        # Connects the sign-in receiver that decides what a new session owes (two_factor).
        from . import two_factor  # noqa: F401
